import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { ACTION_TOKEN_PREFIX, type ActionTokenStore } from '../../core/surface/action-tokens.ts';
import type { Tx } from '../database.ts';
import { actionTokens } from '../schema/index.ts';

/** 128 random bits, base64url: `sa1.` + 22 characters, far under every platform's limit. */
const newToken = () => `${ACTION_TOKEN_PREFIX}${randomBytes(16).toString('base64url')}`;

/** Stored actions behind button tokens, in one tenant's transaction (forced RLS). */
export function actionTokenStore(tx: Tx, tenantId: string): ActionTokenStore {
  return {
    async mint(grants) {
      if (grants.length === 0) return [];
      const rows = grants.map((grant) => ({
        token: newToken(),
        tenantId,
        command: grant.invoke.command,
        input: { ...grant.invoke.input },
        forUserId: grant.forUserId ?? null,
        isSingleUse: grant.isSingleUse,
        expiresAt: new Date(grant.expiresAtMs),
      }));
      await tx.insert(actionTokens).values(rows);
      return rows.map((row) => row.token);
    },
    async peek(token, presserUserId, nowMs) {
      const [row] = await tx.select().from(actionTokens).where(eq(actionTokens.token, token));
      if (!row) return { ok: false, reason: 'unknown' };
      if (row.forUserId !== null && row.forUserId !== presserUserId)
        return { ok: false, reason: 'not_for_you' };
      if (row.isSingleUse && row.usedAt !== null) return { ok: false, reason: 'used' };
      if (row.expiresAt.getTime() <= nowMs) return { ok: false, reason: 'expired' };
      return { ok: true, invoke: { command: row.command, input: row.input }, isSingleUse: row.isSingleUse };
    },
    async consume(token, nowMs) {
      const used = await tx
        .update(actionTokens)
        .set({ usedAt: new Date(nowMs) })
        .where(and(eq(actionTokens.token, token), isNull(actionTokens.usedAt)))
        .returning({ token: actionTokens.token });
      return used.length > 0;
    },
  };
}

import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { ACTION_TOKEN_PREFIX, type ActionTokenStore } from '../../core/surface/action-tokens.ts';
import type { Tx } from '../database.ts';
import { actionTokens } from '../schema/index.ts';

/** 128 random bits each, base64url: `sa1.` + 22 characters, far under every platform's limit. */
function newTokens(count: number): string[] {
  const random = randomBytes(16 * count);
  return Array.from(
    { length: count },
    (_, i) => `${ACTION_TOKEN_PREFIX}${random.subarray(16 * i, 16 * i + 16).toString('base64url')}`,
  );
}

/** Stored actions behind button tokens, in one tenant's transaction (forced RLS). */
export function actionTokenStore(tx: Tx, tenantId: string): ActionTokenStore {
  return {
    async mint(grants) {
      if (grants.length === 0) return [];
      const tokens = newTokens(grants.length);
      const rows = grants.map((grant, i) => ({
        token: tokens[i],
        command: grant.invoke.command,
        input: grant.invoke.input,
        for_user_id: grant.forUserId ?? null,
        is_single_use: grant.isSingleUse,
        expires_at: new Date(grant.expiresAtMs).toISOString(),
      }));
      // The rows as one JSON parameter: a /pair answer mints dozens of buttons, and an insert with a
      // parameter per column and row cost more to build and send than the rest of the answer.
      await tx.execute(sql`
        insert into ${actionTokens} (token, tenant_id, command, input, for_user_id, is_single_use, expires_at)
        select token, ${tenantId}::uuid, command, input, for_user_id, is_single_use, expires_at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as row (
          token text, command text, input jsonb, for_user_id uuid, is_single_use boolean, expires_at timestamptz
        )`);
      return tokens;
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

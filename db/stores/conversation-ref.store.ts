import { and, eq } from 'drizzle-orm';
import { AppError } from '../../core/shared/app-error.ts';
import {
  type ConversationRefStore,
  MAX_REFERENCE_BYTES,
  type StoredConversationRef,
} from '../../core/surface/conversation-refs.ts';
import type { Database } from '../database.ts';
import { conversationRefs } from '../schema/index.ts';

type Row = typeof conversationRefs.$inferSelect;

const toRef = (row: Row): StoredConversationRef => ({
  tenantId: row.tenantId,
  userId: row.userId,
  platform: row.platform,
  workspaceId: row.workspaceId,
  reference: row.reference,
  isReachable: row.isReachable,
  unreachableReason: row.unreachableReason,
});

/** Conversation references on the database: every call in its tenant's transaction, under forced RLS. */
export function databaseConversationRefStore(database: Database): ConversationRefStore {
  return {
    async save(ref) {
      if (Buffer.byteLength(JSON.stringify(ref.reference)) > MAX_REFERENCE_BYTES) {
        throw new AppError('surfaces.reference_too_large', 'conversation reference: over 8 KB');
      }
      const values = {
        tenantId: ref.tenantId,
        userId: ref.userId,
        platform: ref.platform,
        workspaceId: ref.workspaceId,
        reference: { ...ref.reference },
        isReachable: true,
        unreachableReason: null,
        updatedAt: new Date(),
      };
      await database.withTenant(ref.tenantId, (tx) =>
        tx
          .insert(conversationRefs)
          .values(values)
          .onConflictDoUpdate({
            target: [conversationRefs.tenantId, conversationRefs.userId, conversationRefs.platform],
            set: values,
          }),
      );
    },
    async find(tenantId, userId, platform) {
      const [row] = await database.withTenant(tenantId, (tx) =>
        tx
          .select()
          .from(conversationRefs)
          .where(and(eq(conversationRefs.userId, userId), eq(conversationRefs.platform, platform))),
      );
      return row ? toRef(row) : undefined;
    },
    async markUnreachable(tenantId, userId, platform, reason) {
      await database.withTenant(tenantId, (tx) =>
        tx
          .update(conversationRefs)
          .set({ isReachable: false, unreachableReason: reason.slice(0, 200), updatedAt: new Date() })
          .where(and(eq(conversationRefs.userId, userId), eq(conversationRefs.platform, platform))),
      );
    },
    async listReachable(tenantId, platform) {
      const rows = await database.withTenant(tenantId, (tx) =>
        tx
          .select()
          .from(conversationRefs)
          .where(and(eq(conversationRefs.platform, platform), eq(conversationRefs.isReachable, true))),
      );
      return rows.map(toRef);
    },
  };
}

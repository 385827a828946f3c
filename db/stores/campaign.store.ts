import { asc, count, desc, eq, sql } from 'drizzle-orm';
import type { CampaignRecord, CampaignStore, DraftRecord } from '../../core/sessions/campaign.store.ts';
import type { Tx } from '../database.ts';
import { campaignDrafts, campaigns } from '../schema/index.ts';

type CampaignRow = typeof campaigns.$inferSelect;
type DraftRow = typeof campaignDrafts.$inferSelect;

const toCampaign = (row: CampaignRow): CampaignRecord => ({
  id: row.id,
  brief: row.brief,
  state: row.state,
  createdAtMs: row.createdAt.getTime(),
});
const toDraft = (row: DraftRow): DraftRecord => ({
  id: row.id,
  campaignId: row.campaignId,
  title: row.title,
  startsAtMs: row.startsAt.getTime(),
  endsAtMs: row.endsAt.getTime(),
  roomId: row.roomId,
  participantUserIds: row.participantUserIds,
  sessionId: row.sessionId,
});

export function campaignStore(tx: Tx, tenantId: string): CampaignStore {
  return {
    async create(input) {
      const [row] = await tx
        .insert(campaigns)
        .values({ tenantId, brief: input.brief, createdByUserId: input.createdByUserId })
        .returning();
      return toCampaign(row!);
    },
    async findByPrefix(prefix, options = {}) {
      let query = tx
        .select()
        .from(campaigns)
        .where(sql`${campaigns.id}::text like ${`${prefix.toLowerCase()}%`}`)
        .limit(2)
        .$dynamic();
      if (options.forUpdate) query = query.for('update');
      return (await query).map(toCampaign);
    },
    async list(query) {
      const rows = await tx
        .select({ campaign: campaigns, draftCount: count(campaignDrafts.id) })
        .from(campaigns)
        .leftJoin(campaignDrafts, eq(campaignDrafts.campaignId, campaigns.id))
        .groupBy(campaigns.tenantId, campaigns.id)
        .orderBy(desc(campaigns.createdAt))
        .limit(query.limit);
      return rows.map((row) => ({ ...toCampaign(row.campaign), draftCount: row.draftCount }));
    },
    async drafts(campaignId) {
      const rows = await tx
        .select()
        .from(campaignDrafts)
        .where(eq(campaignDrafts.campaignId, campaignId))
        .orderBy(asc(campaignDrafts.startsAt), asc(campaignDrafts.id));
      return rows.map(toDraft);
    },
    async addDraft(draft) {
      const [row] = await tx
        .insert(campaignDrafts)
        .values({
          tenantId,
          campaignId: draft.campaignId,
          title: draft.title,
          startsAt: new Date(draft.startsAtMs),
          endsAt: new Date(draft.endsAtMs),
          roomId: draft.roomId,
          participantUserIds: draft.participantUserIds,
        })
        .returning();
      return toDraft(row!);
    },
    async updateDraft(id, patch) {
      await tx
        .update(campaignDrafts)
        .set({
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.startsAtMs !== undefined ? { startsAt: new Date(patch.startsAtMs) } : {}),
          ...(patch.endsAtMs !== undefined ? { endsAt: new Date(patch.endsAtMs) } : {}),
          ...(patch.roomId !== undefined ? { roomId: patch.roomId } : {}),
          ...(patch.participantUserIds !== undefined ? { participantUserIds: patch.participantUserIds } : {}),
        })
        .where(eq(campaignDrafts.id, id));
    },
    async removeDraft(id) {
      await tx.delete(campaignDrafts).where(eq(campaignDrafts.id, id));
    },
    async linkDraft(draftId, sessionId) {
      await tx.update(campaignDrafts).set({ sessionId }).where(eq(campaignDrafts.id, draftId));
    },
    async setState(campaignId, state, atMs) {
      await tx
        .update(campaigns)
        .set({ state, ...(state === 'confirmed' ? { confirmedAt: new Date(atMs) } : {}) })
        .where(eq(campaigns.id, campaignId));
    },
  };
}

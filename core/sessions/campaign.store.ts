/** A campaign: one brief, several draft sessions reviewed together and confirmed all or none. */
export interface CampaignRecord {
  id: string;
  brief: string;
  state: 'draft' | 'confirmed' | 'discarded';
  createdAtMs: number;
}

export interface DraftRecord {
  id: string;
  campaignId: string;
  title: string;
  startsAtMs: number;
  endsAtMs: number;
  roomId: string | null;
  participantUserIds: string[];
  sessionId: string | null;
}

/** Campaigns and their drafts, in the command's transaction. */
export interface CampaignStore {
  create(input: { brief: string; createdByUserId: string }): Promise<CampaignRecord>;
  /** Up to two campaigns whose id starts with `prefix`. */
  findByPrefix(prefix: string, options?: { forUpdate?: boolean }): Promise<CampaignRecord[]>;
  list(query: { limit: number }): Promise<Array<CampaignRecord & { draftCount: number }>>;
  drafts(campaignId: string): Promise<DraftRecord[]>;
  addDraft(draft: Omit<DraftRecord, 'id' | 'sessionId'>): Promise<DraftRecord>;
  updateDraft(
    id: string,
    patch: Partial<Pick<DraftRecord, 'title' | 'startsAtMs' | 'endsAtMs' | 'roomId' | 'participantUserIds'>>,
  ): Promise<void>;
  removeDraft(id: string): Promise<void>;
  linkDraft(draftId: string, sessionId: string): Promise<void>;
  setState(campaignId: string, state: CampaignRecord['state'], atMs: number): Promise<void>;
}

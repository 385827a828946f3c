import type { DomainEvent } from '../events/domain-event.ts';
import type { TenantStores } from '../ports/tenant-stores.ts';
import { AppError, isAppError } from '../shared/app-error.ts';
import type { CampaignRecord, DraftRecord } from './campaign.store.ts';
import { type CampaignBusy, type CampaignPlan, planCampaignPromotion } from './campaign.ts';
import { roomById } from './room-ref.ts';
import type { SessionView } from './session.store.ts';
import type { Interval, SessionLocation } from './session.types.ts';
import { expireStaleHolds, proposeNow, type SessionWork } from './session-workflow.ts';

/** A campaign as publishers review it: its drafts, whether all could become sessions now, and names. */
export interface CampaignReview {
  campaign: CampaignRecord;
  shortId: string;
  drafts: Array<DraftRecord & { shortId: string; roomLabel: string | null; participantLabels: string[] }>;
  plan: CampaignPlan;
  /** Names for the user and room ids in `plan`. */
  labels: Readonly<Record<string, string>>;
}

type CampaignStores = Pick<TenantStores, 'campaigns' | 'sessions' | 'rooms'>;

/** One campaign by id or unique prefix. */
export async function findCampaign(
  stores: Pick<TenantStores, 'campaigns'>,
  ref: string,
  options: { forUpdate?: boolean } = {},
): Promise<CampaignRecord> {
  const found = await stores.campaigns.findByPrefix(ref, options);
  if (found.length === 0) throw new AppError('sessions.not_found', `No campaign ${ref}`);
  if (found.length > 1)
    throw new AppError('sessions.ambiguous_ref', `More than one campaign starts with ${ref}`);
  return found[0]!;
}

/** A draft of this campaign by id prefix (as `/campaign review` shows them). */
export function findDraft(review: CampaignReview, ref: string): DraftRecord {
  const matches = review.drafts.filter((draft) => draft.id.startsWith(ref.toLowerCase()));
  if (matches.length === 0)
    throw new AppError('sessions.not_found', `Campaign ${review.shortId} has no draft ${ref}`);
  if (matches.length > 1)
    throw new AppError('sessions.ambiguous_ref', `More than one draft starts with ${ref}`);
  return matches[0]!;
}

export function requireOpen(campaign: CampaignRecord): void {
  if (campaign.state !== 'draft') {
    throw new AppError(
      'sessions.campaign_closed',
      `Campaign ${campaign.id.slice(0, 8)} is ${campaign.state}; start a new one.`,
    );
  }
}

/** The campaign, its drafts, and whether they could all become sessions now (against current busy time). */
export async function reviewCampaign(
  stores: CampaignStores,
  campaign: CampaignRecord,
  nowMs: number,
): Promise<CampaignReview> {
  const drafts = await stores.campaigns.drafts(campaign.id);
  const userIds = [...new Set(drafts.flatMap((d) => d.participantUserIds))];
  const roomIds = [...new Set(drafts.flatMap((d) => (d.roomId ? [d.roomId] : [])))];
  const people = await stores.sessions.participants(userIds);
  const labels: Record<string, string> = {
    ...Object.fromEntries(people.map((p) => [p.userId, p.displayName])),
    ...Object.fromEntries(await stores.rooms.labels(roomIds)),
  };
  const busy: CampaignBusy = { byUser: new Map(), byRoom: new Map() };
  if (drafts.length > 0) {
    const window: Interval = {
      startMs: Math.min(...drafts.map((d) => d.startsAtMs), nowMs),
      endMs: Math.max(...drafts.map((d) => d.endsAtMs), nowMs),
    };
    const forPeople = await stores.sessions.busy({ userIds, roomId: null, window, nowMs });
    for (const p of forPeople.participants)
      (busy.byUser as Map<string, Interval[]>).set(p.userId, [...p.busy]);
    for (const roomId of roomIds) {
      const forRoom = await stores.sessions.busy({ userIds: [], roomId, window, nowMs });
      (busy.byRoom as Map<string, Interval[]>).set(roomId, [...(forRoom.room?.busy ?? [])]);
    }
  }
  const plan = planCampaignPromotion({
    drafts: drafts.map((d) => ({
      draftId: d.id,
      startMs: d.startsAtMs,
      endMs: d.endsAtMs,
      participantUserIds: d.participantUserIds,
      roomId: d.roomId,
    })),
    busy,
    nowMs,
  });
  return {
    campaign,
    shortId: campaign.id.slice(0, 8),
    labels,
    plan,
    drafts: drafts.map((d) => ({
      ...d,
      shortId: d.id.slice(0, 8),
      roomLabel: d.roomId ? (labels[d.roomId] ?? null) : null,
      participantLabels: d.participantUserIds.map((id) => labels[id] ?? id),
    })),
  };
}

export interface CampaignConfirmation {
  review: CampaignReview;
  sessions: SessionView[];
  events: DomainEvent[];
}

/**
 * All or nothing: proposes every draft (each as `/session propose` would: held, audited, the same
 * events, so participants get their DMs and invites), or changes nothing and reports why. A booking
 * lost to a concurrent one undoes every draft's session and reports the fresh picture.
 */
export async function confirmCampaign(
  work: SessionWork & { stores: CampaignStores & SessionWork['stores'] },
  tenantId: string,
  campaign: CampaignRecord,
): Promise<CampaignConfirmation> {
  requireOpen(campaign);
  const { stores, nowMs } = work;
  for (const draft of await stores.campaigns.drafts(campaign.id)) {
    const window = { startMs: draft.startsAtMs, endMs: draft.endsAtMs };
    await expireStaleHolds(work, { userIds: draft.participantUserIds, roomId: draft.roomId, window });
  }
  const review = await reviewCampaign(stores, campaign, nowMs);
  if (!review.plan.canPromoteAll || review.drafts.length === 0) return { review, sessions: [], events: [] };
  try {
    const outcomes = await stores.savepoint(async () => {
      const done = [];
      for (const draft of review.drafts) {
        const room = draft.roomId ? await roomById(stores.rooms, draft.roomId) : undefined;
        const location: SessionLocation = room?.location ?? { kind: 'tbd' };
        const outcome = await proposeNow(work, tenantId, {
          title: draft.title,
          startsAtMs: draft.startsAtMs,
          endsAtMs: draft.endsAtMs,
          location,
          roomLabel: room?.label ?? null,
          participants: await stores.sessions.participants(draft.participantUserIds),
          campaignId: campaign.id,
        });
        await stores.campaigns.linkDraft(draft.id, outcome.view.session.id);
        done.push(outcome);
      }
      await stores.campaigns.setState(campaign.id, 'confirmed', nowMs);
      return done;
    });
    return {
      review: { ...review, campaign: { ...campaign, state: 'confirmed' } },
      sessions: outcomes.map((outcome) => outcome.view),
      events: outcomes.flatMap((outcome) => outcome.events),
    };
  } catch (error) {
    if (!isAppError(error) || error.code !== 'sessions.time_taken') throw error;
    return { review: await reviewCampaign(stores, campaign, nowMs), sessions: [], events: [] };
  }
}

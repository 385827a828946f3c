import type { DomainEvent } from '../events/domain-event.ts';
import type { TenantStores } from '../ports/tenant-stores.ts';
import { AppError, isAppError } from '../shared/app-error.ts';
import type { CampaignRecord, DraftRecord } from './campaign.store.ts';
import { type CampaignBusy, type CampaignPlan, planCampaignPromotion } from './campaign.ts';
import { roomById } from './room-ref.ts';
import type { SessionView } from './session.store.ts';
import type { Interval, SessionLocation } from './session.types.ts';
import { type Confirmation, checkAvailability, type NotFree } from './session-checks.ts';
import { expireStaleHolds, proposeNow, type SessionWork } from './session-workflow.ts';

/** A campaign as publishers review it: its drafts, whether all could become sessions now, and names. */
export interface CampaignReview {
  campaign: CampaignRecord;
  shortId: string;
  drafts: Array<DraftRecord & { shortId: string; roomLabel: string | null; participantLabels: string[] }>;
  plan: CampaignPlan;
  /** Names for the user and room ids in `plan`. */
  labels: Readonly<Record<string, string>>;
  /** Per draft id: who is not free then by what they stated, and do-not-pair pairs among its people. */
  warnings: Readonly<Record<string, DraftWarnings>>;
}

export interface DraftWarnings {
  notFree: NotFree[];
  doNotPair: [string, string][];
}

type CampaignStores = Pick<TenantStores, 'campaigns' | 'sessions' | 'rooms' | 'availability' | 'doNotPair'>;

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
  const warnings: Record<string, DraftWarnings> = {};
  for (const draft of drafts) {
    const check = await checkAvailability(
      stores,
      draft.participantUserIds.map((userId) => ({ userId, displayName: labels[userId] ?? userId })),
      { startMs: draft.startsAtMs, endMs: draft.endsAtMs },
      0,
      nowMs,
    );
    const pairs = (await stores.doNotPair.anyBetween(check.creatorIds)).map((rule) => rule.handles);
    if (check.notFree.length > 0 || pairs.length > 0)
      warnings[draft.id] = { notFree: check.notFree, doNotPair: pairs };
  }
  return {
    campaign,
    shortId: campaign.id.slice(0, 8),
    labels,
    plan,
    warnings,
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
  /** Nothing was booked until these warnings are confirmed (drafts outside availability, do-not-pair). */
  needs?: Confirmation[];
}

/** What confirming this review needs confirmed first; a do-not-pair draft is for admins only. */
export function confirmationsNeeded(review: CampaignReview, actor: { role: string }): Confirmation[] {
  const all = Object.values(review.warnings);
  if (all.some((w) => w.doNotPair.length > 0) && actor.role !== 'tenant_admin') {
    const pairs = all.flatMap((w) => w.doNotPair).map(([a, b]) => `@${a} and @${b}`);
    throw new AppError(
      'sessions.do_not_pair',
      `${[...new Set(pairs)].join('; ')} are on the do-not-pair list: only an admin can confirm this campaign. Remove or change those drafts.`,
    );
  }
  return [
    ...(all.some((w) => w.notFree.length > 0) ? (['outside_availability'] as const) : []),
    ...(all.some((w) => w.doNotPair.length > 0) ? (['do_not_pair'] as const) : []),
  ];
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
  confirmed: readonly Confirmation[] = [],
): Promise<CampaignConfirmation> {
  requireOpen(campaign);
  const { stores, nowMs } = work;
  for (const draft of await stores.campaigns.drafts(campaign.id)) {
    const window = { startMs: draft.startsAtMs, endMs: draft.endsAtMs };
    await expireStaleHolds(work, { userIds: draft.participantUserIds, roomId: draft.roomId, window });
  }
  const review = await reviewCampaign(stores, campaign, nowMs);
  if (!review.plan.canPromoteAll || review.drafts.length === 0) return { review, sessions: [], events: [] };
  const needs = confirmationsNeeded(review, work.actor).filter((need) => !confirmed.includes(need));
  if (needs.length > 0) return { review, sessions: [], events: [], needs };
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

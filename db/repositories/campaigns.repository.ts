import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../core/commands/command.ts';
import type { CampaignReview, CampaignService, SessionView } from '../../core/commands/session.services.ts';
import {
  type CampaignBusy,
  type Interval,
  planCampaignPromotion,
  transition,
} from '../../core/sessions/index.ts';
import { AppError } from '../../core/shared/app-error.ts';
import { type Clock, systemClock } from '../../core/shared/clock.ts';
import { PUBLISHER_ROLES } from '../../core/tenancy/roles.ts';
import type { Database, Tx } from '../database.ts';
import { campaignDrafts, campaigns, creators, studioRooms, studios, users } from '../schema/index.ts';
import { recordAudit } from './audit.repository.ts';
import { resolveRoom, roomLabels } from './rooms.repository.ts';
import { isExclusionViolation, loadBusy } from './session-bookings.ts';
import { storeTransition } from './session-store.ts';
import {
  applySessionEvent,
  expireStaleHolds,
  loadTenantSettings,
  reloadSession,
  resolveParticipants,
  suggestedSession,
  systemActor,
} from './sessions.repository.ts';

function requirePublisher(actor: Actor): void {
  if (!PUBLISHER_ROLES.includes(actor.role)) {
    throw new AppError('sessions.forbidden', 'Campaigns are for publisher staff.');
  }
}

async function findCampaign(tx: Tx, ref: string, forUpdate = false) {
  const prefix = ref.trim().toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(prefix)) {
    throw new AppError('sessions.bad_ref', `"${ref}" is not a campaign id (like 1a2b3c4d)`);
  }
  let query = tx
    .select()
    .from(campaigns)
    .where(sql`${campaigns.id}::text like ${`${prefix}%`}`)
    .limit(2)
    .$dynamic();
  if (forUpdate) query = query.for('update');
  const rows = await query;
  if (rows.length === 0) throw new AppError('sessions.not_found', `No campaign ${ref}`);
  if (rows.length > 1)
    throw new AppError('sessions.ambiguous_ref', `More than one campaign starts with ${ref}`);
  return rows[0]!;
}

/** The campaign, its drafts, and whether they could all become sessions now (busy time from the database). */
async function reviewCampaign(
  tx: Tx,
  ref: string,
  nowMs: number,
  forUpdate = false,
): Promise<CampaignReview> {
  const campaign = await findCampaign(tx, ref, forUpdate);
  const drafts = await tx
    .select()
    .from(campaignDrafts)
    .where(eq(campaignDrafts.campaignId, campaign.id))
    .orderBy(asc(campaignDrafts.startsAt));
  const userIds = [...new Set(drafts.flatMap((d) => d.participantUserIds))];
  const roomIds = [...new Set(drafts.flatMap((d) => (d.roomId ? [d.roomId] : [])))];
  const people =
    userIds.length === 0
      ? []
      : await tx
          .select({ id: users.id, name: users.displayName, creatorName: creators.displayName })
          .from(users)
          .leftJoin(creators, eq(creators.userId, users.id))
          .where(inArray(users.id, userIds));
  const labels: Record<string, string> = {
    ...Object.fromEntries(people.map((p) => [p.id, p.creatorName ?? p.name])),
    ...Object.fromEntries(await roomLabels(tx, roomIds)),
  };
  const draftIntervals = drafts.map((d) => ({ startMs: d.startsAt.getTime(), endMs: d.endsAt.getTime() }));
  const window: Interval = {
    startMs: Math.min(...draftIntervals.map((d) => d.startMs), nowMs),
    endMs: Math.max(...draftIntervals.map((d) => d.endMs), nowMs),
  };
  const busy: CampaignBusy = { byUser: new Map(), byRoom: new Map() };
  if (drafts.length > 0) {
    const forPeople = await loadBusy(tx, { userIds, roomId: null, window, nowMs });
    for (const p of forPeople.participants)
      (busy.byUser as Map<string, Interval[]>).set(p.userId, [...p.busy]);
    for (const roomId of roomIds) {
      const forRoom = await loadBusy(tx, { userIds: [], roomId, window, nowMs });
      (busy.byRoom as Map<string, Interval[]>).set(roomId, [...(forRoom.room?.busy ?? [])]);
    }
  }
  const plan = planCampaignPromotion({
    drafts: drafts.map((d) => ({
      draftId: d.id,
      startMs: d.startsAt.getTime(),
      endMs: d.endsAt.getTime(),
      participantUserIds: d.participantUserIds,
      roomId: d.roomId,
    })),
    busy,
    nowMs,
  });
  return {
    id: campaign.id,
    shortId: campaign.id.slice(0, 8),
    brief: campaign.brief,
    state: campaign.state,
    labels,
    plan,
    drafts: drafts.map((d) => ({
      draftId: d.id,
      shortId: d.id.slice(0, 8),
      title: d.title,
      startsAtMs: d.startsAt.getTime(),
      endsAtMs: d.endsAt.getTime(),
      roomLabel: d.roomId ? (labels[d.roomId] ?? null) : null,
      participantLabels: d.participantUserIds.map((id) => labels[id] ?? id),
    })),
  };
}

/** Campaigns: a publisher drafts several sessions for one brief, reviews them, confirms all or none. */
export function campaignService(
  database: Database,
  tenantId: string,
  clock: Clock = systemClock,
): CampaignService {
  return {
    async create(actor, brief) {
      requirePublisher(actor);
      return database.withTenant(tenantId, async (tx) => {
        const [row] = await tx
          .insert(campaigns)
          .values({ tenantId, brief, createdByUserId: actor.userId })
          .returning({ id: campaigns.id });
        await recordAudit(tx, {
          tenantId,
          actorUserId: actor.userId,
          actorLabel: actor.displayName,
          action: 'campaign.created',
          entity: 'campaign',
          entityId: row!.id,
          newValues: { brief },
        });
        return reviewCampaign(tx, row!.id, clock.nowMs());
      });
    },
    async addDraft(actor, ref, input) {
      requirePublisher(actor);
      return database.withTenant(tenantId, async (tx) => {
        const campaign = await findCampaign(tx, ref, true);
        if (campaign.state !== 'draft') {
          throw new AppError(
            'sessions.campaign_closed',
            `Campaign ${ref} is ${campaign.state}; start a new one.`,
          );
        }
        const participants = await resolveParticipants(tx, input.handles);
        const room = input.room ? await resolveRoom(tx, input.room) : null;
        const names = participants.map((p) => p.displayName.split(' ')[0]);
        await tx.insert(campaignDrafts).values({
          tenantId,
          campaignId: campaign.id,
          title: input.title?.trim() || `Co-write: ${names.join(' & ')}`,
          startsAt: new Date(input.startsAtMs),
          endsAt: new Date(input.endsAtMs),
          roomId: room?.room.id ?? null,
          participantUserIds: participants.map((p) => p.userId),
        });
        return reviewCampaign(tx, campaign.id, clock.nowMs());
      });
    },
    async review(actor, ref) {
      requirePublisher(actor);
      return database.withTenant(tenantId, (tx) => reviewCampaign(tx, ref, clock.nowMs()));
    },
    async confirm(actor, ref) {
      requirePublisher(actor);
      try {
        return await database.withTenant(tenantId, (tx) => promoteAll(tx, actor, ref, clock.nowMs()));
      } catch (error) {
        if (!isExclusionViolation(error)) throw error;
        // Someone booked the same time meanwhile: nothing was promoted; report the fresh picture.
        const review = await database.withTenant(tenantId, (tx) => reviewCampaign(tx, ref, clock.nowMs()));
        return { review, sessions: [] };
      }
    },
  };
}

async function promoteAll(tx: Tx, actor: Actor, ref: string, nowMs: number) {
  const { policy } = await loadTenantSettings(tx);
  const campaign = await findCampaign(tx, ref, true);
  if (campaign.state !== 'draft') {
    throw new AppError('sessions.campaign_closed', `Campaign ${ref} is already ${campaign.state}.`);
  }
  const drafts = await tx.select().from(campaignDrafts).where(eq(campaignDrafts.campaignId, campaign.id));
  for (const draft of drafts) {
    const window = { startMs: draft.startsAt.getTime(), endMs: draft.endsAt.getTime() };
    await expireStaleHolds(
      tx,
      { userIds: draft.participantUserIds, roomId: draft.roomId, window },
      { nowMs, policy },
    );
  }
  const review = await reviewCampaign(tx, campaign.id, nowMs);
  if (!review.plan.canPromoteAll) return { review, sessions: [] };
  const context = {
    actor: { userId: actor.userId, role: actor.role, label: actor.displayName },
    nowMs,
    policy,
  };
  const created: SessionView[] = [];
  for (const draft of drafts) {
    const participants = await participantsByUserId(tx, draft.participantUserIds);
    const room = draft.roomId ? await roomRefOf(tx, draft.roomId) : null;
    const proposal = transition(
      suggestedSession({
        tenantId: campaign.tenantId,
        title: draft.title,
        startsAtMs: draft.startsAt.getTime(),
        endsAtMs: draft.endsAt.getTime(),
        location: room?.location ?? { kind: 'tbd' },
        participants,
        createdByUserId: actor.userId,
        campaignId: campaign.id,
      }),
      { type: 'propose' },
      context,
    );
    if (!proposal.ok) throw proposal.error;
    let stored = await storeTransition(tx, null, proposal, {
      actor: context.actor,
      actorLabel: actor.displayName,
      roomId: draft.roomId,
    });
    if (stored.session.state === 'accepted' && policy.scheduleConfirmation === 'automatic') {
      stored = await applySessionEvent(tx, stored, { type: 'schedule' }, { ...context, actor: systemActor });
    }
    await tx
      .update(campaignDrafts)
      .set({ sessionId: stored.session.id })
      .where(eq(campaignDrafts.id, draft.id));
    created.push(await reloadSession(tx, stored.session.id));
  }
  await tx
    .update(campaigns)
    .set({ state: 'confirmed', confirmedAt: new Date(nowMs) })
    .where(eq(campaigns.id, campaign.id));
  await recordAudit(tx, {
    tenantId: campaign.tenantId,
    actorUserId: actor.userId,
    actorLabel: actor.displayName,
    action: 'campaign.confirmed',
    entity: 'campaign',
    entityId: campaign.id,
    oldValues: { state: 'draft' },
    newValues: { state: 'confirmed', sessionIds: created.map((v) => v.session.id) },
  });
  return { review: { ...review, state: 'confirmed' as const }, sessions: created };
}

async function participantsByUserId(tx: Tx, userIds: readonly string[]) {
  const rows = await tx
    .select({
      userId: users.id,
      userName: users.displayName,
      email: users.email,
      creatorName: creators.displayName,
    })
    .from(users)
    .leftJoin(creators, eq(creators.userId, users.id))
    .where(inArray(users.id, [...userIds]));
  return rows.map((row) => ({
    userId: row.userId,
    displayName: row.creatorName ?? row.userName,
    email: row.email,
    isRequired: true,
    state: 'invited' as const,
    respondedAtMs: null,
  }));
}

async function roomRefOf(tx: Tx, roomId: string) {
  const [row] = await tx
    .select({ studio: studios.name, name: studioRooms.name })
    .from(studioRooms)
    .innerJoin(studios, eq(studios.id, studioRooms.studioId))
    .where(eq(studioRooms.id, roomId));
  return row ? resolveRoom(tx, `${row.studio}/${row.name}`) : null;
}

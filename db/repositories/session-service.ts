import { and, eq, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../core/commands/command.ts';
import type {
  ProposeSessionInput,
  SessionService,
  SessionView,
} from '../../core/commands/session.services.ts';
import {
  nextAutomaticEvent,
  parseSessionPolicy,
  type Session,
  type SessionEvent,
  transition,
} from '../../core/sessions/index.ts';
import { AppError } from '../../core/shared/app-error.ts';
import { type Clock, systemClock } from '../../core/shared/clock.ts';
import type { Database, Tx } from '../database.ts';
import { sessionParticipants, sessions, tenants } from '../schema/index.ts';
import { recordAudit } from './audit.repository.ts';
import { resolveRoom } from './rooms.repository.ts';
import { isExclusionViolation } from './session-bookings.ts';
import { recordFeedback } from './session-feedback.repository.ts';
import {
  defaultInviteSettings,
  emailInviteIfChanged,
  type InviteSettings,
  inviteFile,
} from './session-invites.ts';
import { findSession, loadSessions, storeTransition } from './session-store.ts';
import {
  applySessionEvent,
  expireStaleHolds,
  findTimeConflict,
  labelsFor,
  loadTenantSettings,
  reloadSession,
  resolveParticipants,
  type SessionActor,
  suggestedSession,
  systemActor,
} from './sessions.repository.ts';

export interface SessionServiceOptions {
  clock?: Clock;
  invites?: InviteSettings;
}

const toSessionActor = (actor: Actor): SessionActor => ({
  userId: actor.userId,
  role: actor.role,
  label: actor.displayName,
});

type Change = { before: SessionView | null; after: SessionView };

/**
 * The session workflow for one tenant: every change goes through core's `transition`, is stored with
 * its audit event in one transaction, and double booking is refused by the database. Conflicts come
 * back as `sessions.conflict` with the clashes and the nearest free alternatives.
 */
export function sessionService(
  database: Database,
  tenantId: string,
  options: SessionServiceOptions = {},
): SessionService {
  const clock = options.clock ?? systemClock;
  const invites = options.invites ?? defaultInviteSettings;

  /** Runs `fn` in a tenant transaction, then emails changed invites; a lost booking race becomes a conflict answer. */
  async function mutate<T>(
    fn: (
      tx: Tx,
      context: { changes: Change[]; attempt: { session?: Session; labels?: Record<string, string> } },
    ) => Promise<T>,
  ): Promise<T> {
    const changes: Change[] = [];
    const attempt: { session?: Session; labels?: Record<string, string> } = {};
    let tenantName = '';
    let result: T;
    try {
      result = await database.withTenant(tenantId, async (tx) => {
        tenantName = (await loadTenantSettings(tx)).name;
        return fn(tx, { changes, attempt });
      });
    } catch (error) {
      if (!isExclusionViolation(error) || attempt.session === undefined) throw error;
      // Another transaction booked the time between our check and our insert: answer like a conflict.
      const session = attempt.session;
      const conflict = await database.withTenant(tenantId, (tx) =>
        findTimeConflict(tx, session, clock.nowMs(), attempt.labels ?? {}),
      );
      throw (
        conflict ??
        new AppError('sessions.conflict', 'That time was just taken; please try again', {
          conflicts: [],
          alternatives: [],
          labels: attempt.labels ?? {},
        })
      );
    }
    for (const change of changes) {
      await emailInviteIfChanged(change.before, change.after, {
        tenantName,
        settings: invites,
        nowMs: clock.nowMs(),
      });
    }
    return result;
  }

  /** Checks the new time of `next` (freeing stale holds first) before it is stored. */
  async function ensureFree(
    tx: Tx,
    next: Session,
    labels: Record<string, string>,
    attempt: { session?: Session; labels?: Record<string, string> },
  ) {
    const { policy } = await loadTenantSettings(tx);
    const nowMs = clock.nowMs();
    const userIds = next.participants.filter((p) => p.state !== 'declined').map((p) => p.userId);
    const roomId = next.location.kind === 'studio' ? next.location.roomId : null;
    await expireStaleHolds(
      tx,
      { userIds, roomId, window: { startMs: next.startsAtMs, endMs: next.endsAtMs } },
      { nowMs, policy },
    );
    const conflict = await findTimeConflict(tx, next, nowMs, labels);
    if (conflict) throw conflict;
    attempt.session = next;
    attempt.labels = labels;
  }

  async function applyTo(
    actor: Actor,
    ref: string,
    event: (view: SessionView) => SessionEvent,
    checkTime = false,
  ) {
    return mutate(async (tx, { changes, attempt }) => {
      const { policy } = await loadTenantSettings(tx);
      const before = await findSession(tx, ref, actor, { forUpdate: true });
      const context = { actor: toSessionActor(actor), nowMs: clock.nowMs(), policy };
      const chosen = event(before);
      if (checkTime) {
        const preview = transition(before.session, chosen, context);
        if (!preview.ok) throw preview.error;
        await ensureFree(tx, preview.session, labelsFor(preview.session, before.roomLabel), attempt);
      }
      const after = await applySessionEvent(tx, before, chosen, context);
      changes.push({ before, after });
      return after;
    });
  }

  async function participantFor(tx: Tx, actor: Actor, forHandle: string | undefined, view: SessionView) {
    if (forHandle === undefined) return actor.userId;
    const [person] = await resolveParticipants(tx, [forHandle]);
    if (!person || !view.session.participants.some((p) => p.userId === person.userId)) {
      throw new AppError(
        'sessions.not_participant',
        `@${forHandle.replace(/^@/, '')} is not invited to this session`,
      );
    }
    return person.userId;
  }

  return {
    async list(actor, query) {
      const recent = new Date(clock.nowMs() - 7 * 24 * 3_600_000);
      const live = inArray(sessions.state, ['proposed', 'accepted', 'scheduled']);
      const conditions: SQL[] = [or(live, gt(sessions.endsAt, recent))!];
      if (query.scope === 'mine' || actor.role === 'creator') {
        conditions.push(
          inArray(
            sessions.id,
            sql`(select ${sessionParticipants.sessionId} from ${sessionParticipants} where ${sessionParticipants.userId} = ${actor.userId})`,
          ),
        );
      }
      return database.withTenant(tenantId, (tx) =>
        loadSessions(tx, and(...conditions), { limit: query.limit }),
      );
    },
    async show(actor, ref) {
      return database.withTenant(tenantId, (tx) => findSession(tx, ref, actor));
    },
    async propose(actor, input: ProposeSessionInput) {
      return mutate(async (tx, { changes, attempt }) => {
        const { policy } = await loadTenantSettings(tx);
        const handles = [
          ...input.handles,
          ...(actor.role === 'creator' && actor.creatorHandle ? [actor.creatorHandle] : []),
        ];
        const participants = await resolveParticipants(tx, handles);
        const room = input.room ? await resolveRoom(tx, input.room) : null;
        const names = participants.map((p) => p.displayName.split(' ')[0]);
        const draft = suggestedSession({
          tenantId,
          title: input.title?.trim() || `Co-write: ${names.join(' & ')}`,
          notes: input.notes ?? '',
          startsAtMs: input.startsAtMs,
          endsAtMs: input.endsAtMs,
          location:
            room?.location ??
            (input.remoteUrl ? { kind: 'remote', joinUrl: input.remoteUrl } : { kind: 'tbd' }),
          participants: participants.map(({ handle: _handle, ...p }) => p),
          createdByUserId: actor.userId,
        });
        const context = { actor: toSessionActor(actor), nowMs: clock.nowMs(), policy };
        const proposed = transition(draft, { type: 'propose' }, context);
        if (!proposed.ok) throw proposed.error;
        const roomLabel = room ? `${room.room.studioName} / ${room.room.name}` : null;
        await ensureFree(tx, proposed.session, labelsFor(proposed.session, roomLabel), attempt);
        let stored = await storeTransition(tx, null, proposed, {
          actor: context.actor,
          actorLabel: context.actor.label,
          roomId: room?.room.id ?? null,
        });
        const automatic = nextAutomaticEvent(stored.session, context.nowMs, policy);
        if (automatic?.type === 'schedule') {
          stored = await applySessionEvent(tx, stored, automatic, { ...context, actor: systemActor });
        }
        const after = await reloadSession(tx, stored.session.id);
        changes.push({ before: null, after });
        return after;
      });
    },
    async answer(actor, ref, answer, forHandle) {
      return mutate(async (tx, { changes }) => {
        const { policy } = await loadTenantSettings(tx);
        const before = await findSession(tx, ref, actor, { forUpdate: true });
        const participantUserId = await participantFor(tx, actor, forHandle, before);
        const context = { actor: toSessionActor(actor), nowMs: clock.nowMs(), policy };
        const after = await applySessionEvent(tx, before, { type: answer, participantUserId }, context);
        changes.push({ before, after });
        return after;
      });
    },
    confirm: (actor, ref) => applyTo(actor, ref, () => ({ type: 'schedule' })),
    reschedule: (actor, ref, input) =>
      applyTo(
        actor,
        ref,
        () => ({
          type: 'reschedule',
          startsAtMs: input.startsAtMs,
          endsAtMs: input.endsAtMs,
          ...(input.reason ? { reason: input.reason } : {}),
        }),
        true,
      ),
    cancel: (actor, ref, reason) =>
      applyTo(actor, ref, () => ({ type: 'cancel', ...(reason ? { reason } : {}) })),
    async feedback(actor, ref, input) {
      return database.withTenant(tenantId, async (tx) => {
        const view = await findSession(tx, ref, actor);
        await recordFeedback(
          tx,
          view,
          { fromUserId: actor.userId, actorLabel: actor.displayName, ...input },
          clock.nowMs(),
        );
        return view;
      });
    },
    async invite(actor, ref) {
      return database.withTenant(tenantId, async (tx) => {
        const { name } = await loadTenantSettings(tx);
        const view = await findSession(tx, ref, actor);
        const file = inviteFile(view, { tenantName: name, settings: invites, nowMs: clock.nowMs() });
        if (file === null) {
          throw new AppError('sessions.no_invite', `A ${view.session.state} session has no calendar invite`);
        }
        return file;
      });
    },
    async policy() {
      return database.withTenant(tenantId, async (tx) => (await loadTenantSettings(tx)).policy);
    },
    async updatePolicy(actor, patch) {
      if (actor.role !== 'tenant_admin') {
        throw new AppError('sessions.forbidden', 'Only a workspace admin can change session settings.');
      }
      return database.withTenant(tenantId, async (tx) => {
        const [row] = await tx
          .select({ settings: tenants.settings })
          .from(tenants)
          .where(eq(tenants.id, tenantId));
        const before = parseSessionPolicy(row?.settings ?? {});
        const after = parseSessionPolicy({ ...before, ...patch });
        await tx
          .update(tenants)
          .set({ settings: { ...(row?.settings ?? {}), ...after }, updatedAt: new Date() })
          .where(eq(tenants.id, tenantId));
        await recordAudit(tx, {
          tenantId,
          actorUserId: actor.userId,
          actorLabel: actor.displayName,
          action: 'tenant.session_policy_updated',
          entity: 'tenant',
          entityId: tenantId,
          oldValues: { ...before },
          newValues: { ...after },
        });
        return after;
      });
    },
  };
}

/** Test fixtures shared by the sessions tests (not exported from the module's index). */

import type { Actor, ParticipantState, Session, SessionParticipant, SessionState } from './session.types.ts';
import { hourMs } from './session-policy.ts';

export const startsAtMs = Date.parse('2026-03-10T15:00:00Z');
export const endsAtMs = startsAtMs + 3 * hourMs;
/** "Now" in most tests: three days before the start, an hour after the proposal. */
export const nowMs = startsAtMs - 72 * hourMs;
export const proposedAtMs = nowMs - hourMs;
export const holdExpiresAtMs = proposedAtMs + 48 * hourMs;

export const admin: Actor = { userId: 'pub', role: 'tenant_admin' };
export const system: Actor = { userId: 'system', role: 'system' };
export const ana: Actor = { userId: 'ana', role: 'creator' };
export const ben: Actor = { userId: 'ben', role: 'creator' };
export const cleo: Actor = { userId: 'cleo', role: 'creator' };

export function participant(
  userId: string,
  state: ParticipantState,
  isRequired = true,
  overrides: Partial<SessionParticipant> = {},
): SessionParticipant {
  const displayName = userId.charAt(0).toUpperCase() + userId.slice(1);
  return {
    userId,
    displayName,
    email: `${userId}@example.com`,
    isRequired,
    state,
    respondedAtMs: state === 'invited' ? null : proposedAtMs,
    ...overrides,
  };
}

export function makeSession(overrides: Partial<Session> = {}): Session {
  return {
    id: 'sess-1',
    tenantId: 'tenant-1',
    title: 'Alt-pop write',
    notes: '',
    state: 'proposed',
    startsAtMs,
    endsAtMs,
    location: {
      kind: 'studio',
      studioId: 'studio-1',
      roomId: 'room-a',
      name: 'Blackbird Studio A',
      address: '2806 Azalea Pl, Nashville, TN 37204',
      city: 'Nashville',
    },
    participants: [
      participant('ana', 'accepted'),
      participant('ben', 'invited'),
      participant('cleo', 'invited', false),
    ],
    createdByUserId: 'pub',
    proposedByUserId: 'ana',
    holdExpiresAtMs,
    scheduledAtMs: null,
    rescheduleCount: 0,
    cancelReason: null,
    cancelledByUserId: null,
    campaignId: null,
    ...overrides,
  };
}

/** A consistent session in each state: Ana and Ben required, Cleo optional. */
export function sessionIn(state: SessionState): Session {
  const answered = [
    participant('ana', 'accepted'),
    participant('ben', 'accepted'),
    participant('cleo', 'invited', false),
  ];
  const held = { holdExpiresAtMs, scheduledAtMs: null };
  const booked = { holdExpiresAtMs: null, scheduledAtMs: proposedAtMs };
  switch (state) {
    case 'suggested':
      return makeSession({
        state,
        participants: [
          participant('ana', 'invited'),
          participant('ben', 'invited'),
          participant('cleo', 'invited', false),
        ],
        proposedByUserId: null,
        holdExpiresAtMs: null,
      });
    case 'proposed':
      return makeSession({ state, ...held });
    case 'accepted':
      return makeSession({ state, participants: answered, ...held });
    case 'scheduled':
    case 'done':
      return makeSession({ state, participants: answered, ...booked });
    case 'declined':
      return makeSession({
        state,
        participants: [
          participant('ana', 'accepted'),
          participant('ben', 'declined'),
          participant('cleo', 'invited', false),
        ],
        holdExpiresAtMs: null,
      });
    case 'cancelled':
      return makeSession({
        state,
        participants: answered,
        ...booked,
        holdExpiresAtMs: null,
        cancelReason: 'flu',
      });
    case 'expired':
      return makeSession({ state, holdExpiresAtMs: null });
  }
}

import { describe, expect, it } from 'vitest';
import { admin, endsAtMs, holdExpiresAtMs, nowMs, sessionIn, system } from './session.fixture.ts';
import { type SessionState, sessionStates } from './session.types.ts';
import {
  type SessionEvent,
  type SessionEventType,
  sessionEventTypes,
  type TransitionContext,
  transition,
} from './session-lifecycle.ts';
import { defaultSessionPolicy, hourMs } from './session-policy.ts';

/**
 * Every (state, event) cell, checked against a table written by hand.
 * Each cell uses the fixture `sessionIn(state)` (Ana and Ben required, Cleo optional) and a canonical
 * event that satisfies every guard except the state one, so the table isolates the state rule:
 * accept/decline answer for the first still-invited participant (Ben while proposed, Cleo once
 * accepted/scheduled), by a tenant admin acting on their behalf; cancel and reschedule give a reason;
 * expire runs after the hold lapsed; complete runs after the end.
 * A cell is the resulting state, or `x` for `sessions.illegal_transition`.
 */
const x = 'x';
type Cell = SessionState | typeof x;

// biome-ignore format: the table reads as a table
const expected: Record<SessionState, Record<SessionEventType, Cell>> = {
  suggested: { propose: 'proposed', accept: x,           decline: x,           schedule: x,           reschedule: x,          cancel: 'cancelled', expire: x,         complete: x },
  proposed:  { propose: x,          accept: 'accepted',  decline: 'declined',  schedule: x,           reschedule: 'proposed', cancel: 'cancelled', expire: 'expired', complete: x },
  accepted:  { propose: x,          accept: 'accepted',  decline: 'accepted',  schedule: 'scheduled', reschedule: 'proposed', cancel: 'cancelled', expire: 'expired', complete: x },
  scheduled: { propose: x,          accept: 'scheduled', decline: 'scheduled', schedule: x,           reschedule: 'proposed', cancel: 'cancelled', expire: x,         complete: 'done' },
  done:      { propose: x,          accept: x,           decline: x,           schedule: x,           reschedule: x,          cancel: x,           expire: x,         complete: x },
  declined:  { propose: x,          accept: x,           decline: x,           schedule: x,           reschedule: x,          cancel: x,           expire: x,         complete: x },
  cancelled: { propose: x,          accept: x,           decline: x,           schedule: x,           reschedule: x,          cancel: x,           expire: x,         complete: x },
  expired:   { propose: x,          accept: x,           decline: x,           schedule: x,           reschedule: x,          cancel: x,           expire: x,         complete: x },
};

function canonicalCase(
  state: SessionState,
  type: SessionEventType,
): { event: SessionEvent; context: TransitionContext } {
  const session = sessionIn(state);
  const context: TransitionContext = { actor: admin, nowMs, policy: defaultSessionPolicy };
  const invited = session.participants.find((p) => p.state === 'invited') ?? session.participants[1]!;
  switch (type) {
    case 'accept':
    case 'decline':
      return { event: { type, participantUserId: invited.userId }, context };
    case 'reschedule':
      return {
        event: {
          type,
          startsAtMs: session.startsAtMs + 24 * hourMs,
          endsAtMs: session.endsAtMs + 24 * hourMs,
          reason: 'clash',
        },
        context,
      };
    case 'cancel':
      return { event: { type, reason: 'flu' }, context };
    case 'expire':
      return { event: { type }, context: { ...context, actor: system, nowMs: holdExpiresAtMs + 60_000 } };
    case 'complete':
      return { event: { type }, context: { ...context, nowMs: endsAtMs + 60_000 } };
    default:
      return { event: { type }, context };
  }
}

describe('session lifecycle: the full (state x event) matrix', () => {
  it('the table covers every state and every event', () => {
    expect(Object.keys(expected).toSorted()).toEqual([...sessionStates].toSorted());
    for (const state of sessionStates) {
      expect(Object.keys(expected[state]).toSorted()).toEqual([...sessionEventTypes].toSorted());
    }
  });

  const cells = sessionStates.flatMap((state) => sessionEventTypes.map((type) => [state, type] as const));
  it.each(cells)('%s + %s', (state, type) => {
    const { event, context } = canonicalCase(state, type);
    const result = transition(sessionIn(state), event, context);
    const want = expected[state][type];
    if (want === x) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('sessions.illegal_transition');
        expect(result.error.message).toMatch(/^Cannot [a-z ]+: the session /);
      }
    } else {
      expect(result.ok ? result.session.state : result.error.message).toBe(want);
    }
  });

  it('says plainly why', () => {
    const result = transition(
      sessionIn('cancelled'),
      { type: 'accept', participantUserId: 'ben' },
      {
        actor: { userId: 'ben', role: 'creator' },
        nowMs,
        policy: defaultSessionPolicy,
      },
    );
    expect(result.ok ? null : result.error.message).toBe('Cannot accept: the session was cancelled');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admin, ana, ben, cleo, nowMs, sessionIn, system } from './session.fixture.ts';
import { type Session, terminalSessionStates } from './session.types.ts';
import { type SessionEvent, transition } from './session-lifecycle.ts';
import { defaultSessionPolicy, hourMs } from './session-policy.ts';

const actors = [admin, system, ana, ben, cleo, { userId: 'vic', role: 'viewer' as const }];
const people = ['ana', 'ben', 'cleo', 'zoe'];

const eventArb: fc.Arbitrary<SessionEvent> = fc.oneof(
  fc.constant({ type: 'propose' as const }),
  fc.constantFrom(...people).map((participantUserId) => ({ type: 'accept' as const, participantUserId })),
  fc.constantFrom(...people).map((participantUserId) => ({ type: 'decline' as const, participantUserId })),
  fc.constant({ type: 'schedule' as const }),
  fc
    .tuple(fc.integer({ min: -10, max: 200 }), fc.integer({ min: 1, max: 6 }), fc.option(fc.constant('why')))
    .map(([offsetHours, hours, reason]) => ({
      type: 'reschedule' as const,
      startsAtMs: nowMs + offsetHours * hourMs,
      endsAtMs: nowMs + (offsetHours + hours) * hourMs,
      reason: reason ?? undefined,
    })),
  fc.option(fc.constant('why')).map((reason) => ({ type: 'cancel' as const, reason: reason ?? undefined })),
  fc.constant({ type: 'expire' as const }),
  fc.constant({ type: 'complete' as const }),
);

const stepArb = fc.record({
  event: eventArb,
  actor: fc.constantFrom(...actors),
  advanceHours: fc.integer({ min: 0, max: 30 }),
});

function checkInvariants(session: Session) {
  const required = session.participants.filter((p) => p.isRequired);
  const isHeld = session.state === 'proposed' || session.state === 'accepted';
  expect(session.holdExpiresAtMs !== null).toBe(isHeld);
  if (['accepted', 'scheduled', 'done'].includes(session.state)) {
    expect(required.every((p) => p.state === 'accepted')).toBe(true);
  }
  if (session.state === 'proposed') expect(required.every((p) => p.state === 'accepted')).toBe(false);
  if (session.state === 'declined') expect(required.some((p) => p.state === 'declined')).toBe(true);
  expect(session.endsAtMs).toBeGreaterThan(session.startsAtMs);
}

describe('session lifecycle properties', () => {
  it('any sequence of events keeps the session consistent and terminal states final', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 25 }), (steps) => {
        let session = sessionIn('suggested');
        let at = nowMs;
        for (const { event, actor, advanceHours } of steps) {
          at += advanceHours * hourMs;
          const wasTerminal = terminalSessionStates.has(session.state);
          const result = transition(session, event, { actor, nowMs: at, policy: defaultSessionPolicy });
          if (wasTerminal) expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.code).toMatch(/^sessions\./);
            expect(result.error.message).toMatch(/^Cannot /);
            continue;
          }
          expect(Object.keys(result.auditChanges.new).length).toBeGreaterThan(0);
          session = result.session;
          checkInvariants(session);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** What the session commands' handlers share: the work context, and their results with the events to publish. */
import type { TimedOutcome } from '../../../sessions/session-booking.ts';
import {
  type SessionOutcome,
  type SessionWork,
  sessionPolicyOf,
} from '../../../sessions/session-workflow.ts';
import type { HandlerContext } from '../../command.ts';

export async function workOf(context: HandlerContext): Promise<SessionWork> {
  return {
    stores: context.stores,
    actor: { userId: context.actor.userId, role: context.actor.role, label: context.actor.displayName },
    nowMs: context.clock.nowMs(),
    policy: await sessionPolicyOf(context.stores),
  };
}

export const done = <T>(result: T, outcome: SessionOutcome) => ({ result, events: outcome.events });
export const timed = <T extends { outcome: TimedOutcome }>(result: T) => ({
  result,
  events: result.outcome.kind === 'done' ? result.outcome.events : [],
});

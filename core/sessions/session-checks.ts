import type { CreatorTime } from '../availability/availability.store.ts';
import { personFreeIntervals } from '../availability/free-time.ts';
import {
  type Interval,
  intersectIntervals,
  normalizeIntervals,
  subtractIntervals,
} from '../availability/intervals.ts';
import type { TenantStores } from '../ports/tenant-stores.ts';
import { AppError } from '../shared/app-error.ts';
import type { Alternative } from './conflicts.ts';

/**
 * What a proposal is checked against besides other bookings: everyone's stated availability (weekly
 * hours, days off, calendar busy time) and the do-not-pair list. Either can be overridden only by a
 * proposer who saw the warning and confirmed it (a button), and the override is audited.
 */
export const CONFIRMATIONS = ['outside_availability', 'do_not_pair'] as const;
export type Confirmation = (typeof CONFIRMATIONS)[number];

/** Why someone is not free at the proposed time, in the words the warning uses. */
export type NotFreeReason = 'day off' | 'busy in their calendar' | 'outside their hours';

export interface NotFree {
  userId: string;
  displayName: string;
  timeZone: string;
  why: NotFreeReason;
}

export interface AvailabilityCheck {
  notFree: NotFree[];
  /**
   * Everyone's common free time around the proposal. People with no hours on record count as free
   * except for their days off and calendar busy time.
   */
  commonFree: Interval[];
  /** The creators among the participants (for the do-not-pair list). */
  creatorIds: string[];
}

/** A warning the proposer must confirm before the time is booked. */
export type SessionWarning =
  | { kind: 'outside_availability'; notFree: NotFree[]; alternatives: Alternative[] }
  | { kind: 'do_not_pair'; pairs: [string, string][] };

/** The confirmation that clears a warning. */
export const confirmationOf = (warning: SessionWarning): Confirmation => warning.kind;

const overlapsAny = (blocks: readonly Interval[], interval: Interval) =>
  blocks.some((block) => block.startMs < interval.endMs && interval.startMs < block.endMs);

/** Stated free time of one person over `window` (hours when on record, else all but what they blocked). */
function statedFree(person: CreatorTime, window: Interval): { free: Interval[]; hasHours: boolean } {
  const blocked = normalizeIntervals([...(person.busy ?? []), ...(person.unavailable ?? [])]);
  const hasHours = person.rules.length > 0 || (person.available?.length ?? 0) > 0;
  if (hasHours) return { free: personFreeIntervals(person, window), hasHours };
  return { free: subtractIntervals([window], blocked), hasHours };
}

/**
 * Who of `participants` is not free for all of `proposed` by what they stated, and everyone's common
 * free time within `aroundMs` of it (what alternatives must fit in).
 *
 * @example
 * const { notFree } = await checkAvailability(stores, participants, { startMs, endMs }, 72 * HOUR_MS, nowMs);
 */
export async function checkAvailability(
  stores: Pick<TenantStores, 'availability'>,
  participants: readonly { userId: string; displayName: string }[],
  proposed: Interval,
  aroundMs: number,
  nowMs: number,
): Promise<AvailabilityCheck> {
  const window = { startMs: proposed.startMs - aroundMs, endMs: proposed.endMs + aroundMs };
  const times = await stores.availability.ofUsers(
    participants.map((p) => p.userId),
    window,
    nowMs,
  );
  const notFree: NotFree[] = [];
  const creatorIds = [...times.values()].map((time) => time.creatorId);
  let commonFree: Interval[] = [window];
  for (const participant of participants) {
    const person = times.get(participant.userId);
    if (!person) continue; // Not a creator: no stated availability to check.
    const { free, hasHours } = statedFree(person, window);
    commonFree = intersectIntervals(commonFree, free);
    const isFree = free.some((f) => f.startMs <= proposed.startMs && proposed.endMs <= f.endMs);
    if (isFree) continue;
    const why: NotFreeReason = overlapsAny(person.unavailable ?? [], proposed)
      ? 'day off'
      : overlapsAny(person.busy ?? [], proposed)
        ? 'busy in their calendar'
        : hasHours
          ? 'outside their hours'
          : 'busy in their calendar';
    notFree.push({
      userId: participant.userId,
      displayName: participant.displayName,
      timeZone: person.timeZone,
      why,
    });
  }
  return { notFree, commonFree, creatorIds };
}

/**
 * The do-not-pair rules among these creators: nobody but an admin proposes such a pair, and an admin
 * is warned first (the warning, unless they confirmed it; `pairs` then says what they overrode).
 */
export async function doNotPairCheck(
  stores: Pick<TenantStores, 'doNotPair'>,
  actor: { role: string },
  creatorIds: readonly string[],
  confirmed: readonly Confirmation[],
): Promise<{ pairs: [string, string][]; warning?: SessionWarning }> {
  const rules = await stores.doNotPair.anyBetween(creatorIds);
  const pairs = rules.map((rule) => rule.handles);
  if (pairs.length === 0) return { pairs };
  const named = pairs.map(([a, b]) => `@${a} and @${b}`).join('; ');
  if (actor.role !== 'tenant_admin') {
    throw new AppError(
      'sessions.do_not_pair',
      `${named} are on the do-not-pair list: only an admin can propose them together.`,
      { pairs },
    );
  }
  return confirmed.includes('do_not_pair') ? { pairs } : { pairs, warning: { kind: 'do_not_pair', pairs } };
}

/**
 * Common windows as a pair answer shows them (dated, in the viewer's zone and each member's own) and the
 * Propose button for the best slot inside them: shared by `/pair` and `/pair windows`.
 */
import type { Interval } from '../../../availability/intervals.ts';
import { suggestSlots, type WakingHours } from '../../../availability/slots.ts';
import type { PairMember } from '../../../matching/pair-query.ts';
import { datedRange } from '../../../matching/window-text.ts';
import type { Action } from '../../reply.ts';
import { formatInstant } from '../session/session-args.ts';

export const DEFAULT_SESSION_MINUTES = 120;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** The tenant's `settings.availability.wakingHours` ({start, end} as HH:mm), when set and well formed. */
export function wakingHoursOf(
  settings: Readonly<Record<string, unknown>> | undefined,
): WakingHours | undefined {
  const hours = (settings?.availability as { wakingHours?: { start?: unknown; end?: unknown } } | undefined)
    ?.wakingHours;
  if (typeof hours?.start !== 'string' || typeof hours.end !== 'string') return undefined;
  return CLOCK.test(hours.start) && CLOCK.test(hours.end)
    ? { start: hours.start, end: hours.end }
    : undefined;
}

export const memberName = (m: PairMember) => `${m.displayName} (@${m.handle})`;

/**
 * A window for the viewer first, then each member whose zone differs:
 * `Wed 2 Dec 23:00 – Thu 3 Dec 01:00 for you = Wed 2 Dec 17:00–19:00 for Ana Rossi in Nashville`.
 */
export function windowLine(window: Interval, members: readonly PairMember[], viewerZone: string): string {
  const others = members
    .filter((m) => m.timeZone !== viewerZone)
    .map(
      (m) =>
        `${datedRange(window, m.timeZone)} for ${m.city ? `${m.displayName} in ${m.city}` : m.displayName}`,
    );
  return [`${datedRange(window, viewerZone)} for you`, ...others].join(' = ');
}

/**
 * The best start inside the common windows: within everyone's local waking hours (the tenant's
 * setting, default 09:00-23:00), on the half hour, the late slot rotating (core `suggestSlots`).
 */
export function bestSlot(
  windows: readonly Interval[],
  members: readonly PairMember[],
  durationMinutes: number | undefined,
  wakingHours: WakingHours | undefined,
): Interval | undefined {
  if (windows.length === 0) return undefined;
  const people = members.map((m) => ({ id: m.handle, timeZone: m.timeZone }));
  const ids = people.map((p) => p.id).sort();
  const [slot] = suggestSlots(
    windows.map((w) => ({ ...w, people: ids })),
    people,
    {
      durationMinutes: durationMinutes ?? DEFAULT_SESSION_MINUTES,
      limit: 1,
      ...(wakingHours ? { wakingHours } : {}),
    },
  );
  return slot ? { startMs: slot.startMs, endMs: slot.endMs } : undefined;
}

/** Propose a session at `slot` (or the start of the first window when no slot fits the waking hours). */
export function proposeAction(
  members: readonly PairMember[],
  at: Interval,
  durationMinutes: number | undefined,
): Action {
  const handles = members.map((m) => m.handle);
  const fits = Math.floor((at.endMs - at.startMs) / 60_000);
  return {
    id: `pair.propose.${handles.join('.')}.${at.startMs}`,
    label: 'Propose',
    style: 'primary',
    invoke: {
      command: 'session.propose',
      input: {
        creators: handles,
        startsAt: formatInstant(at.startMs),
        durationMinutes: Math.min(fits, durationMinutes ?? DEFAULT_SESSION_MINUTES),
      },
    },
  };
}

import { DateTime } from 'luxon';
import { isValidTimeZone } from '../availability/local-time.ts';
import { actions, heading, privateReply, type Reply, text } from '../commands/reply.ts';

export const DM_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DmDay = (typeof DM_DAYS)[number];

/** The tenant's weekly availability DM: on or off, which day, which hour, in which zone. */
export interface AvailabilityDmSettings {
  isOn: boolean;
  day: DmDay;
  /** 0-23, on the tenant's clock. */
  hour: number;
  timeZone: string;
}

export const DEFAULT_AVAILABILITY_DM: AvailabilityDmSettings = {
  isOn: false,
  day: 'thu',
  hour: 10,
  timeZone: 'UTC',
};

/** `settings.teams.availabilityDm` as stored, with defaults for whatever is missing or wrong. */
export function availabilityDmSettings(settings: Readonly<Record<string, unknown>>): AvailabilityDmSettings {
  const stored = ((settings.teams as Record<string, unknown> | undefined)?.availabilityDm ?? {}) as Record<
    string,
    unknown
  >;
  const day = DM_DAYS.includes(stored.day as DmDay) ? (stored.day as DmDay) : DEFAULT_AVAILABILITY_DM.day;
  const hour =
    Number.isInteger(stored.hour) && (stored.hour as number) >= 0 && (stored.hour as number) <= 23
      ? (stored.hour as number)
      : DEFAULT_AVAILABILITY_DM.hour;
  const timeZone =
    typeof stored.timeZone === 'string' && isValidTimeZone(stored.timeZone) ? stored.timeZone : 'UTC';
  return { isOn: stored.isOn === true, day, hour, timeZone };
}

/**
 * The week whose DM is due at `nowMs` (`2026-W49`), or undefined before this week's day and hour
 * on the tenant's clock. Once due, the key stays the same all week, so a sweep that runs late (or
 * twice) still sends each person one DM that week: the key is part of its dedupe key.
 *
 * @example
 * dueWeek(Date.parse('2026-12-03T10:05:00Z'), { isOn: true, day: 'thu', hour: 10, timeZone: 'UTC' }); // '2026-W49'
 */
export function dueWeek(nowMs: number, dm: AvailabilityDmSettings): string | undefined {
  if (!dm.isOn) return undefined;
  const now = DateTime.fromMillis(nowMs, { zone: dm.timeZone });
  const sendAt = now.startOf('week').plus({ days: DM_DAYS.indexOf(dm.day), hours: dm.hour });
  if (now < sendAt) return undefined;
  return `${now.weekYear}-W${String(now.weekNumber).padStart(2, '0')}`;
}

/** What each opted-in creator reachable on Teams is asked: next week, in their own words. */
export function availabilityDmReply(): Reply {
  return privateReply(
    heading('When are you free next week?'),
    text(
      'Answer in your own words, as you would to a person: "Tue after 6, Thu 2-5pm, not Friday". ' +
        'I will show you what I understood before anything is saved.',
    ),
    actions([{ id: 'edit', label: 'Use the form instead', opensForm: 'availability' }]),
  );
}

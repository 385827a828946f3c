import type { Interval } from './intervals.ts';
import { utcMsToLocal } from './local-time.ts';

export interface ExplainedPerson {
  name: string;
  timeZone: string;
  city?: string;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * One line showing what a UTC interval means for each person, in their own zone.
 *
 * @example
 * describeInterval(slot, [{ name: 'Alice', timeZone: 'America/Chicago', city: 'Nashville' }, { name: 'Ben', timeZone: 'Europe/London', city: 'London' }]);
 * // 'Wed 5-7pm for Alice in Nashville = Wed 11pm-Thu 1am for Ben in London'
 */
export function describeInterval(interval: Interval, people: readonly ExplainedPerson[]): string {
  return people
    .map((person) => `${localRange(interval, person.timeZone)} for ${personLabel(person)}`)
    .join(' = ');
}

function personLabel(person: ExplainedPerson): string {
  return person.city ? `${person.name} in ${person.city}` : person.name;
}

/** `Wed 5-7pm`, `Wed 11am-1pm`, `Wed 11:30pm-Thu 1am`. */
export function localRange(interval: Interval, timeZone: string): string {
  const start = utcMsToLocal(interval.startMs, timeZone);
  const end = utcMsToLocal(interval.endMs, timeZone);
  const isSameDay = start.year === end.year && start.month === end.month && start.day === end.day;
  const endsAtMidnight = end.minuteOfDay === 0 && interval.endMs > interval.startMs;
  const endDayLabel =
    isSameDay || (endsAtMidnight && start.weekday % 7 === end.weekday - 1)
      ? ''
      : `${WEEKDAYS[end.weekday - 1]} `;
  const startMeridiem = start.hour < 12 ? 'am' : 'pm';
  const endMeridiem = end.hour < 12 ? 'am' : 'pm';
  const isSameMeridiem = isSameDay && startMeridiem === endMeridiem;
  const startText = clock(start.hour, start.minute) + (isSameMeridiem ? '' : startMeridiem);
  return `${WEEKDAYS[start.weekday - 1]} ${startText}-${endDayLabel}${clock(end.hour, end.minute)}${endMeridiem}`;
}

function clock(hour: number, minute: number): string {
  const h12 = hour % 12 || 12;
  return minute === 0 ? String(h12) : `${h12}:${String(minute).padStart(2, '0')}`;
}

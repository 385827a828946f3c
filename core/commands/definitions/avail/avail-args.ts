import { localToUtcMs, parseClockTime, parseLocalDate } from '../../../availability/local-time.ts';
import { AppError } from '../../../shared/app-error.ts';

const DAY_CODES: Record<string, string> = {
  mon: 'MO',
  monday: 'MO',
  tue: 'TU',
  tues: 'TU',
  tuesday: 'TU',
  wed: 'WE',
  wednesday: 'WE',
  thu: 'TH',
  thur: 'TH',
  thurs: 'TH',
  thursday: 'TH',
  fri: 'FR',
  friday: 'FR',
  sat: 'SA',
  saturday: 'SA',
  sun: 'SU',
  sunday: 'SU',
};
const DAY_SETS: Record<string, string[]> = {
  weekdays: ['MO', 'TU', 'WE', 'TH', 'FR'],
  weekends: ['SA', 'SU'],
  daily: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'],
  everyday: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'],
};
const DAY_ORDER = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

const bad = (message: string) => new AppError('commands.bad_args', message);

/**
 * `mon,wed` / `weekdays` / `mon-fri` / `fri-mon` (wrapping round the week) -> `MO,WE`…; undefined
 * when the word is not a day list.
 */
export function parseDays(word: string): string[] | undefined {
  const codes = new Set<string>();
  for (const part of word.toLowerCase().split(',').filter(Boolean)) {
    const range = /^([a-z]+)-([a-z]+)$/.exec(part);
    const [from, to] = range ? [DAY_CODES[range[1]!], DAY_CODES[range[2]!]] : [];
    if (from && to) {
      const end = DAY_ORDER.indexOf(to);
      for (let i = DAY_ORDER.indexOf(from); ; i = (i + 1) % 7) {
        codes.add(DAY_ORDER[i]!);
        if (i === end) break;
      }
      continue;
    }
    const set = DAY_SETS[part] ?? (DAY_CODES[part] ? [DAY_CODES[part]] : undefined);
    if (!set) return undefined;
    for (const code of set) codes.add(code);
  }
  return codes.size ? DAY_ORDER.filter((code) => codes.has(code)) : undefined;
}

/**
 * `17:00-19:00` -> both clock times; `19:00-02:00+1` is the explicit form of hours past midnight
 * (the schema refuses a range that ends at or before its start without it).
 */
export function parseTimeRange(
  word: string,
  field: string,
): { startTime: string; endTime: string; isOvernight: boolean } {
  const match = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})(\+1)?$/.exec(word);
  const startTime = match?.[1]?.padStart(5, '0');
  const endTime = match?.[2]?.padStart(5, '0');
  if (
    !startTime ||
    !endTime ||
    parseClockTime(startTime) === undefined ||
    parseClockTime(endTime, true) === undefined
  ) {
    throw bad(
      `${field}: expected a local time range like 17:00-19:00 (or 22:00-02:00+1 past midnight), got "${word}"`,
    );
  }
  return { startTime, endTime, isOvernight: match?.[3] === '+1' };
}

/**
 * What is wrong with a local range, or undefined: empty, backwards without `+1`, or `+1` on a range
 * that does not pass midnight. One message for every adapter.
 */
export function rangeProblem(start: string, end: string, isOvernight: boolean): string | undefined {
  const startMinute = parseClockTime(start);
  const endMinute = parseClockTime(end, true);
  if (startMinute === undefined || endMinute === undefined) return undefined; // the clock schema names it
  if (isOvernight) {
    return endMinute > startMinute
      ? `${start}-${end}+1 does not pass midnight: drop the +1 (or mean ${start}-${end})`
      : undefined;
  }
  if (endMinute === startMinute) return `${start}-${end} is empty: the end must be after the start`;
  if (endMinute < startMinute)
    return `${start}-${end} ends before it starts: for hours past midnight write ${start}-${end}+1`;
  return undefined;
}

/** `19:00-02:00+1` when the range passes midnight. */
export const rangeText = (start: string, end: string) =>
  `${start}-${end}${(parseClockTime(end, true) ?? 0) <= (parseClockTime(start) ?? 0) ? '+1' : ''}`;

/** The UTC span of a local one-off: whole days, or one time range on each day from `from` to `to`. */
export function blockSpan(
  args: { from: string; to: string; startTime?: string | undefined; endTime?: string | undefined },
  timeZone: string,
): { startMs: number; endMs: number } {
  // A range that ends at or before its start passes midnight (the schema let it through only with +1).
  const from = parseLocalDate(args.from)!;
  const to = parseLocalDate(args.to)!;
  if (args.startTime && args.endTime) {
    const startMinute = parseClockTime(args.startTime)!;
    let endMinute = parseClockTime(args.endTime, true)!;
    if (endMinute <= startMinute) endMinute += 24 * 60;
    return {
      startMs: localToUtcMs(from, startMinute, timeZone),
      endMs: localToUtcMs(to, endMinute, timeZone),
    };
  }
  return { startMs: localToUtcMs(from, 0, timeZone), endMs: localToUtcMs(to, 24 * 60, timeZone) };
}

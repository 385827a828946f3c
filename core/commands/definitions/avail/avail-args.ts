import { localToUtcMs, parseClockTime, parseLocalDate } from '../../../availability/local-time.ts';
import { AppError } from '../../../shared/app-error.ts';
import type { CommandLine } from '../../command-line.ts';
import { optionalTextField, TEXT_LIMITS } from '../../text-field.ts';

export type AvailArgs =
  | { action: 'show'; target?: string }
  | {
      action: 'add';
      target?: string;
      rule: { rrule: string; startTime: string; endTime: string; fromDate?: string; untilDate?: string };
    }
  | { action: 'remove'; target?: string; list: 'rule' | 'oneoff'; index: number }
  | {
      action: 'block';
      target?: string;
      kind: 'available' | 'unavailable';
      /** Local dates and times, resolved to UTC in the creator's zone by the handler. */
      from: string;
      to: string;
      startTime?: string;
      endTime?: string;
      note?: string;
    }
  | { action: 'calendar'; target?: string; url: string }
  | { action: 'calendar-list'; target?: string }
  | { action: 'calendar-remove'; target?: string; index: number }
  | { action: 'opt'; target?: string; isOptedIn: boolean };

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

/** `mon,wed` / `weekdays` -> `MO,WE`; undefined when the word is not a day list. */
export function parseDays(word: string): string[] | undefined {
  const codes = new Set<string>();
  for (const part of word.toLowerCase().split(',').filter(Boolean)) {
    const set = DAY_SETS[part] ?? (DAY_CODES[part] ? [DAY_CODES[part]] : undefined);
    if (!set) return undefined;
    for (const code of set) codes.add(code);
  }
  return codes.size ? DAY_ORDER.filter((code) => codes.has(code)) : undefined;
}

/** `17:00-19:00` -> both clock times, validated. */
export function parseTimeRange(word: string, field: string): { startTime: string; endTime: string } {
  const match = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(word);
  const startTime = match?.[1]?.padStart(5, '0');
  const endTime = match?.[2]?.padStart(5, '0');
  if (
    !startTime ||
    !endTime ||
    parseClockTime(startTime) === undefined ||
    parseClockTime(endTime, true) === undefined
  ) {
    throw bad(`${field}: expected a local time range like 17:00-19:00, got "${word}"`);
  }
  return { startTime, endTime };
}

function requireDate(word: string | undefined, field: string): string {
  if (!word || !parseLocalDate(word))
    throw bad(`${field}: expected a date like 2026-12-24, got "${word ?? ''}"`);
  return word;
}

function optionalDate(line: CommandLine, key: string): string | undefined {
  const value = line.options[key]?.[0];
  return value === undefined ? undefined : requireDate(value, key);
}

export function parseAvailArgs(line: CommandLine): AvailArgs {
  const target = line.mentions[0];
  const withTarget = <T extends object>(args: T) => (target ? { ...args, target } : args);
  const [verb = 'show', ...rest] = line.words.map((word) => word.toLowerCase());
  switch (verb) {
    case 'show':
      return withTarget({ action: 'show' as const });
    case 'add': {
      const days = rest[0] ? parseDays(rest[0]) : undefined;
      if (!days) throw bad(`days: expected days like mon,wed or weekdays, got "${line.words[1] ?? ''}"`);
      const times = parseTimeRange(rest[1] ?? '', 'time');
      const every = line.options.every?.[0];
      if (every !== undefined && !/^[1-9]$/.test(every))
        throw bad(`every: expected a number of weeks from 1 to 9, got "${every}"`);
      const interval = every && every !== '1' ? `;INTERVAL=${every}` : '';
      const fromDate = optionalDate(line, 'from');
      const untilDate = optionalDate(line, 'until');
      return withTarget({
        action: 'add' as const,
        rule: {
          rrule: `FREQ=WEEKLY${interval};BYDAY=${days.join(',')}`,
          ...times,
          ...(fromDate ? { fromDate } : {}),
          ...(untilDate ? { untilDate } : {}),
        },
      });
    }
    case 'remove': {
      const list = rest[0] === 'oneoff' || rest[0] === 'one-off' ? 'oneoff' : 'rule';
      const indexWord = list === 'oneoff' ? rest[1] : rest[0] === 'rule' ? rest[1] : rest[0];
      const index = Number(indexWord);
      if (!Number.isInteger(index) || index < 1) {
        throw bad(
          `number: expected the number shown by /avail, like "/avail remove 2" or "/avail remove oneoff 1"`,
        );
      }
      return withTarget({ action: 'remove' as const, list, index });
    }
    case 'off':
    case 'extra': {
      const from = requireDate(rest[0], 'date');
      const second = rest[1];
      const isTimeRange = second?.includes(':') === true;
      const to = second && !isTimeRange ? requireDate(second, 'to') : from;
      if (to < from) throw bad(`to: expected a date on or after ${from}`);
      const times = isTimeRange ? parseTimeRange(second, 'time') : undefined;
      const note = optionalTextField('note', line.options.note?.[0], TEXT_LIMITS.availabilityNote);
      return withTarget({
        action: 'block' as const,
        kind: verb === 'off' ? ('unavailable' as const) : ('available' as const),
        from,
        to,
        ...(times ?? {}),
        ...(note ? { note } : {}),
      });
    }
    case 'calendar': {
      const url = line.words[1];
      if (!url || rest[0] === 'list') return withTarget({ action: 'calendar-list' as const });
      if (rest[0] === 'remove') {
        const index = Number(rest[1]);
        if (!Number.isInteger(index) || index < 1) {
          throw bad(
            'number: expected the calendar’s number shown by /avail, like "/avail calendar remove 1"',
          );
        }
        return withTarget({ action: 'calendar-remove' as const, index });
      }
      return withTarget({ action: 'calendar' as const, url });
    }
    case 'optin':
    case 'optout':
      return withTarget({ action: 'opt' as const, isOptedIn: verb === 'optin' });
    default:
      throw bad(
        `"${line.words[0]}" is not something /avail does: try show, add, remove, off, extra, calendar, optin or optout`,
      );
  }
}

/** The UTC span of a local one-off: whole days, or one time range on each day from `from` to `to`. */
export function blockSpan(
  args: Extract<AvailArgs, { action: 'block' }>,
  timeZone: string,
): { startMs: number; endMs: number } {
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

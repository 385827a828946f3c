import { DateTime } from 'luxon';
import { z } from 'zod';
import { CONFIRMATIONS, type Confirmation } from '../../../sessions/session-checks.ts';
import { AppError } from '../../../shared/app-error.ts';
import type { ParseContext } from '../../command.ts';
import type { CommandLine } from '../../command-line.ts';

/**
 * A time as typed: a local wall-clock date and time (in the actor's zone), a day word and a time
 * (`tomorrow 17:00`, `fri 10:00`, the same words `/pair` reads), or an exact instant.
 */
export type TypedTime =
  | { kind: 'local'; date: string; time: string }
  | { kind: 'relative'; day: DayWord; time: string }
  | { kind: 'instant'; ms: number };

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type DayWord = 'today' | 'tomorrow' | (typeof WEEKDAYS)[number];

/** `today`, `tomorrow`, `fri`, `friday` -> the day word; undefined otherwise. */
function dayWordOf(word: string | undefined): DayWord | undefined {
  const lower = word?.toLowerCase();
  if (lower === 'today' || lower === 'tomorrow') return lower;
  return WEEKDAYS.find(
    (day) => lower !== undefined && lower.length >= 3 && `${day}${dayRest[day]}`.startsWith(lower),
  );
}
const dayRest: Record<(typeof WEEKDAYS)[number], string> = {
  mon: 'day',
  tue: 'sday',
  wed: 'nesday',
  thu: 'rsday',
  fri: 'day',
  sat: 'urday',
  sun: 'day',
};

const badArgs = (message: string) => new AppError('commands.bad_args', message);

/** `2h`, `90m`, `1h30m`, `120` (minutes) -> minutes, or undefined when `word` is not a duration. */
export function parseDurationMinutes(word: string): number | undefined {
  const match = /^(?:(\d{1,2})h)?(?:(\d{1,3})m?)?$/i.exec(word);
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  const minutes = Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
  return minutes > 0 ? minutes : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]?\d|2[0-3]):[0-5]\d$/;

/**
 * Reads `YYYY-MM-DD HH:MM [DURATION]` from `words` (from `offset`), or `at:ISO-INSTANT [DURATION]`.
 * Returns undefined for the time when neither is there.
 */
export function readTimeAndDuration(
  line: CommandLine,
  offset: number,
): { when: TypedTime | undefined; durationMinutes: number | undefined; rest: string[] } {
  const words = line.words.slice(offset);
  let when: TypedTime | undefined;
  const atOption = line.options.at?.[0];
  if (atOption !== undefined) {
    const ms = Date.parse(atOption);
    if (Number.isNaN(ms) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(atOption)) {
      throw badArgs(`at: expected an instant with its zone, like 2030-12-03T22:00Z (got "${atOption}")`);
    }
    when = { kind: 'instant', ms };
  } else if (words[0] !== undefined && DATE.test(words[0])) {
    const time = words[1];
    if (time === undefined || !TIME.test(time)) throw badArgs('expected a time after the date, like 17:00');
    when = { kind: 'local', date: words[0], time: time.padStart(5, '0') };
    words.splice(0, 2);
  } else if (dayWordOf(words[0]) !== undefined) {
    const time = words[1];
    if (time === undefined || !TIME.test(time))
      throw badArgs(`expected a time after "${words[0]}", like ${words[0]} 17:00`);
    when = { kind: 'relative', day: dayWordOf(words[0])!, time: time.padStart(5, '0') };
    words.splice(0, 2);
  }
  const durationMinutes = words[0] === undefined ? undefined : parseDurationMinutes(words[0]);
  if (durationMinutes !== undefined) words.splice(0, 1);
  return { when, durationMinutes, rest: words };
}

/**
 * The instant a typed time means for someone in `timeZone` at `nowMs`: a weekday is its next
 * occurrence (today's when that time is still ahead).
 */
export function resolveTypedTime(when: TypedTime, timeZone: string, nowMs = Date.now()): number {
  if (when.kind === 'instant') return when.ms;
  const date = when.kind === 'local' ? when.date : dateOfDayWord(when.day, when.time, timeZone, nowMs);
  const local = DateTime.fromISO(`${date}T${when.time}`, { zone: timeZone });
  if (!local.isValid) throw badArgs(`${date} ${when.time} is not a date and time in ${timeZone}`);
  return local.toMillis();
}

function dateOfDayWord(day: DayWord, time: string, timeZone: string, nowMs: number): string {
  const today = DateTime.fromMillis(nowMs, { zone: timeZone }).startOf('day');
  if (day === 'today') return today.toISODate()!;
  if (day === 'tomorrow') return today.plus({ days: 1 }).toISODate()!;
  const wanted = WEEKDAYS.indexOf(day) + 1;
  let ahead = (wanted - today.weekday + 7) % 7;
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  if (ahead === 0 && today.set({ hour, minute }).toMillis() <= nowMs) ahead = 7;
  return today.plus({ days: ahead }).toISODate()!;
}

/** `2030-12-03T22:00Z`: the exact form action buttons carry, independent of anyone's zone. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(':00.000Z') ? `${iso.slice(0, 16)}Z` : iso;
}

export function requireRef(word: string | undefined, usage: string, what = 'session'): string {
  if (word === undefined) throw badArgs(`expected a ${what} id, like ${usage}`);
  return word;
}

/**
 * The start a line names, as an instant with its offset for the schema: a date and time typed in
 * the actor's zone (`2030-12-03 17:00`) or an exact `at:2030-12-03T22:00Z`. Undefined when absent.
 */
export function readStart(
  line: CommandLine,
  context: ParseContext,
  offset: number,
): { startsAt: string | undefined; durationMinutes: number | undefined } {
  const { when, durationMinutes } = readTimeAndDuration(line, offset);
  return {
    startsAt:
      when === undefined ? undefined : formatInstant(resolveTypedTime(when, context.timeZone, context.nowMs)),
    durationMinutes,
  };
}

/** `"Studio 'A'"`: a value inside `key:"…"` (the line parser has no escape for a double quote). */
export const quoted = (value: string) => `"${value.replace(/"/g, "'")}"`;

/** `yes`/`no` (and friends) -> boolean. */
export function parseYesNo(word: string | undefined): boolean | undefined {
  if (word === undefined) return undefined;
  const lower = word.toLowerCase();
  if (['yes', 'y', 'true', 'again'].includes(lower)) return true;
  if (['no', 'n', 'false'].includes(lower)) return false;
  return undefined;
}

/**
 * Warnings the proposer saw and confirmed (the "Propose anyway" button sends them): booking outside
 * someone's stated availability, a do-not-pair pair (admins only). Typed: `confirm:availability`.
 */
export const confirmationsInput = z
  .array(z.enum(CONFIRMATIONS, { error: 'expected outside_availability or do_not_pair' }))
  .max(CONFIRMATIONS.length)
  .default([]);
const CONFIRM_WORDS: Record<string, Confirmation> = {
  availability: 'outside_availability',
  outside_availability: 'outside_availability',
  'do-not-pair': 'do_not_pair',
  do_not_pair: 'do_not_pair',
};
/** `confirm:availability,do-not-pair` -> the confirmations (an unknown word is left for the schema to name). */
export const confirmOption = (line: CommandLine) => {
  const words = (line.options.confirm ?? []).flatMap((value) => value.split(','));
  // An unknown word stays as typed: the schema names it.
  const confirm = words.map((word) => CONFIRM_WORDS[word.trim().toLowerCase()] ?? word) as Confirmation[];
  return confirm.length > 0 ? { confirm } : {};
};
export const confirmWords = (confirm: readonly Confirmation[] | undefined) =>
  confirm?.length
    ? `confirm:${confirm.map((c) => (c === 'do_not_pair' ? 'do-not-pair' : 'availability')).join(',')}`
    : '';

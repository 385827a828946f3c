import { DateTime } from 'luxon';
import { AppError } from '../../../shared/app-error.ts';
import type { ParseContext } from '../../command.ts';
import type { CommandLine } from '../../command-line.ts';

/** A time as typed: a local wall-clock date and time (in the actor's zone), or an exact instant. */
export type TypedTime = { kind: 'local'; date: string; time: string } | { kind: 'instant'; ms: number };

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
  }
  const durationMinutes = words[0] === undefined ? undefined : parseDurationMinutes(words[0]);
  if (durationMinutes !== undefined) words.splice(0, 1);
  return { when, durationMinutes, rest: words };
}

/** The instant a typed time means for someone in `timeZone`. */
export function resolveTypedTime(when: TypedTime, timeZone: string): number {
  if (when.kind === 'instant') return when.ms;
  const local = DateTime.fromISO(`${when.date}T${when.time}`, { zone: timeZone });
  if (!local.isValid) throw badArgs(`${when.date} ${when.time} is not a date and time in ${timeZone}`);
  return local.toMillis();
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
    startsAt: when === undefined ? undefined : formatInstant(resolveTypedTime(when, context.timeZone)),
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

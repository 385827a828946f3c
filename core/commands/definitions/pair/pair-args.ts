import type { Interval } from '../../../availability/intervals.ts';
import { localToUtcMs, utcMsToLocal } from '../../../availability/local-time.ts';
import { AppError } from '../../../shared/app-error.ts';
import type { CommandLine } from '../../command-line.ts';
import { thisWeekAndNext } from '../avail/avail-view.ts';

export type PairWhen = 'today' | 'tomorrow' | 'this-week' | 'next-week';

export interface PairArgs {
  handles: string[];
  genres: string[];
  roles: string[];
  when?: PairWhen;
  durationMinutes?: number;
  isInPerson: boolean;
  near?: string;
  radiusKm?: number;
  size?: 2 | 3;
  limit: number;
}

const bad = (message: string) => new AppError('commands.bad_args', message);
const DAY_MINUTES = 24 * 60;
/** Without time words, free time over this span is shown but does not filter. */
export const SHOWN_SPAN_DAYS = 14;

/** `2h`, `90m`, `1h30m`, `1.5h` -> minutes; undefined when the word is not a duration. */
export function parseDuration(word: string): number | undefined {
  const match = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+)m(?:in)?)?$/i.exec(word);
  if (!match || (!match[1] && !match[2])) return undefined;
  const minutes = Math.round(Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0));
  return minutes > 0 ? minutes : undefined;
}

function list(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function number(line: CommandLine, key: string, min: number, max: number): number | undefined {
  const raw = line.options[key]?.[0];
  if (raw === undefined) return undefined;
  const value = Number(raw.replace(/km$/i, ''));
  if (!Number.isFinite(value) || value < min || value > max)
    throw bad(`${key}: expected a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

export function parsePairArgs(line: CommandLine): PairArgs {
  if (line.mentions.length > 3) throw bad('creators: name at most three, like /pair @ana @ben @cleo');
  const args: PairArgs = {
    handles: [...new Set(line.mentions)],
    genres: list(line.options.genre ?? line.options.genres),
    roles: list(line.options.role ?? line.options.roles),
    isInPerson: false,
    limit: number(line, 'limit', 1, 20) ?? 5,
  };
  const words = line.words.map((word) => word.toLowerCase());
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const pair = `${word} ${words[i + 1] ?? ''}`;
    if (pair === 'next week' || pair === 'this week') {
      args.when = pair === 'next week' ? 'next-week' : 'this-week';
      i += 1;
    } else if (word === 'today' || word === 'tomorrow') args.when = word;
    else if (word === 'in-person' || word === 'inperson' || word === 'irl') args.isInPerson = true;
    else if (word === 'trio' || word === 'trios') args.size = 3;
    else if (parseDuration(word) !== undefined) args.durationMinutes = parseDuration(word)!;
    else
      throw bad(
        `"${line.words[i]}" is not something /pair understands: try @handles, genre:X, role:X, next week, this week, tomorrow, 2h, in-person near:City`,
      );
  }
  const near = line.options.near?.[0];
  if (near) {
    args.near = near;
    args.isInPerson = true;
  }
  const radiusKm = number(line, 'radius', 1, 2000);
  if (radiusKm !== undefined) {
    args.radiusKm = radiusKm;
    args.isInPerson = true;
  }
  const size = number(line, 'size', 2, 3);
  if (size !== undefined) args.size = size as 2 | 3;
  return args;
}

/** The local span a time word means for someone in `timeZone` at `nowMs`. */
export function spanOf(when: PairWhen, nowMs: number, timeZone: string): Interval {
  const weeks = thisWeekAndNext(nowMs, timeZone);
  const local = utcMsToLocal(nowMs, timeZone);
  const today = { year: local.year, month: local.month, day: local.day };
  switch (when) {
    case 'this-week':
      return { startMs: nowMs, endMs: weeks.nextWeekStartMs };
    case 'next-week':
      return { startMs: weeks.nextWeekStartMs, endMs: weeks.endMs };
    case 'today':
      return { startMs: nowMs, endMs: localToUtcMs(today, DAY_MINUTES, timeZone) };
    case 'tomorrow':
      return {
        startMs: localToUtcMs(today, DAY_MINUTES, timeZone),
        endMs: localToUtcMs(today, 2 * DAY_MINUTES, timeZone),
      };
  }
}

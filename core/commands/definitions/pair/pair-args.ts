import { z } from 'zod';
import type { Interval } from '../../../availability/intervals.ts';
import { localToUtcMs, utcMsToLocal } from '../../../availability/local-time.ts';
import { MAX_WINDOW_DAYS } from '../../../matching/pair-query.ts';
import { AppError } from '../../../shared/app-error.ts';
import type { ParseContext } from '../../command.ts';
import type { CommandLine } from '../../command-line.ts';
import { instant } from '../../input-schema.ts';
import { thisWeekAndNext } from '../avail/avail-view.ts';
import { formatInstant } from '../session/session-args.ts';

export type PairWhen = 'today' | 'tomorrow' | 'this-week' | 'next-week';

const DAY_MS = 86_400_000;
const DAY_MINUTES = 24 * 60;
/** Without time words, free time over this span is shown but does not filter. */
export const SHOWN_SPAN_DAYS = 14;

/** A time span of a pair query: start before end, at most MAX_WINDOW_DAYS long. */
export const windowInput = z
  .strictObject({ start: instant, end: instant })
  .refine((window) => Date.parse(window.end) > Date.parse(window.start), {
    error: 'end must be after start',
    path: ['end'],
  })
  .refine((window) => Date.parse(window.end) - Date.parse(window.start) <= MAX_WINDOW_DAYS * DAY_MS, {
    error: `at most ${MAX_WINDOW_DAYS} days`,
  });

export const spanOfInput = (window: { start: string; end: string }): Interval => ({
  startMs: Date.parse(window.start),
  endMs: Date.parse(window.end),
});

export const inputOfSpan = (span: Interval): { start: string; end: string } => ({
  start: formatInstant(span.startMs),
  end: formatInstant(span.endMs),
});

/** `2h`, `90m`, `1h30m`, `1.5h` -> minutes; undefined when the word is not a duration. */
export function parseDuration(word: string): number | undefined {
  const match = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+)m(?:in)?)?$/i.exec(word);
  if (!match || (!match[1] && !match[2])) return undefined;
  const minutes = Math.round(Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0));
  return minutes > 0 ? minutes : undefined;
}

/** Minutes as the chat reads them back: `2h`, `90m`. */
export const durationWord = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`);

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

export interface TimeWords {
  /** As the input's `window`: from a time word, `from:`/`to:`, or the next 14 days for a bare duration. */
  window?: { start: string; end: string };
  minutes?: number;
}

/**
 * The time words of a `/pair` line (`next week`, `tomorrow`, `2h`, `from:ISO to:ISO`); every other word
 * goes to `other`, which returns false for a word it does not know either, and that word is refused.
 */
export function readTimeWords(
  line: CommandLine,
  context: ParseContext,
  other: (word: string) => boolean,
  refusal: (word: string) => AppError,
): TimeWords {
  let when: PairWhen | undefined;
  let minutes: number | undefined;
  const words = line.words.map((word) => word.toLowerCase());
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const pair = `${word} ${words[i + 1] ?? ''}`;
    if (pair === 'next week' || pair === 'this week') {
      when = pair === 'next week' ? 'next-week' : 'this-week';
      i += 1;
    } else if (word === 'today' || word === 'tomorrow') when = word;
    else if (parseDuration(word) !== undefined) minutes = parseDuration(word);
    else if (!other(word)) throw refusal(line.words[i]!);
  }
  const [from, to] = [line.options.from?.[0], line.options.to?.[0]];
  if ((from === undefined) !== (to === undefined))
    throw new AppError(
      'commands.bad_args',
      'from: and to: go together, like from:2030-12-01T00:00Z to:2030-12-08T00:00Z',
    );
  const span = when
    ? spanOf(when, context.nowMs, context.timeZone)
    : minutes
      ? { startMs: context.nowMs, endMs: context.nowMs + SHOWN_SPAN_DAYS * DAY_MS }
      : undefined;
  const window = from && to ? { start: from, end: to } : span ? inputOfSpan(span) : undefined;
  return { ...(window ? { window } : {}), ...(minutes ? { minutes } : {}) };
}

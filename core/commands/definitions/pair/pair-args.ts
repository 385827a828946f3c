import type { Interval } from '../../../availability/intervals.ts';
import { localToUtcMs, utcMsToLocal } from '../../../availability/local-time.ts';
import { thisWeekAndNext } from '../avail/avail-view.ts';

export type PairWhen = 'today' | 'tomorrow' | 'this-week' | 'next-week';

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

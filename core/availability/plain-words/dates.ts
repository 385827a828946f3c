import { MONTHS, RANGE_JOINERS } from './lexicon.ts';
import type { DayRef } from './pieces.ts';
import type { Token } from './segments.ts';

function dayOfMonth(token: Token | undefined): number | undefined {
  if (!token || (token.kind !== 'num' && token.kind !== 'ordinal')) return undefined;
  return token.value !== undefined && token.value >= 1 && token.value <= 31 ? token.value : undefined;
}

const isDayNumber = (token: Token | undefined) => token?.kind === 'num' || token?.kind === 'ordinal';

/** The days from one day of the month to another ("Dec 14-18", "the 21st-23rd"), or undefined. */
function dayRange(month: number | undefined, first: number, last: number | undefined): DayRef[] | undefined {
  if (last === undefined || last <= first) return undefined;
  return Array.from({ length: last - first + 1 }, (_, k) => ({
    type: 'date' as const,
    ...(month === undefined ? {} : { month }),
    day: first + k,
  }));
}

/**
 * A date (or a run of dates) at tokens[i]: "Dec 3", "December 3rd", "3 Dec", "3rd of December",
 * "the 14th", "Dec 14-18", "the 21st-23rd", "12/13", "2026-12-03".
 */
export function dateAt(tokens: readonly Token[], i: number): { days: DayRef[]; length: number } | undefined {
  const token = tokens[i];
  if (!token) return undefined;
  const month = MONTHS[token.text];
  if (month !== undefined) {
    const day = dayOfMonth(tokens[i + 1]);
    if (day === undefined) return undefined;
    const joiner = tokens[i + 2]?.text ?? '';
    const toMonth = RANGE_JOINERS.has(joiner) ? MONTHS[tokens[i + 3]?.text ?? ''] : undefined;
    const toDay = dayOfMonth(tokens[i + 4]);
    if (toMonth !== undefined && toDay !== undefined && toMonth !== month)
      return { days: [{ type: 'run', from: { month, day }, to: { month: toMonth, day: toDay } }], length: 5 };
    if (RANGE_JOINERS.has(joiner) && isDayNumber(tokens[i + 3])) {
      const run = dayRange(month, day, dayOfMonth(tokens[i + 3]));
      return run ? { days: run, length: 4 } : undefined;
    }
    return { days: [{ type: 'date', month, day }], length: 2 };
  }
  const day = dayOfMonth(token);
  if (day !== undefined) {
    const of = tokens[i + 1]?.text === 'of' ? 1 : 0;
    const after = MONTHS[tokens[i + 1 + of]?.text ?? ''];
    if (after !== undefined) return { days: [{ type: 'date', month: after, day }], length: 2 + of };
    if (token.kind !== 'ordinal') return undefined;
    if (RANGE_JOINERS.has(tokens[i + 1]?.text ?? '') && tokens[i + 2]?.kind === 'ordinal') {
      const run = dayRange(undefined, day, dayOfMonth(tokens[i + 2]));
      return run ? { days: run, length: 3 } : undefined;
    }
    return { days: [{ type: 'date', day }], length: 1 };
  }
  if (token.kind === 'iso') {
    const [year, monthNumber, dayNumber] = token.text.split('-').map(Number) as [number, number, number];
    return { days: [{ type: 'date', year, month: monthNumber, day: dayNumber }], length: 1 };
  }
  if (token.kind === 'slash') {
    const [a, b, y] = token.text.split('/').map(Number) as [number, number, number | undefined];
    const year = y === undefined ? undefined : y < 100 ? 2000 + y : y;
    const isMonthDay = a >= 1 && a <= 12 && b >= 1 && b <= 31;
    const isDayMonth = b >= 1 && b <= 12 && a >= 1 && a <= 31;
    // US month/day only when the other reading is impossible (or the same day). 12/3 could be either:
    // a weekday beside it settles it, or it is quoted back (resolve.ts).
    const date = (m: number, d: number): DayRef => ({
      type: 'date',
      ...(year === undefined ? {} : { year }),
      month: m,
      day: d,
    });
    if (isMonthDay && isDayMonth && a !== b)
      return { days: [{ ...date(a, b), other: { month: b, day: a } } as DayRef], length: 1 };
    if (isMonthDay) return { days: [date(a, b)], length: 1 };
    if (isDayMonth && !isMonthDay) return { days: [date(b, a)], length: 1 };
  }
  return undefined;
}

import type { Token } from './segments.ts';

/** A time of day as written: "6", "6pm", "10:30", "noon". */
export interface ClockAtom {
  hour: number;
  minute: number;
  meridiem?: 'am' | 'pm';
  /** noon and midnight: no reading to choose. */
  fixedMin?: number;
}

/** A window of one day in minutes after local midnight; `endMin` may pass 1440 (past midnight). */
export interface DayWindow {
  startMin: number;
  endMin: number;
}

export const AFTER_END_MIN = 21 * 60;
export const BEFORE_START_MIN = 9 * 60;
export const WHOLE_DAY: DayWindow = { startMin: 0, endMin: 1440 };

/** The clock atom at `tokens[i]`, and how many tokens it takes ("6 o'clock" is two). */
export function clockAt(
  tokens: readonly Token[],
  i: number,
): { atom: ClockAtom; length: number } | undefined {
  const token = tokens[i];
  if (!token) return undefined;
  const oclock = tokens[i + 1]?.text === "o'clock" ? 1 : 0;
  if (token.kind === 'clock') {
    const { hour = 0, minute = 0, meridiem } = token;
    if (minute > 59 || hour > 23 || (meridiem && (hour === 0 || hour > 12))) return undefined;
    return { atom: { hour, minute, ...(meridiem ? { meridiem } : {}) }, length: 1 + oclock };
  }
  if (token.kind === 'num' && token.value !== undefined && token.value <= 24 && !/^\d{3,}$/.test(token.text))
    return { atom: { hour: token.value % 24, minute: 0 }, length: 1 + oclock };
  if (token.text === 'noon' || token.text === 'midday' || token.text === 'lunchtime')
    return { atom: { hour: 12, minute: 0, meridiem: 'pm', fixedMin: 720 }, length: 1 };
  if (token.text === 'midnight')
    return { atom: { hour: 12, minute: 0, meridiem: 'am', fixedMin: 0 }, length: 1 };
  return undefined;
}

const at = (hour: number, minute: number, meridiem: 'am' | 'pm') =>
  ((hour % 12) + (meridiem === 'pm' ? 12 : 0)) * 60 + minute;

/** Every reading of an atom, in minutes: one when am/pm, noon or a 24-hour hour is given, else both. */
function readings(atom: ClockAtom, meridiem?: 'am' | 'pm'): number[] {
  if (atom.fixedMin !== undefined) return [atom.fixedMin];
  if (atom.meridiem) return [at(atom.hour, atom.minute, atom.meridiem)];
  if (atom.hour === 0 || atom.hour > 12) return [atom.hour * 60 + atom.minute];
  if (meridiem)
    return [
      at(atom.hour, atom.minute, meridiem),
      at(atom.hour, atom.minute, meridiem === 'am' ? 'pm' : 'am'),
    ];
  return [at(atom.hour, atom.minute, 'am'), at(atom.hour, atom.minute, 'pm')];
}

/** A start with no am/pm: 1-7 is afternoon ("2-5" is 14:00-17:00), 8-11 morning, 12 noon. */
function likelyStart(atom: ClockAtom): number {
  if (atom.fixedMin !== undefined || atom.meridiem || atom.hour === 0 || atom.hour > 12)
    return readings(atom)[0]!;
  return at(atom.hour, atom.minute, atom.hour <= 7 ? 'pm' : atom.hour === 12 ? 'pm' : 'am');
}

/**
 * "2-5pm", "10 to 1", "10-2", "10pm-2am": the end's am/pm carries back to the start, and of the
 * readings left the smallest forward one wins (an end at or before the start is the next day).
 */
export function rangeWindow(from: ClockAtom, to: ClockAtom): DayWindow | undefined {
  const toMeridiem = to.fixedMin === undefined ? to.meridiem : undefined;
  const starts =
    from.meridiem || from.fixedMin !== undefined || !toMeridiem
      ? [likelyStart(from)]
      : readings(from, toMeridiem);
  let best: DayWindow | undefined;
  for (const startMin of starts) {
    for (const base of to.fixedMin === 0 ? [1440] : readings(to)) {
      const endMin = base > startMin ? base : base + 1440;
      if (endMin - startMin >= 1440) continue;
      if (!best || endMin - startMin < best.endMin - best.startMin) best = { startMin, endMin };
    }
  }
  return best;
}

/** "after 6" = 18:00-21:00 (an hour up to 8 without am/pm is pm); from 21:00 on, until midnight. */
export function afterWindow(atom: ClockAtom): DayWindow {
  const startMin =
    atom.fixedMin ??
    (atom.meridiem || atom.hour === 0 || atom.hour > 12
      ? readings(atom)[0]!
      : at(atom.hour, atom.minute, atom.hour <= 8 ? 'pm' : atom.hour === 12 ? 'pm' : 'am'));
  return { startMin, endMin: startMin < AFTER_END_MIN ? AFTER_END_MIN : 1440 };
}

/** "before noon" = 09:00-12:00; without am/pm the end is the first reading after 09:00. */
export function beforeWindow(atom: ClockAtom): DayWindow | undefined {
  const endMin =
    atom.fixedMin === 0 ? 1440 : (readings(atom).find((min) => min > BEFORE_START_MIN) ?? readings(atom)[0]!);
  return endMin > BEFORE_START_MIN ? { startMin: BEFORE_START_MIN, endMin } : undefined;
}

/** "at 3" / "3pm": the hour from then (1-7 without am/pm is pm). */
export function atWindow(atom: ClockAtom): DayWindow {
  const startMin = likelyStart(atom);
  return { startMin, endMin: startMin + 60 };
}

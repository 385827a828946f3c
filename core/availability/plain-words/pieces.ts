import { dateAt } from './dates.ts';
import {
  CITIES,
  type City,
  FILLER_WORDS,
  LIST_WORDS,
  LOCATION_LEADS,
  NEGATION_WORDS,
  PARTS_OF_DAY,
  PLURAL_WEEKDAYS,
  RANGE_JOINERS,
  TODAY_WORDS,
  TOMORROW_WORDS,
  TONIGHT_WORDS,
  WEEKDAYS,
} from './lexicon.ts';
import type { Token } from './segments.ts';
import { readPartOfDay, TIME_READERS, words } from './time-pieces.ts';
import type { DayWindow } from './times.ts';

/** A day as written: a weekday, a date, today/tomorrow, or a set of days. */
export type DayRef =
  | { type: 'weekday'; weekday: number; isPlural: boolean; week?: number }
  | {
      type: 'date';
      year?: number;
      month?: number;
      day: number;
      /** 12/10 read the other way (10 December / 12 October): settled by a weekday beside it. */
      other?: { month: number; day: number };
    }
  /** "Dec 21 - Jan 3": every day from one date to the other. */
  | { type: 'run'; from: { month: number; day: number }; to: { month: number; day: number } }
  | { type: 'relative'; offsetDays: number }
  | { type: 'weekdays'; isPlural: boolean }
  | { type: 'weekend'; isPlural: boolean; week?: number }
  /** "the week of the 14th": Monday to Sunday of the week holding that date. */
  | { type: 'weekOf'; date: Extract<DayRef, { type: 'date' }> }
  | { type: 'daily' };

/** One meaningful piece of a clause, with the tokens it came from. */
export type Piece = { first: number; last: number } & (
  | { type: 'day'; day: DayRef }
  | { type: 'time'; window: DayWindow; isPlural: boolean; isWeak: boolean; isPartOfDay?: boolean }
  | { type: 'week'; week: number }
  | { type: 'every'; interval: number }
  | { type: 'negation' }
  /** "except", "excluding", "apart from": the days after it are taken out. */
  | { type: 'except' }
  | { type: 'list' }
  | { type: 'city'; city: City }
  | { type: 'until'; day: DayRef }
  | { type: 'unknown'; text: string }
);

/** A piece before it is placed: what it says, without its tokens. */
export type PieceBody = Piece extends infer P ? (P extends Piece ? Omit<P, 'first' | 'last'> : never) : never;

/** What a reader took from the tokens at one place: how many tokens, and the pieces they say. */
export interface Read {
  length: number;
  pieces: PieceBody[];
}

type Reader = (tokens: readonly Token[], i: number) => Read | undefined;

const WEEK_PHRASES: [string[], number][] = [
  [['the', 'week', 'after', 'next'], 2],
  [['week', 'after', 'next'], 2],
  [['the', 'week', 'after'], 2],
  [['the', 'following', 'week'], 2],
  [['this', 'week'], 0],
  [['this', 'coming', 'week'], 1],
  [['next', 'week'], 1],
  [['nxt', 'week'], 1],
  [['next', 'wk'], 1],
  [['this', 'wk'], 0],
];

function cityAt(tokens: readonly Token[], i: number): { city: City; length: number } | undefined {
  for (const length of [3, 2, 1]) {
    const name = tokens
      .slice(i, i + length)
      .map((token) => token.text)
      .join(' ');
    const city = tokens.slice(i, i + length).length === length ? CITIES[name] : undefined;
    if (city) return { city, length };
  }
  return undefined;
}

function weekdayAt(token: Token): { weekday: number; isPlural: boolean } | undefined {
  const singular = WEEKDAYS[token.text];
  if (singular !== undefined) return { weekday: singular, isPlural: false };
  const plural = PLURAL_WEEKDAYS[token.text];
  return plural === undefined ? undefined : { weekday: plural, isPlural: true };
}

const one = (piece: PieceBody, length = 1): Read => ({ length, pieces: [piece] });
const days = (length: number, refs: readonly DayRef[]): Read => ({
  length,
  pieces: refs.map((day) => ({ type: 'day', day })),
});
const EVENING = { startMin: PARTS_OF_DAY.evening!.startMin, endMin: PARTS_OF_DAY.evening!.endMin };

/** "this week", "next week", "the week after", "week after next". */
const readWeek: Reader = (tokens, i) => {
  const phrase = WEEK_PHRASES.find(([candidate]) => words(tokens, i, candidate));
  return phrase && one({ type: 'week', week: phrase[1] }, phrase[0].length);
};

/** "this Friday", "next Tue", "next weekend", "this afternoon" (today). */
const readThisOrNext: Reader = (tokens, i) => {
  const text = tokens[i]!.text;
  const next = tokens[i + 1];
  if (!next || !['this', 'next', 'nxt', 'coming'].includes(text)) return undefined;
  const week = text === 'this' ? 0 : 1;
  const weekday = weekdayAt(next);
  if (weekday) return one({ type: 'day', day: { type: 'weekday', ...weekday, week } }, 2);
  if (next.text === 'weekend')
    return one({ type: 'day', day: { type: 'weekend', isPlural: false, week } }, 2);
  if (text === 'this' && PARTS_OF_DAY[next.text])
    return one({ type: 'day', day: { type: 'relative', offsetDays: 0 } });
  return undefined;
};

/** "the week of the 14th". */
const readWeekOf: Reader = (tokens, i) => {
  if (tokens[i]!.text !== 'week' || tokens[i + 1]?.text !== 'of') return undefined;
  const start = tokens[i + 2]?.text === 'the' ? i + 3 : i + 2;
  const date = dateAt(tokens, start);
  const first = date?.days[0];
  if (date?.days.length !== 1 || first?.type !== 'date') return undefined;
  return one({ type: 'day', day: { type: 'weekOf', date: first } }, start - i + date.length);
};

/** "every", "each", "every other", "every day". */
const readEvery: Reader = (tokens, i) => {
  const next = tokens[i + 1];
  if (!next || !['every', 'each', 'evry', 'ever'].includes(tokens[i]!.text)) return undefined;
  if (next.text === 'other' || next.text === 'second') return one({ type: 'every', interval: 2 }, 2);
  if (next.text === 'day' || next.text === 'single') return one({ type: 'day', day: { type: 'daily' } }, 2);
  return one({ type: 'every', interval: 1 });
};

/** "until the 10th" (for location notes). */
const readUntil: Reader = (tokens, i) => {
  const next = tokens[i + 1];
  if (!next || !['until', 'till', 'til', 'through', 'thru'].includes(tokens[i]!.text)) return undefined;
  const skip = next.text === 'the' ? 1 : 0;
  const date = dateAt(tokens, i + 1 + skip);
  const day = date?.days.at(-1);
  return date && day ? one({ type: 'until', day }, 1 + skip + date.length) : undefined;
};

/** "in LA", "to New York", "visiting Tokyo". */
const readCity: Reader = (tokens, i) => {
  if (!LOCATION_LEADS.has(tokens[i]!.text)) return undefined;
  const city = cityAt(tokens, i + 1);
  return city && one({ type: 'city', city: city.city }, 1 + city.length);
};

const readDate: Reader = (tokens, i) => {
  const date = dateAt(tokens, i);
  return date && days(date.length, date.days);
};

/** "Tue", "Tuesdays", and runs: "Mon-Fri", "Monday through Wednesday" (each day read as that weekday). */
const readWeekday: Reader = (tokens, i) => {
  const weekday = weekdayAt(tokens[i]!);
  if (!weekday) return undefined;
  const last =
    RANGE_JOINERS.has(tokens[i + 1]?.text ?? '') && tokens[i + 2] ? weekdayAt(tokens[i + 2]!) : undefined;
  if (!last) return one({ type: 'day', day: { type: 'weekday', ...weekday } });
  const isPlural = weekday.isPlural || last.isPlural;
  const length = ((last.weekday - weekday.weekday + 7) % 7) + 1;
  return days(
    3,
    Array.from({ length }, (_, k) => ({
      type: 'weekday' as const,
      weekday: ((weekday.weekday - 1 + k) % 7) + 1,
      isPlural,
    })),
  );
};

/** One word that names days, or a relation between pieces. */
const readWord: Reader = (tokens, i) => {
  const text = tokens[i]!.text;
  if (['weekdays', 'weekday', 'wkdays', 'weekdys'].includes(text))
    return one({ type: 'day', day: { type: 'weekdays', isPlural: text !== 'weekday' } });
  if (text === 'weeknights' || text === 'weeknight')
    return {
      length: 1,
      pieces: [
        { type: 'day', day: { type: 'weekdays', isPlural: true } },
        { type: 'time', window: EVENING, isPlural: true, isWeak: false, isPartOfDay: true },
      ],
    };
  if (['weekends', 'weekend', 'wkend', 'wknd'].includes(text))
    return one({ type: 'day', day: { type: 'weekend', isPlural: text === 'weekends' } });
  if (text === 'daily' || text === 'everyday') return one({ type: 'day', day: { type: 'daily' } });
  if (TODAY_WORDS.has(text)) return one({ type: 'day', day: { type: 'relative', offsetDays: 0 } });
  if (TOMORROW_WORDS.has(text)) return one({ type: 'day', day: { type: 'relative', offsetDays: 1 } });
  if (TONIGHT_WORDS.has(text))
    return {
      length: 1,
      pieces: [
        { type: 'day', day: { type: 'relative', offsetDays: 0 } },
        { type: 'time', window: EVENING, isPlural: false, isWeak: true },
      ],
    };
  if (LIST_WORDS.has(text)) return one({ type: 'list' });
  if (NEGATION_WORDS.has(text)) return one({ type: 'negation' });
  if (text === 'except' || text === 'excluding') return one({ type: 'except' });
  if (text === 'apart' && tokens[i + 1]?.text === 'from') return one({ type: 'except' }, 2);
  return undefined;
};

// Longer phrases first: "next week" before "next Tue", "the week after" before "after 6", a range before a date.
const READERS: readonly Reader[] = [
  readWeek,
  readThisOrNext,
  readWeekOf,
  TIME_READERS[0],
  readEvery,
  ...TIME_READERS.slice(1),
  readUntil,
  readCity,
  readDate,
  readWeekday,
  readWord,
  readPartOfDay,
];

/** Reads one clause's tokens into pieces; words it does not know become `unknown` pieces. */
export function readPieces(tokens: readonly Token[]): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    let read: Read | undefined;
    for (const reader of READERS) {
      read = reader(tokens, i);
      if (read) break;
    }
    if (!read && (FILLER_WORDS.has(token.text) || token.kind === 'punct')) read = { length: 1, pieces: [] };
    read ??= one({ type: 'unknown', text: token.text });
    for (const piece of read.pieces) pieces.push({ first: i, last: i + read.length - 1, ...piece } as Piece);
    i += read.length;
  }
  return pieces;
}

import {
  CITIES,
  type City,
  FILLER_WORDS,
  LOCATION_LEADS,
  MONTHS,
  NEGATION_WORDS,
  PARTS_OF_DAY,
  PLURAL_WEEKDAYS,
  TODAY_WORDS,
  TOMORROW_WORDS,
  TONIGHT_WORDS,
  WEEKDAYS,
} from './lexicon.ts';
import type { Token } from './segments.ts';
import {
  afterWindow,
  atWindow,
  beforeWindow,
  clockAt,
  type DayWindow,
  rangeWindow,
  WHOLE_DAY,
} from './times.ts';

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

const RANGE_JOINERS = new Set(['-', 'to', 'till', 'til', 'until', 'thru', 'through']);
const ONWARDS = new Set(['onwards', 'onward']);
const AFTER_WORDS = new Set(['after', 'past', 'from', 'post', 'afer', 'aftr']);
const BEFORE_WORDS = new Set(['before', 'until', 'till', 'til', 'by', 'b4', 'befor', 'untill']);
const AT_WORDS = new Set(['at', '@', 'around', 'about', '~', 'ish']);
const LIST_WORDS = new Set(['and', 'or', '&', '+', '/', 'nor', 'n', 'plus']);
const ALL_DAY = [
  ['all', 'day'],
  ['all', '-', 'day'],
  ['all', 'day', 'long'],
  ['whole', 'day'],
  ['full', 'day'],
  ['any', 'time'],
  ['anytime'],
  ['all', 'the', 'time'],
  ['any', 'day'],
];
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

const words = (tokens: readonly Token[], i: number, phrase: readonly string[]) =>
  phrase.every((word, k) => tokens[i + k]?.text === word);

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
function dateAt(tokens: readonly Token[], i: number): { days: DayRef[]; length: number } | undefined {
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

/** Reads one clause's tokens into pieces; words it does not know become `unknown` pieces. */
export function readPieces(tokens: readonly Token[]): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  const add = (length: number, piece: Record<string, unknown> & { type: Piece['type'] }) => {
    pieces.push({ first: i, last: i + length - 1, ...piece } as Piece);
    i += length;
  };
  const addDays = (length: number, days: readonly DayRef[]) => {
    for (const day of days) pieces.push({ first: i, last: i + length - 1, type: 'day', day });
    i += length;
  };
  while (i < tokens.length) {
    const token = tokens[i]!;
    const text = token.text;
    const next = tokens[i + 1];
    const week = WEEK_PHRASES.find(([phrase]) => words(tokens, i, phrase));
    if (week) {
      add(week[0].length, { type: 'week', week: week[1] });
      continue;
    }
    if ((text === 'this' || text === 'next' || text === 'nxt' || text === 'coming') && next) {
      const scope = text === 'this' ? 0 : 1;
      const weekday = weekdayAt(next);
      if (weekday) {
        add(2, { type: 'day', day: { type: 'weekday', ...weekday, week: scope } });
        continue;
      }
      if (next.text === 'weekend') {
        add(2, { type: 'day', day: { type: 'weekend', isPlural: false, week: scope } });
        continue;
      }
      const part = PARTS_OF_DAY[next.text];
      if (text === 'this' && part) {
        add(1, { type: 'day', day: { type: 'relative', offsetDays: 0 } });
        continue;
      }
    }
    if (text === 'week' && next?.text === 'of') {
      const start = tokens[i + 2]?.text === 'the' ? i + 3 : i + 2;
      const date = dateAt(tokens, start);
      const first = date?.days[0];
      if (date?.days.length === 1 && first?.type === 'date') {
        add(start - i + date.length, { type: 'day', day: { type: 'weekOf', date: first } });
        continue;
      }
    }
    const allDay = ALL_DAY.find((phrase) => words(tokens, i, phrase));
    if (allDay) {
      add(allDay.length, { type: 'time', window: WHOLE_DAY, isPlural: false, isWeak: true });
      continue;
    }
    if ((text === 'every' || text === 'each' || text === 'evry' || text === 'ever') && next) {
      if (next.text === 'other' || next.text === 'second') add(2, { type: 'every', interval: 2 });
      else if (next.text === 'day' || next.text === 'single') add(2, { type: 'day', day: { type: 'daily' } });
      else add(1, { type: 'every', interval: 1 });
      continue;
    }
    if (text === 'between' && clockAt(tokens, i + 1)) {
      const from = clockAt(tokens, i + 1)!;
      const joiner = i + 1 + from.length;
      const to =
        tokens[joiner]?.text === 'and' || RANGE_JOINERS.has(tokens[joiner]?.text ?? '')
          ? clockAt(tokens, joiner + 1)
          : undefined;
      const window = to && rangeWindow(from.atom, to.atom);
      if (to && window) {
        add(2 + from.length + to.length, { type: 'time', window, isPlural: false, isWeak: false });
        continue;
      }
    }
    const from = clockAt(tokens, text === 'from' ? i + 1 : i);
    if (
      from &&
      (text === 'from' || token.kind === 'clock' || token.kind === 'num' || from.atom.fixedMin !== undefined)
    ) {
      const lead = text === 'from' ? 1 : 0;
      const joiner = i + lead + from.length;
      const to = RANGE_JOINERS.has(tokens[joiner]?.text ?? '') ? clockAt(tokens, joiner + 1) : undefined;
      const window = to && rangeWindow(from.atom, to.atom);
      if (to && window) {
        add(lead + from.length + 1 + to.length, { type: 'time', window, isPlural: false, isWeak: false });
        continue;
      }
      if (lead) {
        add(1 + from.length, {
          type: 'time',
          window: afterWindow(from.atom),
          isPlural: false,
          isWeak: false,
        });
        continue;
      }
      if (ONWARDS.has(tokens[joiner]?.text ?? '')) {
        add(from.length + 1, {
          type: 'time',
          window: afterWindow(from.atom),
          isPlural: false,
          isWeak: false,
        });
        continue;
      }
      if ((token.kind === 'clock' && token.meridiem) || from.atom.fixedMin === 720) {
        add(from.length, { type: 'time', window: atWindow(from.atom), isPlural: false, isWeak: false });
        continue;
      }
    }
    const lead =
      AFTER_WORDS.has(text) || BEFORE_WORDS.has(text) || AT_WORDS.has(text)
        ? clockAt(tokens, i + 1)
        : undefined;
    if (lead) {
      const window = AFTER_WORDS.has(text)
        ? afterWindow(lead.atom)
        : BEFORE_WORDS.has(text)
          ? beforeWindow(lead.atom)
          : lead.atom.fixedMin === 0
            ? undefined
            : atWindow(lead.atom);
      if (window) add(1 + lead.length, { type: 'time', window, isPlural: false, isWeak: false });
      else add(1 + lead.length, { type: 'unknown', text });
      continue;
    }
    if (
      (text === 'until' || text === 'till' || text === 'til' || text === 'through' || text === 'thru') &&
      next
    ) {
      const untilDate = dateAt(tokens, next.text === 'the' ? i + 2 : i + 1);
      if (untilDate) {
        add(1 + (next.text === 'the' ? 1 : 0) + untilDate.length, {
          type: 'until',
          day: untilDate.days.at(-1),
        });
        continue;
      }
    }
    if (LOCATION_LEADS.has(text) && next) {
      const city = cityAt(tokens, i + 1);
      if (city) {
        add(1 + city.length, { type: 'city', city: city.city });
        continue;
      }
    }
    const date = dateAt(tokens, i);
    if (date) {
      addDays(date.length, date.days);
      continue;
    }
    const weekday = weekdayAt(token);
    const lastWeekday =
      weekday && RANGE_JOINERS.has(next?.text ?? '') && tokens[i + 2] ? weekdayAt(tokens[i + 2]!) : undefined;
    if (weekday && lastWeekday) {
      // "Mon-Fri", "Monday through Wednesday": every day of the run, each read as that weekday.
      const length = ((lastWeekday.weekday - weekday.weekday + 7) % 7) + 1;
      const isPlural = weekday.isPlural || lastWeekday.isPlural;
      addDays(
        3,
        Array.from({ length }, (_, k) => ({
          type: 'weekday' as const,
          weekday: ((weekday.weekday - 1 + k) % 7) + 1,
          isPlural,
        })),
      );
    } else if (weekday) add(1, { type: 'day', day: { type: 'weekday', ...weekday } });
    else if (text === 'weekdays' || text === 'weekday' || text === 'wkdays' || text === 'weekdys')
      add(1, { type: 'day', day: { type: 'weekdays', isPlural: text !== 'weekday' } });
    else if (text === 'weeknights' || text === 'weeknight') {
      add(1, { type: 'day', day: { type: 'weekdays', isPlural: true } });
      pieces.push({
        first: i - 1,
        last: i - 1,
        type: 'time',
        window: PARTS_OF_DAY.evening!,
        isPlural: true,
        isWeak: false,
        isPartOfDay: true,
      });
    } else if (text === 'weekends' || text === 'weekend' || text === 'wkend' || text === 'wknd')
      add(1, { type: 'day', day: { type: 'weekend', isPlural: text === 'weekends' } });
    else if (text === 'daily' || text === 'everyday') add(1, { type: 'day', day: { type: 'daily' } });
    else if (TODAY_WORDS.has(text)) add(1, { type: 'day', day: { type: 'relative', offsetDays: 0 } });
    else if (TOMORROW_WORDS.has(text)) add(1, { type: 'day', day: { type: 'relative', offsetDays: 1 } });
    else if (TONIGHT_WORDS.has(text)) {
      add(1, { type: 'day', day: { type: 'relative', offsetDays: 0 } });
      pieces.push({
        first: i - 1,
        last: i - 1,
        type: 'time',
        window: PARTS_OF_DAY.evening!,
        isPlural: false,
        isWeak: true,
      });
    } else if (PARTS_OF_DAY[text]) {
      const part = PARTS_OF_DAY[text]!;
      add(1, { type: 'time', window: part, isPlural: part.isPlural, isWeak: false, isPartOfDay: true });
    } else if (LIST_WORDS.has(text)) add(1, { type: 'list' });
    else if (NEGATION_WORDS.has(text)) add(1, { type: 'negation' });
    else if (text === 'except' || text === 'excluding' || (text === 'apart' && next?.text === 'from'))
      add(text === 'apart' ? 2 : 1, { type: 'except' });
    else if (FILLER_WORDS.has(text) || token.kind === 'punct') i++;
    else add(1, { type: 'unknown', text: token.text });
  }
  return pieces;
}

import { PARTS_OF_DAY, RANGE_JOINERS } from './lexicon.ts';
import type { PieceBody, Read } from './pieces.ts';
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

const ONWARDS = new Set(['onwards', 'onward']);
const AFTER_WORDS = new Set(['after', 'past', 'from', 'post', 'afer', 'aftr']);
const BEFORE_WORDS = new Set(['before', 'until', 'till', 'til', 'by', 'b4', 'befor', 'untill']);
const AT_WORDS = new Set(['at', '@', 'around', 'about', '~', 'ish']);
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

export const words = (tokens: readonly Token[], i: number, phrase: readonly string[]) =>
  phrase.every((word, k) => tokens[i + k]?.text === word);

const stated = (length: number, window: DayWindow): Read => ({
  length,
  pieces: [{ type: 'time', window, isPlural: false, isWeak: false }],
});

/** "all day", "any time": the whole day, unless the statement also states a time ("any time after 6"). */
function readAllDay(tokens: readonly Token[], i: number): Read | undefined {
  const phrase = ALL_DAY.find((candidate) => words(tokens, i, candidate));
  return (
    phrase && {
      length: phrase.length,
      pieces: [{ type: 'time', window: WHOLE_DAY, isPlural: false, isWeak: true }],
    }
  );
}

/** "between 2 and 5". */
function readBetween(tokens: readonly Token[], i: number): Read | undefined {
  if (tokens[i]?.text !== 'between') return undefined;
  const from = clockAt(tokens, i + 1);
  if (!from) return undefined;
  const joiner = tokens[i + 1 + from.length]?.text ?? '';
  const to = joiner === 'and' || RANGE_JOINERS.has(joiner) ? clockAt(tokens, i + 2 + from.length) : undefined;
  const window = to && rangeWindow(from.atom, to.atom);
  return to && window ? stated(2 + from.length + to.length, window) : undefined;
}

/** A clock time at i (or after "from"): "2-5pm", "from 1:30 to 3", "from 6", "3pm onwards", "3pm", "noon". */
function readClock(tokens: readonly Token[], i: number): Read | undefined {
  const token = tokens[i]!;
  const lead = token.text === 'from' ? 1 : 0;
  const from = clockAt(tokens, i + lead);
  if (!from || !(lead || token.kind === 'clock' || token.kind === 'num' || from.atom.fixedMin !== undefined))
    return undefined;
  const joiner = i + lead + from.length;
  const to = RANGE_JOINERS.has(tokens[joiner]?.text ?? '') ? clockAt(tokens, joiner + 1) : undefined;
  const window = to && rangeWindow(from.atom, to.atom);
  if (to && window) return stated(lead + from.length + 1 + to.length, window);
  if (lead) return stated(1 + from.length, afterWindow(from.atom));
  if (ONWARDS.has(tokens[joiner]?.text ?? '')) return stated(from.length + 1, afterWindow(from.atom));
  // A bare "3" is not a time (a date? a count?); "3pm" and "noon" are.
  if ((token.kind === 'clock' && token.meridiem) || from.atom.fixedMin === 720)
    return stated(from.length, atWindow(from.atom));
  return undefined;
}

/** "after 6", "before noon", "until 3", "at 3"; "after midnight" is not read. */
function readLeadWord(tokens: readonly Token[], i: number): Read | undefined {
  const text = tokens[i]!.text;
  if (!AFTER_WORDS.has(text) && !BEFORE_WORDS.has(text) && !AT_WORDS.has(text)) return undefined;
  const atom = clockAt(tokens, i + 1);
  if (!atom) return undefined;
  const window = AFTER_WORDS.has(text)
    ? afterWindow(atom.atom)
    : BEFORE_WORDS.has(text)
      ? beforeWindow(atom.atom)
      : atom.atom.fixedMin === 0
        ? undefined
        : atWindow(atom.atom);
  return window
    ? stated(1 + atom.length, window)
    : { length: 1 + atom.length, pieces: [{ type: 'unknown', text }] };
}

/** "morning", "evenings", "arvo": a part of the day (plural: every day). */
function readPartOfDay(tokens: readonly Token[], i: number): Read | undefined {
  const part = PARTS_OF_DAY[tokens[i]!.text];
  const piece: PieceBody | undefined = part && {
    type: 'time',
    window: { startMin: part.startMin, endMin: part.endMin },
    isPlural: part.isPlural,
    isWeak: false,
    isPartOfDay: true,
  };
  return piece && { length: 1, pieces: [piece] };
}

/** The time readers, in the order they are tried. */
export const TIME_READERS = [readAllDay, readBetween, readClock, readLeadWord] as const;
export { readPartOfDay };

import type { City } from './lexicon.ts';
import type { DayRef, Piece } from './pieces.ts';
import type { DayWindow } from './times.ts';

/** What one statement says, before any date is worked out. */
export interface Frame {
  isNegated: boolean;
  days: DayRef[];
  windows: { window: DayWindow; isPlural: boolean }[];
  week?: number;
  /** "every" (1) or "every other" (2). */
  everyInterval?: number;
  city?: City;
  until?: DayRef;
  unknownWords: string[];
  /** Token indexes of the statement within its clause. */
  firstToken: number;
  lastToken: number;
}

const starts = (piece: Piece | undefined, types: readonly Piece['type'][]) =>
  piece !== undefined && types.includes(piece.type);

/**
 * Splits a clause's pieces into statements: "Tue after 6 and Thu 2-5pm" is two, "Mon and Tue after
 * 6" one (the days share the time), "not Fri and Sat" one (both off), "Mon and not Tue" two.
 */
export function groupPieces(pieces: readonly Piece[]): Piece[][] {
  const groups: Piece[][] = [];
  let current: Piece[] = [];
  const has = (type: Piece['type']) => current.some((piece) => piece.type === type);
  const isComplete = () => (has('day') || has('week')) && has('time');
  for (const [k, piece] of pieces.entries()) {
    let isNewStatement = false;
    if (piece.type === 'list') {
      const next = pieces.slice(k + 1).find((p) => p.type !== 'list');
      isNewStatement =
        (starts(next, ['negation']) && !has('negation')) ||
        (starts(next, ['day', 'every', 'week']) && isComplete()) ||
        starts(next, ['city']);
      if (isNewStatement) {
        if (current.length) groups.push(current);
        current = [];
        continue;
      }
    } else if (
      (starts(piece, ['day', 'every']) && isComplete()) ||
      (piece.type === 'negation' && !has('negation') && (has('day') || has('time'))) ||
      (piece.type === 'city' && current.some((p) => p.type !== 'list'))
    )
      isNewStatement = true;
    if (isNewStatement && current.length) {
      groups.push(current);
      current = [];
    }
    current.push(piece);
  }
  if (current.length) groups.push(current);
  return groups;
}

/** The frame of one statement's pieces. */
export function frameOf(pieces: readonly Piece[]): Frame {
  const frame: Frame = {
    isNegated: false,
    days: [],
    windows: [],
    unknownWords: [],
    firstToken: Math.min(...pieces.map((piece) => piece.first)),
    lastToken: Math.max(...pieces.map((piece) => piece.last)),
  };
  const hasStrongTime = pieces.some((piece) => piece.type === 'time' && !piece.isWeak);
  for (const piece of pieces) {
    if (piece.type === 'negation') frame.isNegated = true;
    else if (piece.type === 'day') frame.days.push(piece.day);
    else if (piece.type === 'time' && (!piece.isWeak || !hasStrongTime)) {
      const isDuplicate = frame.windows.some(
        ({ window }) => window.startMin === piece.window.startMin && window.endMin === piece.window.endMin,
      );
      if (!isDuplicate)
        frame.windows.push({
          window: { startMin: piece.window.startMin, endMin: piece.window.endMin },
          isPlural: piece.isPlural,
        });
    } else if (piece.type === 'week') frame.week = piece.week;
    else if (piece.type === 'every') frame.everyInterval = piece.interval;
    else if (piece.type === 'city') frame.city = piece.city;
    else if (piece.type === 'until') frame.until = piece.day;
    else if (piece.type === 'unknown') frame.unknownWords.push(piece.text);
  }
  return frame;
}

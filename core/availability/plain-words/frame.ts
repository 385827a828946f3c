import type { City } from './lexicon.ts';
import type { DayRef, Piece } from './pieces.ts';
import type { DayWindow } from './times.ts';

/** What one statement says, before any date is worked out. */
export interface Frame {
  isNegated: boolean;
  days: DayRef[];
  /** Days taken out: "every afternoon except Fridays". */
  exceptDays: DayRef[];
  windows: { window: DayWindow; isPlural: boolean }[];
  week?: number;
  /** "every" (1) or "every other" (2). */
  everyInterval?: number;
  city?: City;
  until?: DayRef;
  unknownWords: string[];
  /** The statement opens with a day ("Thu 2-5pm", not "2-5pm Thu" or "not Thu"). */
  startsWithDay: boolean;
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
  // A day (or week) with a time stated after it: a further day starts a new statement. A time said
  // first ("9-12 on Monday and Tuesday") is shared by the days that follow.
  const isComplete = () => {
    const firstDay = current.findIndex((p) => p.type === 'day' || p.type === 'week');
    return firstDay >= 0 && current.some((p, k) => p.type === 'time' && k > firstDay);
  };
  for (const [k, piece] of pieces.entries()) {
    let isNewStatement = false;
    if (piece.type === 'list') {
      const next = pieces.slice(k + 1).find((p) => p.type !== 'list');
      isNewStatement =
        (starts(next, ['negation']) && !has('negation')) ||
        (starts(next, ['day', 'every', 'week']) && isComplete()) ||
        (starts(next, ['city']) && isComplete());
      if (isNewStatement) {
        if (current.length) groups.push(current);
        current = [];
        continue;
      }
    } else if (
      (starts(piece, ['day', 'every']) && isComplete() && current.at(-1)?.type !== 'except') ||
      // "Tue after 6 not Fri" is two statements; "Friday is out" one.
      (piece.type === 'negation' &&
        !has('negation') &&
        (has('day') || has('time')) &&
        pieces.slice(k + 1).some((p) => p.type === 'day' || p.type === 'time')) ||
      (piece.type === 'city' && isComplete())
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
    exceptDays: [],
    windows: [],
    unknownWords: [],
    startsWithDay: pieces.find((piece) => piece.type !== 'list')?.type === 'day',
    firstToken: Math.min(...pieces.map((piece) => piece.first)),
    lastToken: Math.max(...pieces.map((piece) => piece.last)),
  };
  const hasStrongTime = pieces.some((piece) => piece.type === 'time' && !piece.isWeak);
  const times = pieces.flatMap((piece) =>
    piece.type === 'time' && (!piece.isWeak || !hasStrongTime) ? [piece] : [],
  );
  for (const window of narrowed(times)) {
    const isDuplicate = frame.windows.some(
      (w) => w.window.startMin === window.window.startMin && w.window.endMin === window.window.endMin,
    );
    if (!isDuplicate) frame.windows.push(window);
  }
  let isExcepting = false;
  for (const piece of pieces) {
    if (piece.type === 'negation') frame.isNegated = true;
    else if (piece.type === 'except') isExcepting = true;
    else if (piece.type === 'day') (isExcepting ? frame.exceptDays : frame.days).push(piece.day);
    else if (piece.type === 'week') frame.week = piece.week;
    else if (piece.type === 'every') frame.everyInterval = piece.interval;
    else if (piece.type === 'city') frame.city = piece.city;
    else if (piece.type === 'until') frame.until = piece.day;
    else if (piece.type === 'unknown') frame.unknownWords.push(piece.text);
  }
  if (isExcepting && frame.exceptDays.length === 0) frame.unknownWords.push('except');
  return frame;
}

/** Only days, said plainly ("Mon", "the 14th"): such a statement takes the time of the next one. */
export function isBareDays(frame: Frame): boolean {
  return (
    frame.days.length > 0 &&
    frame.windows.length === 0 &&
    !frame.isNegated &&
    frame.week === undefined &&
    frame.everyInterval === undefined &&
    !frame.city &&
    !frame.until &&
    frame.unknownWords.length === 0 &&
    frame.days.every(
      (day) => (day.type === 'weekday' && !day.isPlural && day.week === undefined) || day.type === 'date',
    )
  );
}

/** "Mon, Tue 2-5pm", "Mon, Wed, Fri mornings", "Thursday, 2-5pm": the listed days share what follows. */
export function takesListedDays(frame: Frame): boolean {
  if (frame.city || frame.unknownWords.length > 0) return false;
  if (frame.startsWithDay) return frame.windows.length > 0 || frame.isNegated;
  return frame.days.length === 0 && frame.week === undefined && frame.windows.length > 0 && !frame.isNegated;
}

type TimePiece = Extract<Piece, { type: 'time' }>;

/**
 * A part of the day and a stated time narrow each other: "weeknights after 7" is 19:00-21:00,
 * "mornings before 11" 09:00-11:00. Times that overlap no part (and parts no time) stand alone.
 */
function narrowed(times: readonly TimePiece[]): { window: DayWindow; isPlural: boolean }[] {
  const parts = times.filter((time) => time.isPartOfDay);
  const stated = times.filter((time) => !time.isPartOfDay);
  const overlaps = (a: DayWindow, b: DayWindow) => a.startMin < b.endMin && b.startMin < a.endMin;
  const windows: { window: DayWindow; isPlural: boolean }[] = [];
  for (const time of stated) {
    const within = parts.filter((part) => overlaps(part.window, time.window));
    if (within.length === 0) windows.push({ window: time.window, isPlural: time.isPlural });
    for (const part of within)
      windows.push({
        window: {
          startMin: Math.max(part.window.startMin, time.window.startMin),
          endMin: Math.min(part.window.endMin, time.window.endMin),
        },
        isPlural: part.isPlural || time.isPlural,
      });
  }
  for (const part of parts)
    if (!stated.some((time) => overlaps(part.window, time.window)))
      windows.push({
        window: { startMin: part.window.startMin, endMin: part.window.endMin },
        isPlural: part.isPlural,
      });
  return windows.toSorted((a, b) => a.window.startMin - b.window.startMin);
}

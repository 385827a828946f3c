import { DateTime } from 'luxon';
import { AppError } from '../../shared/app-error.ts';
import { isValidTimeZone } from '../local-time.ts';
import { frameOf, groupPieces } from './frame.ts';
import { readPieces } from './pieces.ts';
import { noteDates, type ReadContext, type ResolvedItem, resolveFrame } from './resolve.ts';
import { splitClauses, tokenize } from './segments.ts';

export interface PlainWordsInput {
  text: string;
  timeZone: string;
  now: Date | string;
}

export interface UnderstoodItem {
  kind: 'available' | 'unavailable';
  /** ISO 8601 with the creator's UTC offset on that date, e.g. 2026-12-08T18:00:00-06:00. */
  start: string;
  /** Same form; a whole day is 00:00 to the next day's 00:00. */
  end: string;
  /** A weekly or daily rule; start/end are then its first occurrence on or after now. */
  rrule?: string;
  /** The words of the reply this item came from, quoted back on the confirmation card. */
  source: string;
}

/** "I'm in LA next week": a note with a time-zone hint and the dates it covers, never a time item. */
export interface PlainWordsNote {
  text: string;
  timeZoneHint?: string;
  from?: string;
  to?: string;
}

export interface PlainWordsResult {
  understood: UnderstoodItem[];
  notUnderstood: string[];
  notes: PlainWordsNote[];
}

export const MAX_TEXT_CHARS = 2_000;
export const MAX_ITEMS = 50;

const badInput = (field: string, message: string) =>
  new AppError('availability.bad_plain_words', `${field}: ${message}`, { field });

function contextOf(input: PlainWordsInput): ReadContext {
  const { text, timeZone, now } = (input ?? {}) as Partial<PlainWordsInput>;
  if (typeof text !== 'string') throw badInput('text', 'expected the reply as a string');
  if (!text.trim()) throw badInput('text', 'is empty; expected words such as "Tue after 6, not Friday"');
  if (text.length > MAX_TEXT_CHARS)
    throw badInput('text', `is ${text.length} characters; at most ${MAX_TEXT_CHARS} are read at once`);
  if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone))
    throw badInput('timeZone', `${JSON.stringify(timeZone ?? null)} is not an IANA time zone`);
  let instant: DateTime | undefined;
  if (now instanceof Date && !Number.isNaN(now.getTime()))
    instant = DateTime.fromJSDate(now, { zone: timeZone });
  else if (typeof now === 'string') {
    // Without an offset the time is read as the creator's own wall clock.
    const parsed = DateTime.fromISO(now, { zone: timeZone });
    if (parsed.isValid) instant = parsed.setZone(timeZone);
  }
  if (!instant)
    throw badInput(
      'now',
      `${JSON.stringify(now instanceof Date ? 'Invalid Date' : (now ?? null))} is not an ISO 8601 date-time`,
    );
  return { now: instant, timeZone };
}

/**
 * Reads a reply in plain words ("Tue after 6, Thu 2-5pm, not Friday, I'm in LA next week") into
 * availability in the creator's time zone. Deterministic: the same words, zone and `now` give the
 * same answer. Whatever is not understood comes back verbatim in `notUnderstood`.
 *
 * @example
 * readPlainWords({ text: 'Tue after 6', timeZone: 'America/Chicago', now: '2026-12-01T20:00:00Z' });
 * // understood: [{ kind: 'available', start: '2026-12-08T18:00:00-06:00', end: '2026-12-08T21:00:00-06:00', source: 'Tue after 6' }]
 */
export function readPlainWords(input: PlainWordsInput): PlainWordsResult {
  const context = contextOf(input);
  const { text } = input;
  const understood: (ResolvedItem & { source: string })[] = [];
  const notUnderstood: string[] = [];
  const notes: PlainWordsNote[] = [];
  let sentence = -1;
  let carriedWeek: number | undefined;
  for (const clause of splitClauses(text)) {
    if (clause.sentence !== sentence) {
      sentence = clause.sentence;
      carriedWeek = undefined;
    }
    const tokens = tokenize(text, clause);
    const groups = groupPieces(readPieces(tokens));
    if (groups.length === 0) {
      if (/[a-z0-9]/i.test(text.slice(clause.start, clause.end)))
        notUnderstood.push(text.slice(clause.start, clause.end));
      continue;
    }
    for (const [g, group] of groups.entries()) {
      const frame = frameOf(group);
      // A statement's words run from its first token (the clause's start for the first) to the next one's.
      const from = g === 0 ? clause.start : tokens[frame.firstToken]!.start;
      const nextFirst = groups[g + 1] ? frameOf(groups[g + 1]!).firstToken : undefined;
      const lastToken =
        nextFirst === undefined ? tokens.length - 1 : Math.max(frame.lastToken, nextFirst - 1);
      const to = nextFirst === undefined ? clause.end : trimListWord(tokens, frame.lastToken, lastToken);
      const source = text.slice(from, to).trim();
      if (frame.city) {
        notes.push({ text: source, timeZoneHint: frame.city.timeZone, ...noteDates(context, frame) });
        continue;
      }
      const hasOwnWeek = frame.week !== undefined;
      if (hasOwnWeek) carriedWeek = frame.week;
      else if (
        carriedWeek !== undefined &&
        frame.days.some((day) => day.type === 'weekday' && day.week === undefined)
      )
        frame.week = carriedWeek;
      const items = frame.unknownWords.length || frame.until ? undefined : resolveFrame(context, frame);
      if (!items?.length) notUnderstood.push(source);
      else for (const resolved of items) understood.push({ ...resolved, source });
    }
  }
  if (understood.length > MAX_ITEMS)
    throw badInput('text', `reads as ${understood.length} items; at most ${MAX_ITEMS} are read at once`);
  return {
    understood: understood
      .toSorted((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.kind.localeCompare(b.kind))
      .map(({ kind, start, end, rrule, source }) => ({
        kind,
        start,
        end,
        ...(rrule ? { rrule } : {}),
        source,
      })),
    notUnderstood,
    notes,
  };
}

/** The end of a statement's words: up to its last token, leaving out a joining "and". */
function trimListWord(tokens: readonly { end: number }[], lastOwn: number, lastBeforeNext: number): number {
  return tokens[Math.min(lastOwn, lastBeforeNext)]!.end;
}

import { DateTime } from 'luxon';
import { AppError } from '../../shared/app-error.ts';
import { isValidTimeZone } from '../local-time.ts';
import { type Frame, frameOf, groupPieces, isBareDays, takesListedDays } from './frame.ts';
import { COURTESY_WORDS, LIST_WORDS } from './lexicon.ts';
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
  return { now: instant, today: instant.startOf('day'), timeZone };
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
  const understood: (ResolvedItem & { source: string })[] = [];
  const notUnderstood: string[] = [];
  const notes: PlainWordsNote[] = [];
  let sentence = -1;
  let carriedWeek: number | undefined;
  let listed: Statement[] = [];
  const read = (statement: Statement) => {
    const { frame } = statement;
    const source = input.text.slice(statement.from, statement.to).trim();
    if (statement.sentence !== sentence) {
      sentence = statement.sentence;
      carriedWeek = undefined;
    }
    if (frame === undefined) return void notUnderstood.push(source);
    if (frame.city)
      return void notes.push({
        text: source,
        timeZoneHint: frame.city.timeZone,
        ...noteDates(context, frame),
      });
    // A week named earlier in the sentence scopes later day names: "next week: Mon after 6, Wed 2-5".
    if (frame.week !== undefined) carriedWeek = frame.week;
    else if (
      carriedWeek !== undefined &&
      frame.days.some((day) => day.type === 'weekday' && day.week === undefined)
    )
      frame.week = carriedWeek;
    const items = frame.unknownWords.length || frame.until ? undefined : resolveFrame(context, frame);
    if (!items?.length) notUnderstood.push(source);
    else for (const item of items) understood.push({ ...item, source });
  };
  for (const statement of statementsOf(input.text)) {
    const { frame } = statement;
    const isSameSentence = listed.length > 0 && listed[0]!.sentence === statement.sentence;
    if (frame && isSameSentence && takesListedDays(frame)) {
      const days = [...listed.flatMap((bare) => bare.frame!.days), ...frame.days];
      read({ ...statement, from: listed[0]!.from, frame: { ...frame, days } });
      listed = [];
      continue;
    }
    if (!isSameSentence || !frame || !isBareDays(frame)) {
      for (const bare of listed) read(bare);
      listed = [];
    }
    if (frame && isBareDays(frame)) listed.push(statement);
    else read(statement);
  }
  for (const bare of listed) read(bare);
  if (understood.length > MAX_ITEMS)
    throw badInput('text', `reads as ${understood.length} items; at most ${MAX_ITEMS} are read at once`);
  const seen = new Set<string>();
  return {
    understood: understood
      .toSorted((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.kind.localeCompare(b.kind))
      .filter(({ kind, start, end, rrule }) => {
        const key = `${kind} ${start} ${end} ${rrule ?? ''}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
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

/** One statement of the reply: where its words are, and what they say (no frame: nothing recognised). */
interface Statement {
  sentence: number;
  from: number;
  to: number;
  frame?: Frame;
}

function statementsOf(text: string): Statement[] {
  const statements: Statement[] = [];
  for (const clause of splitClauses(text)) {
    const tokens = tokenize(text, clause);
    if (tokens.every((token) => token.kind === 'punct' || COURTESY_WORDS.has(token.text))) continue;
    const frames = groupPieces(readPieces(tokens)).map(frameOf);
    if (frames.length === 0) {
      statements.push({ sentence: clause.sentence, from: clause.start, to: clause.end });
      continue;
    }
    // A statement's words run from just after the one before (less a joining "and") to its last token;
    // the clause's first and last statements take its edges ("I'm free Tue after 6 I'm in LA next week").
    let from = clause.start;
    for (const [g, frame] of frames.entries()) {
      const nextFirst = frames[g + 1]?.firstToken;
      let last = nextFirst === undefined ? tokens.length - 1 : frame.lastToken;
      while (last > frame.firstToken && LIST_WORDS.has(tokens[last]!.text)) last--;
      const to = last === tokens.length - 1 ? clause.end : tokens[last]!.end;
      statements.push({ sentence: clause.sentence, from, to, frame });
      let next = frame.lastToken + 1;
      while (next < (nextFirst ?? tokens.length) && LIST_WORDS.has(tokens[next]!.text)) next++;
      from = tokens[next]?.start ?? clause.end;
    }
  }
  return statements;
}

import { z } from 'zod';
import { AppError, isAppError } from '../shared/app-error.ts';
import { compileRuleCached } from './compiled-rule-cache.ts';
import { freeFromCompiled } from './free-time.ts';
import type { Interval } from './intervals.ts';
import { parseIsoInstant } from './iso-instant.ts';
import { DAY_MS } from './local-time.ts';
import { findOverlapWindows } from './overlap.ts';
import { assertTimeZone } from './recurring-rule.ts';

/**
 * The `session-align overlap --json` contract: a self-contained availability query in, the
 * overlap windows out. Pure: the CLI only moves text in and out.
 */

const MAX_WINDOW_DAYS = 366;

const span = z.object({ start: z.string(), end: z.string() });
const ruleSchema = z.object({
  rrule: z.string(),
  start: z.string(),
  end: z.string(),
  from: z.string().optional(),
  until: z.string().optional(),
});
const personSchema = z.object({
  id: z.string().min(1),
  timeZone: z.string(),
  rules: z.array(ruleSchema).max(100),
  available: z.array(span).max(10_000).optional(),
  busy: z.array(span).max(10_000).optional(),
});

export const overlapRequestSchema = z.object({
  window: span,
  minMinutes: z.number().int().nonnegative(),
  quorum: z.number().int().positive().optional(),
  people: z.array(personSchema).min(1).max(1000),
});

export type OverlapRequest = z.infer<typeof overlapRequestSchema>;

export interface OverlapResponse {
  windows: { start: string; end: string; people: string[] }[];
}

/**
 * Validates and answers one request. Throws `AppError('availability.bad_request', 'people[1].timeZone:
 * "Mars/Base" is not an IANA time zone', { field })` for any malformed input.
 *
 * @example
 * runOverlapRequest(JSON.parse(stdin)); // { windows: [{ start: '2026-03-09T22:00:00.000Z', ... }] }
 */
export function runOverlapRequest(input: unknown): OverlapResponse {
  const parsed = overlapRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = formatPath(issue.path);
    const isMissing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
    throw badRequest(field, isMissing ? 'is required' : issue.message);
  }
  const request = parsed.data;
  const window = parseSpan(request.window, 'window', true);
  if (window.endMs - window.startMs > MAX_WINDOW_DAYS * DAY_MS) {
    throw badRequest('window.end', `the window may be at most ${MAX_WINDOW_DAYS} days long`);
  }
  const seen = new Set<string>();
  const people = request.people.map((person, p) => {
    const field = `people[${p}]`;
    if (seen.has(person.id)) throw badRequest(`${field}.id`, `"${person.id}" appears more than once`);
    seen.add(person.id);
    const rules = rethrowAsBadRequest(() => {
      assertTimeZone(person.timeZone, `${field}.timeZone`);
      return person.rules.map((rule, r) =>
        compileRuleCached(
          {
            rrule: rule.rrule,
            startTime: rule.start,
            endTime: rule.end,
            ...(rule.from !== undefined ? { fromDate: rule.from } : {}),
            ...(rule.until !== undefined ? { untilDate: rule.until } : {}),
          },
          person.timeZone,
          `${field}.rules[${r}]`,
        ),
      );
    });
    const available = parseSpans(person.available, field, 'available');
    const busy = parseSpans(person.busy, field, 'busy');
    return { id: person.id, free: freeFromCompiled(rules, { available, busy }, window) };
  });
  if (request.quorum !== undefined && request.quorum > people.length) {
    throw badRequest('quorum', `must be at most the number of people (${people.length})`);
  }
  const windows = findOverlapWindows({
    people,
    window,
    minMinutes: request.minMinutes,
    ...(request.quorum !== undefined ? { quorum: request.quorum } : {}),
  });
  // Windows share their boundaries (one stretch, several groups), and toISOString costs more than the sweep.
  const texts = new Map<number, string>();
  const iso = (ms: number) => {
    let text = texts.get(ms);
    if (text === undefined) {
      text = new Date(ms).toISOString();
      texts.set(ms, text);
    }
    return text;
  };
  return { windows: windows.map((w) => ({ start: iso(w.startMs), end: iso(w.endMs), people: w.people })) };
}

/** A person's spans; a field name such as `people[3].busy[17].end` is only built for an error. */
function parseSpans(
  spans: readonly { start: string; end: string }[] | undefined,
  personField: string,
  key: 'available' | 'busy',
): Interval[] {
  if (!spans) return [];
  const out = new Array<Interval>(spans.length);
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const startMs = parseIsoInstant(span.start);
    const endMs = parseIsoInstant(span.end);
    if (startMs === undefined || endMs === undefined || endMs < startMs) {
      out[i] = parseSpan(span, `${personField}.${key}[${i}]`); // throws the precise error
    } else {
      out[i] = { startMs, endMs };
    }
  }
  return out;
}

function parseSpan(value: { start: string; end: string }, field: string, isStrict = false): Interval {
  const startMs = parseInstant(value.start, `${field}.start`);
  const endMs = parseInstant(value.end, `${field}.end`);
  if (isStrict ? endMs <= startMs : endMs < startMs) throw badRequest(`${field}.end`, 'must be after start');
  return { startMs, endMs };
}

/** ISO 8601; a value without an offset is read as UTC (never as the process's zone). */
function parseInstant(text: string, field: string): number {
  const ms = parseIsoInstant(text);
  if (ms === undefined) throw badRequest(field, `"${text}" is not an ISO 8601 date-time`);
  return ms;
}

function rethrowAsBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!isAppError(error)) throw error;
    const field = String(error.details.field ?? 'input');
    throw new AppError('availability.bad_request', error.message, {
      ...error.details,
      field,
      cause: error.code,
    });
  }
}

function badRequest(field: string, problem: string): AppError {
  return new AppError('availability.bad_request', `${field}: ${problem}`, { field });
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || 'input';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

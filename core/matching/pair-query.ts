/**
 * What `/pair` and `session-align pair --json` ask, and what they get back: one query shape for both
 * surfaces, answered by the pairing desk (db/) over a tenant's roster.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import type { Interval } from './match-rules.ts';

export const DEFAULT_SUGGESTIONS = 10;
export const MAX_SUGGESTIONS = 50;
export const DEFAULT_MIN_MINUTES = 60;
export const DEFAULT_RADIUS_KM = 50;
export const MAX_WINDOW_DAYS = 92;

export interface PairQuery {
  /** One handle: partners for them; two or three: the fit of that group; none: query mode. */
  creators?: readonly string[];
  genres?: readonly string[];
  roles?: readonly string[];
  /** Availability gates suggestions only when a window is given. */
  window?: Interval;
  minMinutes?: number;
  /** Group size in partner and query modes (default 2). */
  size?: 2 | 3;
  /** Number of suggestions (default 10). */
  k?: number;
  /** Everyone within `radiusKm` of each other, and of `near` when given. */
  inPerson?: { near?: string; radiusKm?: number };
  /** Without `window`: common free time inside this span is shown for the suggestions but does not gate them. */
  showWindow?: Interval;
  /** Never suggested (e.g. past co-writers when only new pairings are wanted). */
  exclude?: readonly string[];
  /** Zone for the free-together reason line (default UTC). */
  viewerTimeZone?: string;
}

export interface PairMember {
  handle: string;
  displayName: string;
  timeZone: string;
  city?: string;
}

export interface PairSuggestion {
  members: PairMember[];
  /** 0..100. */
  score: number;
  reasons: string[];
  /** Common free windows of at least minMinutes, earliest first (empty without a window). */
  windows: Interval[];
  /** Group fit only: rules the named group breaks (do-not-pair, opted out, no common time…). */
  violations: string[];
}

export interface PairAnswer {
  mode: 'partners' | 'group' | 'query';
  suggestions: PairSuggestion[];
}

/**
 * Answers pair queries for one tenant.
 *
 * @example
 * const answer = await desk.pair({ creators: ['ana'], window, minMinutes: 120, k: 5 });
 */
export interface PairingDesk {
  pair(query: PairQuery): Promise<PairAnswer>;
}

const handle = z
  .string()
  .trim()
  .min(1)
  .transform((value) => value.replace(/^@/, '').toLowerCase());
const isoInstant = z.string().refine((value) => DateTime.fromISO(value, { setZone: true }).isValid, {
  message: 'expected an ISO 8601 date-time such as 2026-03-09T17:00:00Z',
});

/** The `session-align pair --json` request, one JSON object (or one JSON Lines line). */
export const pairRequestSchema = z.strictObject({
  tenant: z.string().trim().min(1),
  creators: z.array(handle).max(3).optional(),
  genres: z.array(z.string().trim().min(1)).max(20).optional(),
  roles: z.array(z.string().trim().min(1)).max(10).optional(),
  window: z.strictObject({ start: isoInstant, end: isoInstant }).optional(),
  minMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  size: z.union([z.literal(2), z.literal(3)]).optional(),
  k: z.number().int().min(1).max(MAX_SUGGESTIONS).optional(),
  inPerson: z
    .strictObject({
      near: z.string().trim().min(1).optional(),
      radiusKm: z.number().positive().max(20_000).optional(),
    })
    .optional(),
});

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

/** Checks a window: end after start, at most MAX_WINDOW_DAYS long. */
export function checkWindow(window: Interval, field = 'window'): Interval {
  if (!(window.endMs > window.startMs))
    throw new AppError('matching.bad_request', `${field}: end must be after start`, { field });
  if (window.endMs - window.startMs > MAX_WINDOW_DAYS * 86_400_000)
    throw new AppError('matching.bad_request', `${field}: at most ${MAX_WINDOW_DAYS} days`, { field });
  return window;
}

/**
 * Validates one CLI request. Throws `AppError('matching.bad_request')` naming the field.
 *
 * @example
 * parsePairRequest({ tenant: 'demo', creators: ['ana'] }); // { tenant: 'demo', query: { creators: ['ana'] } }
 */
export function parsePairRequest(input: unknown): { tenant: string; query: PairQuery } {
  const parsed = pairRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const field = [pathOf(issue.path), issue.keys[0]].filter(Boolean).join('.');
      throw new AppError('matching.bad_request', `${field}: unknown field`, { field });
    }
    const field = pathOf(issue.path) || '(request)';
    throw new AppError('matching.bad_request', `${field}: ${issue.message}`, { field });
  }
  const { tenant, window, ...rest } = parsed.data;
  const query: PairQuery = { ...rest } as PairQuery;
  if (window) {
    query.window = checkWindow({
      startMs: DateTime.fromISO(window.start, { setZone: true }).toMillis(),
      endMs: DateTime.fromISO(window.end, { setZone: true }).toMillis(),
    });
  }
  return { tenant, query };
}

/** The CLI's answer object. */
export function pairAnswerJson(answer: PairAnswer): {
  suggestions: {
    creators: string[];
    score: number;
    reasons: string[];
    windows: { start: string; end: string }[];
  }[];
} {
  return {
    suggestions: answer.suggestions.map((s) => ({
      creators: s.members.map((m) => m.handle),
      score: Math.round(s.score * 10) / 10,
      reasons: s.reasons,
      windows: s.windows.map((w) => ({
        start: new Date(w.startMs).toISOString(),
        end: new Date(w.endMs).toISOString(),
      })),
    })),
  };
}

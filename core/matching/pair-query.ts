/**
 * What the matcher is asked, and what it answers. The `pair.suggest` command's input (shared by
 * `/pair`, `pair --json`, buttons and tools) becomes this query; its answer is what they show.
 */
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

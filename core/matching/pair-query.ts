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
  /**
   * 0..100: the pair score S (a group's mean pairwise S), the same wherever the group appears, plus in a
   * brief query the points each brief term adds (`terms`, also in the reasons as `+12 genre:alt-pop`).
   */
  score: number;
  reasons: string[];
  /** Brief queries: what each term of the brief added to S, in whole points. */
  terms?: BriefTermPoints[];
  /** Common free windows of at least minMinutes inside the answer's `span`, earliest first (none without one). */
  windows: Interval[];
  /** Group fit only: rules the named group breaks (do-not-pair, opted out, no common time…). */
  violations: string[];
}

export interface BriefTermPoints {
  /** As typed: `genre:alt-pop`. */
  term: string;
  points: number;
}

export interface PairAnswer {
  mode: 'partners' | 'group' | 'query';
  /** Best first (diversity chooses which suggestions are shown, never their order). */
  suggestions: PairSuggestion[];
  /** Where the windows were looked for: the gating `window`, else the shown span; none without either. */
  span?: Interval;
  /** The shortest window counted, in minutes. */
  minMinutes: number;
  /** An empty answer (partners and query modes): which filter removed the candidates, and what would not. */
  empty?: EmptyAnswerReason;
}

/** Why nothing matched: the filter that removed the last candidates, and the one change that gives some. */
export interface EmptyAnswerReason {
  cause: EmptyCause;
  /**
   * What gives results, with how many: the first single change that does (the cause's own first), else
   * the fewest filters dropped together; none when even that finds nobody.
   */
  fix?: { changes: QueryChange[]; suggestions: number };
}

export type EmptyCause =
  /** A genre outside the taxonomy that no creator has as a tag; `closest` from the taxonomy. */
  | { kind: 'unknown_genre'; term: string; closest: string[] }
  /** A role outside the role vocabulary; `closest` from it. */
  | { kind: 'unknown_role'; term: string; closest: string[] }
  /** Before any filter: nobody else can be suggested (opted out, do-not-pair, a roster too small). */
  | { kind: 'nobody' }
  /** No one who can be suggested has any of these genres. */
  | { kind: 'genre'; terms: string[] }
  /** No group covering this role passes the filters before it. */
  | { kind: 'role'; term: string }
  /** Nobody within `radiusKm` (of `near`, or of each other). */
  | { kind: 'radius'; radiusKm: number; near?: string }
  /** The named creator (or, in a brief, everyone who fits) has no free time on record in `span`. */
  | { kind: 'no_availability'; handle?: string; span: Interval }
  /** Free time exists, but no common window of `minMinutes` in `span`. */
  | { kind: 'common_time'; minMinutes: number; span: Interval };

/** One change to a pair query; `applyQueryChange` makes it. */
export type QueryChange =
  | { kind: 'genre'; from: string; to: string }
  | { kind: 'drop_genres' }
  | { kind: 'role'; from: string; to: string }
  | { kind: 'drop_role'; term: string }
  | { kind: 'radius'; radiusKm: number }
  | { kind: 'drop_in_person' }
  | { kind: 'min_minutes'; minMinutes: number }
  | { kind: 'span'; span: Interval }
  | { kind: 'drop_window' }
  | { kind: 'size'; size: 2 };

/**
 * Answers pair queries for one tenant.
 *
 * @example
 * const answer = await desk.pair({ creators: ['ana'], window, minMinutes: 120, k: 5 });
 */
export interface PairingDesk {
  pair(query: PairQuery): Promise<PairAnswer>;
}

/** The query with one change made (fields it removes are left out, not set to undefined). */
export function applyQueryChange(query: PairQuery, change: QueryChange): PairQuery {
  const { window, inPerson, genres = [], roles = [], ...rest } = query;
  const kept: PairQuery = {
    ...rest,
    genres,
    roles,
    ...(window ? { window } : {}),
    ...(inPerson ? { inPerson } : {}),
  };
  switch (change.kind) {
    case 'genre':
      return { ...kept, genres: genres.map((g) => (g === change.from ? change.to : g)) };
    case 'drop_genres':
      return { ...kept, genres: [] };
    case 'role':
      return { ...kept, roles: roles.map((r) => (r === change.from ? change.to : r)) };
    case 'drop_role':
      return { ...kept, roles: roles.filter((r) => r !== change.term) };
    case 'radius':
      return { ...kept, inPerson: { ...inPerson, radiusKm: change.radiusKm } };
    case 'drop_in_person': {
      const { inPerson: _dropped, ...without } = kept;
      return without;
    }
    case 'min_minutes':
      return { ...kept, minMinutes: change.minMinutes };
    case 'span':
      return { ...kept, window: change.span };
    case 'drop_window': {
      const { window: _dropped, ...without } = kept;
      return without;
    }
    case 'size':
      return { ...kept, size: change.size };
  }
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

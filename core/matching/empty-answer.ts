/**
 * Why a pair query found nothing, and the one change that would find something. Runs only for an empty
 * answer: the query is re-asked with its filters added one at a time (genres, each role, in person, the
 * time window) and the first that empties the answer is the cause; then single relaxations are tried,
 * the cause's own first, and the first that gives suggestions is the fix, with how many it gives. When
 * no single change does, filters are dropped together (the cause's first) until something is found.
 */
import { closestWords } from '../commands/did-you-mean.ts';
import { allGenres, genreAncestors, normaliseGenre } from '../profiles/genres.ts';
import { normaliseRole, ROLE_IDS } from '../profiles/roles.ts';
import { slugify } from '../profiles/text.normalise.ts';
import type { MatchIndex } from './match-index.ts';
import type { Interval } from './match-rules.ts';
import {
  applyQueryChange,
  DEFAULT_MIN_MINUTES,
  DEFAULT_RADIUS_KM,
  type EmptyAnswerReason,
  type EmptyCause,
  MAX_WINDOW_DAYS,
  type PairAnswer,
  type PairQuery,
  type QueryChange,
} from './pair-query.ts';

export interface EmptyAnswerPorts {
  index: MatchIndex;
  /** The query answered without shown windows (the gating pipeline only). */
  answer(query: PairQuery): Promise<PairAnswer>;
  freeTime(handles: readonly string[], window: Interval): Promise<ReadonlyMap<string, readonly Interval[]>>;
}

const DAY_MS = 86_400_000;
/** Shorter sessions tried when no common window is long enough: the four just below the asked one. */
const SHORTER_MINUTES = [480, 360, 240, 180, 120, 90, 60, 45, 30];
const SHORTER_TRIED = 4;
/** Wider radii tried when nobody is near enough, nearest first. */
const WIDER_RADII_KM = [100, 250, 500, 1000, 2500];
/** A longer span tried when the asked one has no common window: four weeks from its start. */
const LONGER_SPAN_DAYS = 28;
/** Relaxed queries tried for the fix at most (each is one pipeline run). */
const MAX_FIX_TRIES = 8;
/** Above this many creators, "does anyone who fits have free time at all" is not checked for a brief. */
const AVAILABILITY_CHECK_LIMIT = 2000;

function withoutFilters(query: PairQuery): PairQuery {
  const { window: _w, inPerson: _i, ...rest } = query;
  return { ...rest, genres: [], roles: [] };
}

function unknownTerm(query: PairQuery, index: MatchIndex): EmptyCause | undefined {
  for (const term of query.genres ?? []) {
    if (normaliseGenre(term)) continue;
    const tag = `tag:${slugify(term)}`;
    if (index.handles.some((handle) => index.features.get(handle)?.genreWeights.has(tag))) continue;
    const ids = allGenres().map((genre) => genre.id);
    return { kind: 'unknown_genre', term, closest: closestWords(slugify(term), ids, 3) };
  }
  for (const term of query.roles ?? []) {
    if (!normaliseRole(term))
      return { kind: 'unknown_role', term, closest: closestWords(term.toLowerCase(), ROLE_IDS, 3) };
  }
  return undefined;
}

async function timeCause(query: PairQuery, ports: EmptyAnswerPorts, span: Interval): Promise<EmptyCause> {
  const anchor = query.creators?.length === 1 ? query.creators[0]! : undefined;
  const { index } = ports;
  let handles: string[] | undefined;
  if (anchor) handles = [anchor];
  else if (index.handles.length <= AVAILABILITY_CHECK_LIMIT) {
    const keys = (query.genres ?? []).map((g) => {
      const known = normaliseGenre(g);
      return known ? `genre:${known.id}` : `tag:${slugify(g)}`;
    });
    handles = index.handles.filter(
      (h) => keys.length === 0 || keys.some((key) => index.features.get(h)?.genreWeights.has(key)),
    );
  }
  if (handles) {
    const free = await ports.freeTime(handles, span);
    if (handles.every((h) => (free.get(h) ?? []).length === 0))
      return { kind: 'no_availability', ...(anchor ? { handle: anchor } : {}), span };
  }
  return { kind: 'common_time', minMinutes: query.minMinutes ?? DEFAULT_MIN_MINUTES, span };
}

/**
 * The filter that removes the last candidates, adding the query's filters in pipeline order. The
 * last one is not re-run: the whole query is known to find nothing.
 */
async function firstEmptyingFilter(query: PairQuery, ports: EmptyAnswerPorts): Promise<EmptyCause> {
  const steps: { add: (q: PairQuery) => PairQuery; cause: () => EmptyCause | Promise<EmptyCause> }[] = [];
  const genres = query.genres ?? [];
  if (genres.length > 0)
    steps.push({ add: (q) => ({ ...q, genres }), cause: () => ({ kind: 'genre', terms: [...genres] }) });
  for (const role of query.roles ?? [])
    steps.push({
      add: (q) => ({ ...q, roles: [...(q.roles ?? []), role] }),
      cause: () => ({ kind: 'role', term: role }),
    });
  const { inPerson, window } = query;
  if (inPerson)
    steps.push({
      add: (q) => ({ ...q, inPerson }),
      cause: () => ({
        kind: 'radius',
        radiusKm: inPerson.radiusKm ?? DEFAULT_RADIUS_KM,
        ...(inPerson.near ? { near: inPerson.near } : {}),
      }),
    });
  if (window) steps.push({ add: (q) => ({ ...q, window }), cause: () => timeCause(query, ports, window) });
  let current = withoutFilters(query);
  if ((await ports.answer(current)).suggestions.length === 0) return { kind: 'nobody' };
  for (const [i, step] of steps.entries()) {
    current = step.add(current);
    if (i === steps.length - 1 || (await ports.answer(current)).suggestions.length === 0) return step.cause();
  }
  return { kind: 'nobody' };
}

function timeChanges(query: PairQuery): QueryChange[] {
  if (!query.window) return [];
  const minutes = query.minMinutes ?? DEFAULT_MIN_MINUTES;
  const changes: QueryChange[] = SHORTER_MINUTES.filter((m) => m < minutes)
    .slice(0, SHORTER_TRIED)
    .map((m) => ({ kind: 'min_minutes', minMinutes: m }));
  const { startMs, endMs } = query.window;
  const longer = startMs + Math.min(LONGER_SPAN_DAYS, MAX_WINDOW_DAYS) * DAY_MS;
  if (longer > endMs) changes.push({ kind: 'span', span: { startMs, endMs: longer } });
  changes.push({ kind: 'drop_window' });
  return changes;
}

function radiusChanges(query: PairQuery): QueryChange[] {
  if (!query.inPerson) return [];
  const radius = query.inPerson.radiusKm ?? DEFAULT_RADIUS_KM;
  return [
    ...WIDER_RADII_KM.filter((km) => km > radius).map(
      (km): QueryChange => ({ kind: 'radius', radiusKm: km }),
    ),
    { kind: 'drop_in_person' },
  ];
}

function genreChanges(query: PairQuery): QueryChange[] {
  const parents = (query.genres ?? []).flatMap((term): QueryChange[] => {
    const known = normaliseGenre(term);
    const parent = known ? genreAncestors(known.id)[0] : undefined;
    return parent ? [{ kind: 'genre', from: term, to: parent }] : [];
  });
  return (query.genres?.length ?? 0) > 0 ? [...parents, { kind: 'drop_genres' }] : [];
}

/** Single changes to try, the cause's own first. */
function candidateChanges(query: PairQuery, cause: EmptyCause): QueryChange[] {
  const roleDrops = (query.roles ?? []).map((term): QueryChange => ({ kind: 'drop_role', term }));
  const own: QueryChange[] = (() => {
    switch (cause.kind) {
      case 'unknown_genre':
        return [
          ...cause.closest.map((to): QueryChange => ({ kind: 'genre', from: cause.term, to })),
          { kind: 'drop_genres' },
        ];
      case 'unknown_role':
        return [
          ...cause.closest.map((to): QueryChange => ({ kind: 'role', from: cause.term, to })),
          { kind: 'drop_role', term: cause.term },
        ];
      case 'genre':
        return genreChanges(query);
      case 'role':
        return [{ kind: 'drop_role', term: cause.term }];
      case 'radius':
        return radiusChanges(query);
      case 'no_availability':
        return [{ kind: 'drop_window' }];
      case 'common_time':
        return timeChanges(query);
      case 'nobody':
        return query.size === 3 ? [{ kind: 'size', size: 2 }] : [];
    }
  })();
  const others: QueryChange[] = [
    ...timeChanges(query),
    ...radiusChanges(query),
    ...roleDrops,
    ...genreChanges(query),
    ...(query.size === 3 ? [{ kind: 'size', size: 2 } as const] : []),
  ];
  const seen = new Set<string>();
  return [...own, ...others].filter((change) => {
    const key = JSON.stringify(change);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The filters the query has, as drops: the cause's own first, then from the most expensive (time) down. */
function drops(query: PairQuery, cause: EmptyCause): QueryChange[] {
  const all: QueryChange[] = [
    ...(query.window ? [{ kind: 'drop_window' } as const] : []),
    ...(query.inPerson ? [{ kind: 'drop_in_person' } as const] : []),
    ...(query.roles ?? []).map((term): QueryChange => ({ kind: 'drop_role', term })),
    ...((query.genres?.length ?? 0) > 0 ? [{ kind: 'drop_genres' } as const] : []),
  ];
  const own = (change: QueryChange) =>
    (change.kind === 'drop_window' && (cause.kind === 'common_time' || cause.kind === 'no_availability')) ||
    (change.kind === 'drop_in_person' && cause.kind === 'radius') ||
    (change.kind === 'drop_role' && cause.kind === 'role' && change.term === cause.term) ||
    (change.kind === 'drop_genres' && (cause.kind === 'genre' || cause.kind === 'unknown_genre'));
  return [...all.filter(own), ...all.filter((change) => !own(change))];
}

/**
 * @example
 * const why = await explainEmptyAnswer(query, { index, answer: (q) => answerGated(q, ports), freeTime });
 * // { cause: { kind: 'common_time', minMinutes: 180, span }, fix: { changes: [{ kind: 'min_minutes', minMinutes: 120 }], suggestions: 4 } }
 */
export async function explainEmptyAnswer(
  query: PairQuery,
  ports: EmptyAnswerPorts,
): Promise<EmptyAnswerReason> {
  const cause = unknownTerm(query, ports.index) ?? (await firstEmptyingFilter(query, ports));
  for (const change of candidateChanges(query, cause).slice(0, MAX_FIX_TRIES)) {
    const answer = await ports.answer(applyQueryChange(query, change));
    if (answer.suggestions.length > 0)
      return { cause, fix: { changes: [change], suggestions: answer.suggestions.length } };
  }
  const dropped: QueryChange[] = [];
  let relaxed = query;
  for (const change of drops(query, cause)) {
    dropped.push(change);
    relaxed = applyQueryChange(relaxed, change);
    if (dropped.length < 2) continue; // one alone was tried above
    const answer = await ports.answer(relaxed);
    if (answer.suggestions.length > 0)
      return { cause, fix: { changes: [...dropped], suggestions: answer.suggestions.length } };
  }
  return { cause };
}

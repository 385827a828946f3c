/**
 * One pair query answered over a tenant's match index: partners for a creator, the fit of a named group,
 * or creators for a brief. Pure orchestration of the core pipeline; the database supplies nearest
 * neighbours (pgvector or exact) and free time through the two callbacks, only for the creators that
 * survive cheaper filters.
 */
import { intersectIntervals } from '../availability/intervals.ts';
import { findCity, haversineKm } from '../profiles/cities.ts';
import { normaliseGenre } from '../profiles/genres.ts';
import { slugify } from '../profiles/text.normalise.ts';
import { AppError } from '../shared/app-error.ts';
import { EXHAUSTIVE_LIMIT } from './candidate-retrieval.ts';
import { explainEmptyAnswer } from './empty-answer.ts';
import type { MatchIndex } from './match-index.ts';
import type { AvailabilityGate, Interval } from './match-rules.ts';
import { type MatchWeights, resolveWeights } from './match-weights.ts';
import {
  DEFAULT_MIN_MINUTES,
  DEFAULT_RADIUS_KM,
  DEFAULT_SUGGESTIONS,
  type PairAnswer,
  type PairMember,
  type PairQuery,
  type PairSuggestion,
} from './pair-query.ts';
import {
  fitOfGroup,
  type PairingOptions,
  rankedPartners,
  type Suggestion,
  suggestPartners,
  suggestTrios,
} from './pairing.pipeline.ts';
import { profileChannel } from './profile-channel.ts';
import { suggestForQuery } from './query.pipeline.ts';

export interface PairAnswerPorts {
  index: MatchIndex;
  weights: MatchWeights;
  members: (handle: string) => PairMember;
  /** The most active creators (an anchor-independent retrieval channel). */
  mostActive: readonly string[];
  /** The k handles nearest to `anchor` by embedding (pgvector HNSW, or exact cosine). */
  nearest: (anchor: string, k: number) => Promise<string[]>;
  /** Free intervals inside `window` for each handle. */
  freeTime: (
    handles: readonly string[],
    window: Interval,
  ) => Promise<ReadonlyMap<string, readonly Interval[]>>;
  /** Renders a shared window for the reason line, with its date (the viewer's zone). */
  describe?: (window: Interval) => string;
  /** `exact` scores every creator; `index` always retrieves; `auto` retrieves above EXHAUSTIVE_LIMIT. */
  retrieval?: 'auto' | 'exact' | 'index';
  /** Vector neighbours retrieved per query on the index path. */
  vectorK?: number;
  /** Creators retrieved by the profile part of S (`profileChannel`) on the index path. */
  profileK?: number;
}

export const DEFAULT_VECTOR_K = 100;
export const DEFAULT_PROFILE_K = 400;
/** Pre-ranked partners whose free time is loaded, growing while too few pass the availability gate. */
const GATE_POOLS = [40, 200, 1000, Number.POSITIVE_INFINITY];

function unknown(handle: string): AppError {
  return new AppError('matching.unknown_creator', `No creator with handle @${handle}`, { handle });
}

/** Creators outside `radiusKm` of `near` (or without an opted-in location). */
function outsideNear(index: MatchIndex, near: string, radiusKm: number): Set<string> {
  const city = findCity(near);
  if (!city)
    throw new AppError(
      'matching.unknown_city',
      `inPerson.near: unknown city "${near}"; use a major city nearby`,
      {
        field: 'inPerson.near',
      },
    );
  const out = new Set<string>();
  for (const handle of index.handles) {
    const location = index.profiles.get(handle)?.location;
    if (!location || haversineKm(location, city) > radiusKm) out.add(handle);
  }
  return out;
}

function genreKeys(genres: readonly string[]): string[] {
  return genres.map((genre) => {
    const known = normaliseGenre(genre);
    return known ? `genre:${known.id}` : `tag:${slugify(genre)}`;
  });
}

function commonWindows(gate: AvailabilityGate | undefined, handles: readonly string[]): Interval[] {
  if (!gate) return [];
  let common: readonly Interval[] | undefined;
  for (const handle of handles) {
    const free = gate.windowsByHandle.get(handle) ?? [];
    common = common === undefined ? free : intersectIntervals(common, free);
  }
  return (common ?? []).filter((w) => w.endMs - w.startMs >= gate.minMinutes * 60_000);
}

async function candidatesFor(
  ports: PairAnswerPorts,
  anchor: string,
  genreFilter: string[],
): Promise<string[]> {
  const { index } = ports;
  const mode = ports.retrieval ?? 'auto';
  let pool: string[];
  if (mode === 'exact' || (mode === 'auto' && index.handles.length <= EXHAUSTIVE_LIMIT)) {
    pool = index.handles.filter((handle) => handle !== anchor);
  } else {
    const found = new Set<string>(await ports.nearest(anchor, ports.vectorK ?? DEFAULT_VECTOR_K));
    const weights = resolveWeights(ports.weights);
    for (const handle of profileChannel(index, anchor, ports.profileK ?? DEFAULT_PROFILE_K, weights))
      found.add(handle);
    for (const handle of ports.mostActive) found.add(handle);
    for (const first of index.neighbours.get(anchor) ?? []) {
      found.add(first);
      for (const second of index.neighbours.get(first) ?? []) found.add(second);
    }
    found.delete(anchor);
    pool = [...found].sort();
  }
  if (genreFilter.length === 0) return pool;
  return pool.filter((handle) =>
    genreFilter.some((key) => index.features.get(handle)?.genreWeights.has(key)),
  );
}

/** "free together 8 times, first Tue 24 Nov 17:00–19:00": the windows listed, so never a window not shown. */
function freeTogether(windows: readonly Interval[], describe: PairAnswerPorts['describe']): string[] {
  const first = windows[0];
  if (!first) return [];
  const text = describe?.(first) ?? `for ${Math.round((first.endMs - first.startMs) / 60_000)} min`;
  return [
    windows.length === 1 ? `free together ${text}` : `free together ${windows.length} times, first ${text}`,
  ];
}

function withWindows(
  s: PairSuggestion,
  windows: Interval[],
  describe: PairAnswerPorts['describe'],
): PairSuggestion {
  return { ...s, windows, reasons: [...s.reasons, ...freeTogether(windows, describe)] };
}

/** Shown (not gating) windows: free time loaded only for the members of the final suggestions. */
async function withShownWindows(
  answer: PairAnswer,
  query: PairQuery,
  ports: PairAnswerPorts,
): Promise<PairAnswer> {
  const span = query.showWindow;
  if (query.window || !span) return answer;
  if (answer.suggestions.length === 0) return { ...answer, span };
  const handles = [...new Set(answer.suggestions.flatMap((s) => s.members.map((m) => m.handle)))];
  const gate: AvailabilityGate = {
    windowsByHandle: await ports.freeTime(handles, span),
    minMinutes: answer.minMinutes,
  };
  return {
    ...answer,
    span,
    suggestions: answer.suggestions.map((s) =>
      withWindows(
        s,
        commonWindows(
          gate,
          s.members.map((m) => m.handle),
        ),
        ports.describe,
      ),
    ),
  };
}

/**
 * @example
 * await answerPairQuery({ creators: ['ana'], window, minMinutes: 120 }, ports);
 */
export async function answerPairQuery(query: PairQuery, given: PairAnswerPorts): Promise<PairAnswer> {
  const ports = { ...given, freeTime: rememberedFreeTime(given.freeTime) };
  const answer = await withShownWindows(await answerGated(query, ports), query, ports);
  if (answer.mode === 'group' || answer.suggestions.length > 0) return answer;
  const empty = await explainEmptyAnswer(query, {
    index: ports.index,
    answer: (relaxed) => answerGated(relaxed, ports),
    freeTime: ports.freeTime,
  });
  return { ...answer, empty };
}

/**
 * Free time loaded once per creator and span for one answer: explaining an empty answer re-asks the
 * query with filters changed, over the same span, and must not load the same rows again.
 */
function rememberedFreeTime(load: PairAnswerPorts['freeTime']): PairAnswerPorts['freeTime'] {
  const bySpan = new Map<string, Map<string, readonly Interval[]>>();
  return async (handles, window) => {
    const key = `${window.startMs}/${window.endMs}`;
    let known = bySpan.get(key);
    if (!known) {
      known = new Map();
      bySpan.set(key, known);
    }
    const missing = handles.filter((handle) => !known.has(handle));
    if (missing.length > 0) {
      const loaded = await load(missing, window);
      for (const handle of missing) known.set(handle, loaded.get(handle) ?? []);
    }
    return new Map(handles.map((handle) => [handle, known.get(handle)!]));
  };
}

async function answerGated(query: PairQuery, ports: PairAnswerPorts): Promise<PairAnswer> {
  const { index } = ports;
  const named = [...new Set(query.creators ?? [])];
  for (const handle of named) if (!index.profiles.has(handle)) throw unknown(handle);
  const k = query.k ?? DEFAULT_SUGGESTIONS;
  const size = query.size ?? 2;
  const minMinutes = query.minMinutes ?? DEFAULT_MIN_MINUTES;
  const radiusKm = query.inPerson ? (query.inPerson.radiusKm ?? DEFAULT_RADIUS_KM) : undefined;
  const outside = query.inPerson?.near ? outsideNear(index, query.inPerson.near, radiusKm!) : undefined;
  const excludeHandles =
    outside || query.exclude?.length ? new Set([...(outside ?? []), ...(query.exclude ?? [])]) : undefined;
  const base: PairingOptions = {
    limit: k,
    weights: ports.weights,
    requiredRoles: [...(query.roles ?? [])],
    ...(radiusKm !== undefined ? { inPersonRadiusKm: radiusKm } : {}),
    ...(excludeHandles ? { excludeHandles } : {}),
  };
  const window = query.window;
  const gateFor = async (handles: readonly string[]): Promise<AvailabilityGate | undefined> => {
    if (!window) return undefined;
    const gate: AvailabilityGate = { windowsByHandle: await ports.freeTime(handles, window), minMinutes };
    return gate;
  };
  const toAnswer = (
    s: Suggestion,
    gate: AvailabilityGate | undefined,
    violations: string[] = [],
  ): PairSuggestion =>
    withWindows(
      {
        members: s.handles.map(ports.members),
        score: s.score,
        reasons: s.reasons,
        ...(s.terms ? { terms: s.terms } : {}),
        windows: [],
        violations,
      },
      commonWindows(gate, s.handles),
      ports.describe,
    );
  const answered = (mode: PairAnswer['mode'], suggestions: PairSuggestion[]): PairAnswer => ({
    mode,
    suggestions,
    minMinutes,
    ...(window ? { span: window } : {}),
  });

  if (named.length >= 2) {
    const gate = await gateFor(named);
    const fit = fitOfGroup(index, named, { ...base, ...(gate ? { availability: gate } : {}) });
    return answered('group', [toAnswer(fit, gate, fit.violations)]);
  }

  const genreFilter = genreKeys(query.genres ?? []);
  if (named.length === 1) {
    const anchor = named[0]!;
    const candidates = await candidatesFor(ports, anchor, genreFilter);
    const run = (options: PairingOptions) =>
      size === 3 ? suggestTrios(index, anchor, options) : suggestPartners(index, anchor, options);
    if (!window)
      return answered(
        'partners',
        run({ ...base, candidates }).map((s) => toAnswer(s, undefined)),
      );
    // Free time is the expensive part: load it for the best-scoring partners first, widening if too few pass.
    const { requiredRoles, ...pairRules } = base;
    const ranked = rankedPartners(
      index,
      anchor,
      { ...(size === 3 ? pairRules : base), candidates },
      resolveWeights(ports.weights),
    ).map((s) => s.handles[1]!);
    let answer: PairSuggestion[] = [];
    for (const poolSize of GATE_POOLS) {
      const pool = ranked.slice(0, poolSize);
      const gate = (await gateFor([anchor, ...pool]))!;
      answer = run({ ...base, candidates: pool, availability: gate }).map((s) => toAnswer(s, gate));
      if (answer.length >= k || pool.length === ranked.length) break;
    }
    return answered('partners', answer);
  }

  let candidates = index.handles;
  if (genreFilter.length > 0)
    candidates = candidates.filter((h) =>
      genreFilter.some((key) => index.features.get(h)?.genreWeights.has(key)),
    );
  const gate = await gateFor(candidates);
  const suggestions = suggestForQuery(
    index,
    { genres: query.genres ?? [], roles: query.roles ?? [] },
    { ...base, requiredRoles: [], groupSize: size, candidates, ...(gate ? { availability: gate } : {}) },
  );
  return answered(
    'query',
    suggestions.map((s) => toAnswer(s, gate)),
  );
}

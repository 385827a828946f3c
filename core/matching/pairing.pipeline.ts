/**
 * `/pair` as pure functions: best partners for a creator, best trios, and the fit of a named group.
 * Retrieval -> score S -> hard rules -> diversity (which suggestions) -> best first -> reasons.
 * Same input, same output; ties by handle. Free time is for the caller to phrase (`pair-answer.ts`):
 * the reasons here never describe a window the caller does not list.
 */
import { AppError } from '../shared/app-error.ts';
import { retrieveCandidates } from './candidate-retrieval.ts';
import { diversify, groupSimilarityOf } from './diversity.ts';
import { pairReasons } from './explanations.ts';
import type { MatchIndex } from './match-index.ts';
import { checkGroup, type GroupRules, type Interval, type RuleViolation } from './match-rules.ts';
import { type MatchWeights, resolveWeights } from './match-weights.ts';
import type { BriefTermPoints } from './pair-query.ts';
import { type PairScore, pairScoreValue, scorePair } from './pair-score.ts';

export interface PairingOptions extends GroupRules {
  /** Suggestions to return (default 5). */
  limit?: number;
  weights?: Partial<MatchWeights>;
  /** Precomputed candidates (pgvector top-K ∪ tag filter in the DB); otherwise retrieved in memory. */
  candidates?: readonly string[];
  /** MMR penalty for near-identical suggestions, 0..1 (default 0.1; 0 = plain score order). */
  diversity?: number;
}

export interface Suggestion {
  /** Members; the named creator first when there is one. */
  handles: string[];
  /** 0..100: S for a pair, the mean pairwise S for a trio. */
  score: number;
  reasons: string[];
  pairs: PairScore[];
  /** Longest shared free window, when an availability gate was given. */
  window?: Interval;
  /** Largest distance between members, when in-person was required. */
  spanKm?: number;
  /** Brief queries: the points each brief term added to S. */
  terms?: BriefTermPoints[];
}

export const DEFAULT_LIMIT = 5;
export const DEFAULT_DIVERSITY = 0.1;
/** Suggestions less alike than this are not penalised by diversity. */
const SIMILARITY_FLOOR = 0.5;
/** Partners considered when building trios around a creator. */
const TRIO_POOL = 12;

/** Best first; equal scores by member handles. */
export function bestFirst(a: { score: number; handles: readonly string[] }, b: typeof a): number {
  return b.score - a.score || a.handles.join(' ').localeCompare(b.handles.join(' '));
}

function assertAnchor(index: MatchIndex, handle: string): void {
  const profile = index.profiles.get(handle);
  if (!profile)
    throw new AppError('matching.unknown_creator', `No creator with handle @${handle}`, { handle });
  if (!profile.isWritingOptIn) {
    throw new AppError('matching.opted_out', `@${handle} has opted out of co-writing suggestions`, {
      handle,
    });
  }
}

function displayName(index: MatchIndex, handle: string): string {
  return index.profiles.get(handle)?.displayName ?? handle;
}

function trailingReasons(suggestion: Suggestion): string[] {
  return suggestion.spanKm === undefined ? [] : [`${Math.round(suggestion.spanKm)} km apart`];
}

/** Diversity picks which `limit` suggestions are shown; they are then shown best first. */
function withDiversity(
  index: MatchIndex,
  ranked: Suggestion[],
  options: PairingOptions,
  anchor?: string,
): Suggestion[] {
  const similarity = groupSimilarityOf(index, anchor);
  return diversify(
    ranked,
    options.limit ?? DEFAULT_LIMIT,
    (s) => s.score / 100,
    (a, b) => similarity(a.handles, b.handles),
    options.diversity ?? DEFAULT_DIVERSITY,
    SIMILARITY_FLOOR,
  ).sort(bestFirst);
}

/** Scored partners of `anchor` that pass every rule, best first (before diversity and reasons). */
export function rankedPartners(
  index: MatchIndex,
  anchor: string,
  options: PairingOptions,
  weights: MatchWeights,
): Suggestion[] {
  const candidates = options.candidates ?? retrieveCandidates(index, anchor);
  const out: Suggestion[] = [];
  for (const candidate of candidates) {
    if (candidate === anchor) continue;
    const check = checkGroup(index, [anchor, candidate], options);
    if (check.violations.length > 0) continue;
    // Ranking needs only the number; the shown few get their components in `withPairDetails`.
    const suggestion: Suggestion = {
      handles: [anchor, candidate],
      score: pairScoreValue(index, anchor, candidate, weights),
      reasons: [],
      pairs: [],
    };
    if (check.window) suggestion.window = check.window;
    if (check.spanKm !== undefined) suggestion.spanKm = check.spanKm;
    out.push(suggestion);
  }
  return out.sort(bestFirst);
}

/**
 * `/pair @a`: the best partners for a creator.
 *
 * @example
 * const index = buildMatchIndex({ creators, sessions, doNotPair });
 * suggestPartners(index, 'ana', { requiredRoles: ['producer'], limit: 5 });
 */
export function suggestPartners(
  index: MatchIndex,
  anchor: string,
  options: PairingOptions = {},
): Suggestion[] {
  assertAnchor(index, anchor);
  const weights = resolveWeights(options.weights);
  const picked = withDiversity(index, rankedPartners(index, anchor, options, weights), options, anchor);
  // The shown score is scorePair's, bit for bit the number `/pair @a @b` shows for the same pair.
  return picked
    .map((s) => {
      const pair = scorePair(index, s.handles[0]!, s.handles[1]!, weights);
      return {
        ...s,
        score: pair.score,
        pairs: [pair],
        reasons: [...pairReasons(index, pair), ...trailingReasons(s)],
      };
    })
    .sort(bestFirst);
}

/** Reasons for a group of three or more: each pair's strongest reasons, named. */
function groupReasons(index: MatchIndex, pairs: readonly PairScore[]): string[] {
  const lines: string[] = [];
  for (const pair of [...pairs].sort((a, b) => b.score - a.score)) {
    const names = pair.handles.map((handle) => displayName(index, handle)).join(' & ');
    for (const reason of pairReasons(index, pair).slice(0, 2)) lines.push(`${names}: ${reason}`);
  }
  return lines;
}

function scoreGroup(
  index: MatchIndex,
  handles: readonly string[],
  weights: MatchWeights,
): { score: number; pairs: PairScore[] } {
  const pairs: PairScore[] = [];
  for (let i = 0; i < handles.length; i += 1) {
    for (let j = i + 1; j < handles.length; j += 1)
      pairs.push(scorePair(index, handles[i]!, handles[j]!, weights));
  }
  return { score: pairs.reduce((total, pair) => total + pair.score, 0) / Math.max(1, pairs.length), pairs };
}

/** `/pair @a` in trio mode: the best two partners together, every pairwise rule respected. */
export function suggestTrios(index: MatchIndex, anchor: string, options: PairingOptions = {}): Suggestion[] {
  assertAnchor(index, anchor);
  const weights = resolveWeights(options.weights);
  // Roles are a group property: a partner alone need not cover them.
  const { requiredRoles, ...pairRules } = options;
  const pool = rankedPartners(index, anchor, pairRules, weights)
    .slice(0, TRIO_POOL)
    .map((s) => s.handles[1]!);
  const trios: Suggestion[] = [];
  for (let i = 0; i < pool.length; i += 1) {
    for (let j = i + 1; j < pool.length; j += 1) {
      const handles = [anchor, ...[pool[i]!, pool[j]!].sort()];
      const check = checkGroup(index, handles, options);
      if (check.violations.length > 0) continue;
      const suggestion: Suggestion = { handles, reasons: [], ...scoreGroup(index, handles, weights) };
      if (check.window) suggestion.window = check.window;
      if (check.spanKm !== undefined) suggestion.spanKm = check.spanKm;
      trios.push(suggestion);
    }
  }
  const picked = withDiversity(index, trios.sort(bestFirst), options, anchor);
  return picked.map((s) => ({
    ...s,
    reasons: [...groupReasons(index, s.pairs), ...trailingReasons(s)],
  }));
}

export interface GroupFit extends Suggestion {
  /** Rules the group breaks; empty when it could be suggested. */
  violations: RuleViolation[];
}

/** `/pair @a @b [@c]`: how well a named group fits, and which rules (if any) it breaks. */
export function fitOfGroup(
  index: MatchIndex,
  handles: readonly string[],
  options: PairingOptions = {},
): GroupFit {
  for (const handle of handles) {
    if (!index.profiles.has(handle))
      throw new AppError('matching.unknown_creator', `No creator with handle @${handle}`, { handle });
  }
  if (handles.length < 2)
    throw new AppError('matching.group_too_small', 'Name at least two creators to check their fit', {
      handles,
    });
  const weights = resolveWeights(options.weights);
  const check = checkGroup(index, handles, options);
  const fit: GroupFit = {
    handles: [...handles],
    reasons: [],
    violations: check.violations,
    ...scoreGroup(index, handles, weights),
  };
  if (check.window) fit.window = check.window;
  if (check.spanKm !== undefined) fit.spanKm = check.spanKm;
  const reasons = handles.length === 2 ? pairReasons(index, fit.pairs[0]!) : groupReasons(index, fit.pairs);
  return { ...fit, reasons: [...reasons, ...trailingReasons(fit)] };
}

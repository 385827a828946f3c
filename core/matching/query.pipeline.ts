/**
 * Query mode without a named creator (`/pair genre:alt-pop role:topliner`): creators who fit the brief,
 * alone or as the best pairs/trios among them. A group's score is its pair score S (the same number
 * `/pair @a` and `/pair @a @b` show for it) plus the points each brief term adds, named in the reasons
 * (`+15 genre:alt-pop`), so a brief never changes a pair's score without saying why.
 */
import { normaliseGenre } from '../profiles/genres.ts';
import { normaliseInspiration } from '../profiles/inspirations.ts';
import { slugify } from '../profiles/text.normalise.ts';
import { AppError } from '../shared/app-error.ts';
import { diversify, groupSimilarityOf } from './diversity.ts';
import type { MatchIndex } from './match-index.ts';
import { checkGroup } from './match-rules.ts';
import { resolveWeights } from './match-weights.ts';
import type { BriefTermPoints } from './pair-query.ts';
import {
  bestFirst,
  DEFAULT_DIVERSITY,
  DEFAULT_LIMIT,
  fitOfGroup,
  type PairingOptions,
  type Suggestion,
} from './pairing.pipeline.ts';

export interface MatchQuery {
  genres?: readonly string[];
  inspirations?: readonly string[];
  /** Every role must be covered by the group (by the person, for groupSize 1). */
  roles?: readonly string[];
}

/** The most a brief adds to S, split evenly between its terms (a member matching a parent genre counts half). */
export const BRIEF_POINTS = 15;
/** Best-fitting creators combined into groups. */
const GROUP_POOL = 20;

interface BriefTerm {
  /** As typed, for the reasons: `genre:Alt Pop`. */
  term: string;
  /** How much one creator matches it, 0..1. */
  match(index: MatchIndex, handle: string): number;
  label(index: MatchIndex, handle: string): string | undefined;
}

/** The brief's terms: genres by taxonomy id (free tags by slug), inspirations by folded key. */
export function briefTerms(query: MatchQuery): BriefTerm[] {
  const genres = (query.genres ?? []).map((text): BriefTerm => {
    const known = normaliseGenre(text);
    const key = known ? `genre:${known.id}` : `tag:${slugify(text)}`;
    return {
      term: `genre:${text}`,
      match: (index, handle) => index.features.get(handle)?.genreWeights.get(key) ?? 0,
      label: (index, handle) => index.features.get(handle)?.genreLabels.get(key),
    };
  });
  const inspirations = (query.inspirations ?? []).flatMap((text): BriefTerm[] => {
    const key = normaliseInspiration(text)?.key;
    if (!key) return [];
    return [
      {
        term: `inspiration:${text}`,
        match: (index, handle) => (index.features.get(handle)?.inspirations.has(key) ? 1 : 0),
        label: (index, handle) => index.features.get(handle)?.inspirations.get(key),
      },
    ];
  });
  return [...genres, ...inspirations];
}

/**
 * What each term adds to a group's S, in whole points (so the shown score is the shown S plus the
 * shown points), never past 100.
 */
export function briefPoints(
  index: MatchIndex,
  terms: readonly BriefTerm[],
  handles: readonly string[],
  pairScore: number,
): BriefTermPoints[] {
  let room = 100 - Math.round(pairScore);
  const out: BriefTermPoints[] = [];
  for (const term of terms) {
    const mean = handles.reduce((sum, handle) => sum + term.match(index, handle), 0) / handles.length;
    const points = Math.min(room, Math.round((BRIEF_POINTS / terms.length) * mean));
    if (points <= 0) continue;
    room -= points;
    out.push({ term: term.term, points });
  }
  return out;
}

/** Each eligible creator's match with the brief, 0..1 (mean over its terms); non-matching creators left out. */
function briefFit(
  index: MatchIndex,
  terms: readonly BriefTerm[],
  options: PairingOptions,
): { handle: string; fit: number; labels: string[] }[] {
  const out: { handle: string; fit: number; labels: string[] }[] = [];
  for (const handle of options.candidates ?? index.handles) {
    if (checkGroup(index, [handle], { ...options, requiredRoles: [] }).violations.length > 0) continue;
    const fit =
      terms.length === 0 ? 0 : terms.reduce((sum, t) => sum + t.match(index, handle), 0) / terms.length;
    if (terms.length > 0 && fit === 0) continue;
    const labels = terms.flatMap((t) =>
      t.match(index, handle) > 0 ? [t.label(index, handle) ?? t.term] : [],
    );
    out.push({ handle, fit, labels });
  }
  return out.sort((a, b) => b.fit - a.fit || (a.handle < b.handle ? -1 : 1));
}

/**
 * @example
 * suggestForQuery(index, { genres: ['alt-pop'], roles: ['topliner'] }, { groupSize: 2, limit: 5 });
 */
export function suggestForQuery(
  index: MatchIndex,
  query: MatchQuery,
  options: PairingOptions & { groupSize?: 1 | 2 | 3 } = {},
): Suggestion[] {
  const groupSize = options.groupSize ?? 2;
  const requiredRoles = [...(options.requiredRoles ?? []), ...(query.roles ?? [])];
  const rules = { ...options, requiredRoles };
  const terms = briefTerms(query);
  const fits = briefFit(index, terms, options);
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (groupSize === 1) {
    const singles = fits.filter((f) => checkGroup(index, [f.handle], rules).violations.length === 0);
    return singles.slice(0, limit).map((f) => ({
      handles: [f.handle],
      score: 100 * f.fit,
      reasons: f.labels.length > 0 ? [`fits the brief: ${f.labels.join(', ')}`] : [],
      pairs: [],
    }));
  }
  if (groupSize !== 2 && groupSize !== 3)
    throw new AppError('matching.bad_group_size', 'Group size must be 1, 2 or 3', { groupSize });
  // Keep role holders in the pool even when others fit the genre better, so the role can be covered.
  const roleHolders = fits.filter(
    (f) =>
      requiredRoles.length === 0 ||
      checkGroup(index, [f.handle], { requiredRoles: requiredRoles.slice(0, 1) }).violations.length === 0,
  );
  const pool = [
    ...new Map(
      [...fits.slice(0, GROUP_POOL), ...roleHolders.slice(0, GROUP_POOL / 2)].map((f) => [f.handle, f]),
    ).values(),
  ];
  const weights = resolveWeights(options.weights);
  const groups: Suggestion[] = [];
  const consider = (members: typeof pool) => {
    const handles = members.map((m) => m.handle).sort();
    const check = checkGroup(index, handles, rules);
    if (check.violations.length > 0) return;
    const { violations: _violations, ...fit } = fitOfGroup(index, handles, { ...rules, weights });
    const added = briefPoints(index, terms, handles, fit.score);
    const bonus = added.reduce((sum, t) => sum + t.points, 0);
    groups.push({
      ...fit,
      score: Math.min(100, fit.score + bonus),
      reasons: [...added.map((t) => `+${t.points} ${t.term}`), ...fit.reasons],
      ...(added.length > 0 ? { terms: added } : {}),
    });
  };
  for (let i = 0; i < pool.length; i += 1) {
    for (let j = i + 1; j < pool.length; j += 1) {
      if (groupSize === 2) consider([pool[i]!, pool[j]!]);
      else for (let k = j + 1; k < pool.length; k += 1) consider([pool[i]!, pool[j]!, pool[k]!]);
    }
  }
  groups.sort(bestFirst);
  // Diversity chooses which groups are shown; they are shown best first.
  const similarity = groupSimilarityOf(index);
  return diversify(
    groups,
    limit,
    (g) => g.score,
    (a, b) => similarity(a.handles, b.handles),
    options.diversity ?? DEFAULT_DIVERSITY,
    0.5,
  ).sort(bestFirst);
}

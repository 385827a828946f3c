/**
 * Query mode without a named creator (`/pair genre:alt-pop role:topliner`): creators who fit the brief,
 * alone or as the best pairs/trios among them.
 */
import { parseCreatorProfile } from '../profiles/creator-profile.normalise.ts';
import { AppError } from '../shared/app-error.ts';
import { diversify, groupSimilarity } from './diversity.ts';
import type { MatchIndex } from './match-index.ts';
import { checkGroup } from './match-rules.ts';
import { resolveWeights } from './match-weights.ts';
import { pairComponents } from './pair-score.ts';
import {
  DEFAULT_DIVERSITY,
  DEFAULT_LIMIT,
  fitOfGroup,
  type PairingOptions,
  type Suggestion,
} from './pairing.pipeline.ts';
import { creatorFeatures } from './profile-features.ts';

export interface MatchQuery {
  genres?: readonly string[];
  inspirations?: readonly string[];
  /** Every role must be covered by the group (by the person, for groupSize 1). */
  roles?: readonly string[];
}

const QUERY_HANDLE = '~query';
/** Best-fitting creators combined into groups. */
const GROUP_POOL = 20;

/** How well each eligible creator fits the brief, 0..100, with the matching reasons. */
function briefFit(
  index: MatchIndex,
  query: MatchQuery,
  options: PairingOptions,
): { handle: string; fit: number; reasons: string[] }[] {
  const probe = parseCreatorProfile({
    handle: 'query',
    displayName: 'query',
    genres: [...(query.genres ?? [])],
    inspirations: [...(query.inspirations ?? [])],
  });
  const features = new Map(index.features).set(QUERY_HANDLE, {
    ...creatorFeatures(probe),
    handle: QUERY_HANDLE,
  });
  const probeIndex: MatchIndex = { ...index, features };
  const weights = resolveWeights(options.weights);
  const out: { handle: string; fit: number; reasons: string[] }[] = [];
  for (const handle of options.candidates ?? index.handles) {
    if (checkGroup(index, [handle], { ...options, requiredRoles: [] }).violations.length > 0) continue;
    const content = pairComponents(probeIndex, QUERY_HANDLE, handle).filter(
      (c) => c.name === 'genre' || c.name === 'inspiration',
    );
    const total = content.reduce((sum, c) => sum + weights[c.name], 0);
    const fit = total === 0 ? 0 : content.reduce((sum, c) => sum + weights[c.name] * c.value, 0) / total;
    const hasBrief = (query.genres?.length ?? 0) + (query.inspirations?.length ?? 0) > 0;
    if (hasBrief && fit === 0) continue;
    const reasons = content
      .filter((c) => c.evidence.length > 0)
      .map((c) => `fits the brief: ${c.evidence.slice(0, 3).join(', ')}`);
    out.push({ handle, fit: 100 * fit, reasons });
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
  const fits = briefFit(index, query, options);
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (groupSize === 1) {
    const singles = fits.filter((f) => checkGroup(index, [f.handle], rules).violations.length === 0);
    return singles
      .slice(0, limit)
      .map((f) => ({ handles: [f.handle], score: f.fit, reasons: f.reasons, pairs: [] }));
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
    const fit = fitOfGroup(index, handles, { ...rules, weights });
    const briefScore = members.reduce((sum, m) => sum + m.fit, 0) / members.length;
    const briefReasons = [...new Set(members.flatMap((m) => m.reasons))].slice(0, 2);
    groups.push({ ...fit, score: (briefScore + fit.score) / 2, reasons: [...briefReasons, ...fit.reasons] });
  };
  for (let i = 0; i < pool.length; i += 1) {
    for (let j = i + 1; j < pool.length; j += 1) {
      if (groupSize === 2) consider([pool[i]!, pool[j]!]);
      else for (let k = j + 1; k < pool.length; k += 1) consider([pool[i]!, pool[j]!, pool[k]!]);
    }
  }
  groups.sort((a, b) => b.score - a.score || a.handles.join(' ').localeCompare(b.handles.join(' ')));
  const picked = diversify(
    groups,
    limit,
    (g) => g.score,
    (a, b) => groupSimilarity(index, a.handles, b.handles),
    options.diversity ?? DEFAULT_DIVERSITY,
    0.5,
  );
  return picked.map(
    ({ violations: _violations, ...suggestion }: Suggestion & { violations?: unknown }) => suggestion,
  );
}

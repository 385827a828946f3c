/**
 * The benchmark's history imported the way users import a roster (creators.csv + credits.csv through the
 * roster import), then ranked by the same pairing code `/pair @a` calls, without an availability gate.
 */
import { buildMatchIndex, type MatchIndex } from '../../core/matching/match-index.ts';
import type { MatchWeights } from '../../core/matching/match-weights.ts';
import { suggestPartners } from '../../core/matching/pairing.pipeline.ts';
import { parseRosterCsv } from '../../core/profiles/roster-csv.ts';
import { type CowritesSplit, rosterCsv } from './cowrites-dataset.ts';
import type { RankFn } from './evaluate.ts';

export interface InMemoryRanker {
  rank: RankFn;
  index: MatchIndex;
  importProblems: number;
}

export function inMemoryRanker(
  split: CowritesSplit,
  options: { weights?: Partial<MatchWeights>; diversity?: number } = {},
): InMemoryRanker {
  const { creatorsCsv, creditsCsv } = rosterCsv(split);
  const roster = parseRosterCsv({ creatorsCsv, creditsCsv });
  const index = buildMatchIndex({ creators: roster.profiles });
  const rank: RankFn = async (queryHandle, exclude) =>
    suggestPartners(index, queryHandle, {
      limit: 10,
      excludeHandles: exclude,
      ...(options.weights ? { weights: options.weights } : {}),
      ...(options.diversity !== undefined ? { diversity: options.diversity } : {}),
    }).map((suggestion) => suggestion.handles[1]!);
  return { rank, index, importProblems: roster.problems.length };
}

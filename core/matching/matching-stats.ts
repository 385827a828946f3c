/**
 * The tenant's pair-score weights in words: what `/stats matching` and `session-align matching show`
 * print. One place, so chat and terminal say the same thing.
 */

import { DEFAULT_MATCH_WEIGHTS } from './match-weights.ts';
import type { MatchingSettings, StoredFit } from './matching-settings.ts';
import { COMPONENT_NAMES, type ComponentName } from './pair-score.ts';

/** What each component means, for people reading the weights. */
export const COMPONENT_LABELS: Readonly<Record<ComponentName, string>> = {
  genre: 'shared genres',
  inspiration: 'shared influences',
  creditEntity: 'wrote for the same artists',
  graph: 'co-writers in common',
  activity: 'both active (recent, many collaborators)',
  history: 'past sessions together',
  novelty: 'a new pairing',
  roles: 'complementary roles',
  recentGraph: 'recent co-writers in common',
  popularity: 'both writing a lot lately',
  artistGraph: "wrote for artists the other's co-writers wrote for",
  openness: 'both taking on new co-writers lately',
  genreSpecificity: 'shared genres few in the roster have',
};

export interface WeightLine {
  name: ComponentName;
  label: string;
  weight: number;
  /** Where the weight came from. */
  source: 'learned' | 'default' | 'pinned' | 'set';
}

const fixed3 = (value: number) => value.toFixed(3);

/** The weights in use, largest first, each with where it came from. */
export function weightLines(matching: MatchingSettings): WeightLine[] {
  const learned = new Set(matching.fit?.isApplied ? matching.fit.fittedComponents : []);
  return COMPONENT_NAMES.map((name): WeightLine => {
    const weight = matching.weights[name];
    const source = matching.isPinned
      ? 'pinned'
      : learned.has(name) && matching.fit?.weights[name] === weight
        ? 'learned'
        : weight === DEFAULT_MATCH_WEIGHTS[name]
          ? 'default'
          : 'set';
    return { name, label: COMPONENT_LABELS[name], weight, source };
  }).sort((a, b) => b.weight - a.weight || COMPONENT_NAMES.indexOf(a.name) - COMPONENT_NAMES.indexOf(b.name));
}

/** One sentence on the last fit: when, on what, how well it validated, and whether it is in use. */
export function fitSummary(fit: StoredFit | undefined, isPinned: boolean): string[] {
  if (!fit)
    return ['No fit yet: the weights are the defaults or set by hand. Fit them: session-align matching fit.'];
  const when = `${fit.fittedAt.slice(0, 16).replace('T', ' ')} UTC`;
  const lines: string[] = [];
  if (fit.status === 'defaults') {
    lines.push(`Last fit ${when}: not enough history (${fit.reason}); the weights were left as they were.`);
    return lines;
  }
  const years =
    fit.cutoffYears.length > 0 ? ` (history to ${fit.cutoffYears.at(-1)}…${fit.cutoffYears[0]})` : '';
  lines.push(
    `Last fit ${when}: ${fit.positives} new co-writing pairs${years} against ${fit.negatives} sampled non-pairs.`,
  );
  const v = fit.validation;
  if (v) {
    lines.push(
      `Validation on later history held out (${v.cutoffYears.join(', ')}; ${v.queries} creators): recall@10 ${fixed3(v.recallAt10)} vs ${fixed3(v.baseRecallAt10)} with the defaults, AUC ${fixed3(v.auc)} vs ${fixed3(v.baseAuc)}.`,
    );
  }
  if (!fit.isApplied && isPinned)
    lines.push('Not applied: the weights are pinned by an admin (unpin: session-align matching unpin).');
  return lines;
}

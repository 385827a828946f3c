/**
 * Per-tenant weights of the pair score S (PRD 8.2). Each component is 0..1 (history −1..1); S is the
 * weighted mean over the components that have data for the pair, times 100. Tenants override any subset.
 */
import { AppError } from '../shared/app-error.ts';

export interface MatchWeights {
  /** Shared genres and free tags (taxonomy parents count half). */
  genre: number;
  /** Shared inspirations, rarer ones counting more. */
  inspiration: number;
  /** Wrote for the same artists, rarer artists counting more. */
  creditEntity: number;
  /** Co-writers in common (Adamic–Adar over credits and past sessions). */
  graph: number;
  /** How active both are: recent credits and breadth of collaborators. */
  activity: number;
  /** Past sessions together (feedback ratings) and prior cuts. Negative when sessions went badly. */
  history: number;
  /** Bonus for a pair that has never worked together; 0 means no preference, raise it for fresh pairings. */
  novelty: number;
  /** Complementary roles (topliner + producer) over two of the same. */
  roles: number;
  /** Co-writers in common through recent collaborations: paths through old co-writes fade. */
  recentGraph: number;
  /** How much both have written lately: recency-weighted credit counts, with diminishing returns. */
  popularity: number;
  /** One wrote for artists the other's co-writers wrote for (the written-for graph, one step out). */
  artistGraph: number;
  /** How many new co-writers both have taken on lately (recency-weighted), with diminishing returns. */
  openness: number;
  /** Genres both write, rarer ones in the roster counting more: a shared niche says more than "pop". */
  genreSpecificity: number;
}

/**
 * Defaults reasoned for a real roster where profiles carry genres and inspirations (content terms lead).
 * On credit-only data the content terms drop out and activity : graph : credit entity stay about
 * 1 : 0.35 : 0.25, the balance that held on earlier time splits inside the co-writing history
 * (<=1995/2000/2005, `run-in-memory.ts --validation`), never on the benchmark's test years: who is active
 * predicts new co-writes more than any pair signal, and pair signals order the active ones.
 */
export const DEFAULT_MATCH_WEIGHTS: Readonly<MatchWeights> = Object.freeze({
  genre: 0.25,
  inspiration: 0.15,
  creditEntity: 0.05,
  graph: 0.07,
  activity: 0.2,
  history: 0.15,
  novelty: 0.05,
  roles: 0.1,
  // Added for issue 14; 0 by default so a tenant without a fit scores as before. A fit may raise them.
  recentGraph: 0,
  popularity: 0,
  artistGraph: 0,
  // Added for issue 14 after the three above (0 by default for the same reason).
  openness: 0,
  genreSpecificity: 0,
});

/** Defaults with a tenant's overrides; every weight must be a finite number >= 0. */
export function resolveWeights(overrides: Partial<MatchWeights> = {}): MatchWeights {
  const weights = { ...DEFAULT_MATCH_WEIGHTS, ...overrides };
  for (const [name, value] of Object.entries(weights)) {
    if (!(name in DEFAULT_MATCH_WEIGHTS)) {
      throw new AppError(
        'matching.bad_weights',
        `Unknown match weight "${name}"; known: ${Object.keys(DEFAULT_MATCH_WEIGHTS).join(', ')}`,
        { field: name },
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new AppError(
        'matching.bad_weights',
        `Match weight "${name}" must be a number >= 0, got ${String(value)}`,
        { field: name },
      );
    }
  }
  return weights;
}

/**
 * A tenant's own credits as a link-prediction problem: the roster as it stood at the end of a cutoff
 * year (history), and the pairs that first wrote together in the years after it (what a good `/pair`
 * would have suggested). The fit learns from these slices; nothing here looks past the latest credit.
 */
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';
import { buildMatchIndex, type MatchIndex, pairKey } from './match-index.ts';

const NO_VECTOR = new Float32Array(0);

export interface TimeSlice {
  /** History is every dated credit up to and including this year. */
  cutoffYear: number;
  /** Positives are pairs whose first shared work is in `cutoffYear + 1 .. cutoffYear + windowYears`. */
  windowYears: number;
  /** The roster as of the cutoff: creators with at least one dated credit by then, only those credits. */
  index: MatchIndex;
  /** New co-writing pairs after the cutoff, both in history, never co-writers before; [a, b] with a < b. */
  positives: [string, string][];
}

/** Latest credit year in the roster, if any credit is dated. */
export function latestCreditYear(profiles: readonly CreatorProfile[]): number | undefined {
  let latest: number | undefined;
  for (const profile of profiles)
    for (const credit of profile.credits)
      if (credit.year !== undefined) latest = Math.max(latest ?? credit.year, credit.year);
  return latest;
}

/**
 * The slice at `cutoffYear`. Undated credits belong to no year, so they are left out of every slice
 * (counting them as history would leak later co-writes into it).
 */
export function timeSlice(
  profiles: readonly CreatorProfile[],
  cutoffYear: number,
  windowYears: number,
): TimeSlice {
  const history: CreatorProfile[] = [];
  const laterWriters = new Map<string, string[]>();
  for (const profile of profiles) {
    const dated = profile.credits.filter((credit) => credit.year !== undefined);
    const before = dated.filter((credit) => credit.year! <= cutoffYear);
    if (before.length === 0) continue;
    history.push({ ...profile, credits: before });
    for (const credit of dated) {
      if (credit.year! <= cutoffYear || credit.year! > cutoffYear + windowYears) continue;
      laterWriters.set(credit.workKey, [...(laterWriters.get(credit.workKey) ?? []), profile.handle]);
    }
  }
  // No component of the score reads embeddings: empty vectors spare hashing every profile per slice.
  const embeddings = new Map(history.map((profile) => [profile.handle, NO_VECTOR]));
  const index = buildMatchIndex({ creators: history, referenceYear: cutoffYear, embeddings });
  const seen = new Set<string>();
  const positives: [string, string][] = [];
  for (const writers of laterWriters.values()) {
    const unique = [...new Set(writers)].sort();
    for (let i = 0; i < unique.length; i += 1) {
      for (let j = i + 1; j < unique.length; j += 1) {
        const [a, b] = [unique[i]!, unique[j]!];
        const key = pairKey(a, b);
        if (seen.has(key) || index.neighbours.get(a)?.has(b)) continue;
        seen.add(key);
        positives.push([a, b]);
      }
    }
  }
  positives.sort((x, y) => (x[0] + x[1] < y[0] + y[1] ? -1 : 1));
  return { cutoffYear, windowYears, index, positives };
}

/** Each anchor's new partners in the slice (both directions). */
export function partnersByAnchor(slice: TimeSlice): Map<string, Set<string>> {
  const partners = new Map<string, Set<string>>();
  for (const [a, b] of slice.positives) {
    if (!partners.has(a)) partners.set(a, new Set());
    if (!partners.has(b)) partners.set(b, new Set());
    partners.get(a)!.add(b);
    partners.get(b)!.add(a);
  }
  return partners;
}

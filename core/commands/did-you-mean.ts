/** Edit distance with adjacent swaps (Damerau-Levenshtein, optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidates closest to a misspelled word, best first: within two edits (one for short words),
 * or starting with it. `/pari` -> `pair`; `@an` -> `ana-rossi`.
 *
 * @example
 * closestWords('pari', ['pair', 'profile', 'roster']); // ['pair']
 */
export function closestWords(word: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = word.toLowerCase();
  const allowed = wanted.length <= 4 ? 1 : 2;
  return [...new Set(candidates)]
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const distance = lower.startsWith(wanted) && wanted.length >= 2 ? 0.5 : editDistance(wanted, lower);
      return { candidate, distance };
    })
    .filter((entry) => entry.distance <= allowed)
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

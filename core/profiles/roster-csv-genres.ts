/**
 * Genres a roster row names that are outside the taxonomy: still imported (as free tags), but reported as
 * warnings that name the closest taxonomy genres, so a typo ("alt rok") is caught instead of silently
 * becoming a tag nobody searches for.
 */
import { GENRE_ROWS } from './genre-taxonomy.data.ts';
import { normaliseGenre } from './genres.ts';
import type { RosterFile, RosterProblem } from './roster-csv.types.ts';
import { foldText, slugify } from './text.normalise.ts';

/** A row imported all the same, with something worth a look. */
export interface RosterWarning extends RosterProblem {
  /** Taxonomy genre ids nearest to the unknown one, nearest first (empty: none is close, or not worked out). */
  closest: string[];
}

const key = (text: string) => foldText(text).replace(/ /g, '');

/** Every spelling of every genre (id, label, aliases) as a lookup key, in taxonomy order. */
const SPELLINGS: readonly { id: string; key: string }[] = GENRE_ROWS.flatMap(([id, label, , aliases]) =>
  [id, label, ...aliases].map((spelling) => ({ id, key: key(spelling) })),
);

/** Keys compared are cut to this length: the distance table stays small whatever a cell holds. */
const MAX_KEY_CHARS = 40;

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, before[j - 2]! + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** How far a spelling is from the text: containment ("indie" in "indiepop") counts as nearly a match. */
function distance(text: string, spelling: string): number {
  const [shorter, longer] = text.length <= spelling.length ? [text, spelling] : [spelling, text];
  if (shorter.length >= 3 && longer.includes(shorter)) return 1 + (longer.length - shorter.length) / 100;
  return editDistance(text, spelling);
}

/**
 * The taxonomy genres nearest to free text, nearest first; none when nothing is reasonably close.
 *
 * @example
 * closestGenres('alt rok') // ['alt-rock', 'alt-pop']
 */
export function closestGenres(text: string, count = 2): string[] {
  const wanted = key(text).slice(0, MAX_KEY_CHARS);
  if (!wanted) return [];
  const nearEnough = Math.max(2, Math.floor(wanted.length / 3));
  const best = new Map<string, number>();
  for (const spelling of SPELLINGS) {
    const d = distance(wanted, spelling.key.slice(0, MAX_KEY_CHARS));
    if (d <= nearEnough && d < (best.get(spelling.id) ?? Number.POSITIVE_INFINITY)) best.set(spelling.id, d);
  }
  // Map order is taxonomy order; a stable sort keeps it among equals.
  return [...best.entries()]
    .sort(([, a], [, b]) => a - b)
    .slice(0, count)
    .map(([id]) => id);
}

const quoted = (text: string) => `"${text.length > 60 ? `${text.slice(0, 60)}…` : text}"`;

/**
 * Unknown genres of one row as warnings. `closestOf` is memoised by the caller (one per import pass) so a
 * roster naming the same unknown genre on every row computes its neighbours once.
 */
export function unknownGenreWarnings(
  file: RosterFile,
  row: number,
  genres: readonly string[],
  closestOf: (text: string) => string[] | undefined = closestGenres,
): RosterWarning[] {
  return genres
    .filter((genre) => !normaliseGenre(genre))
    .map((genre) => {
      const closest = closestOf(genre);
      const tag = slugify(genre);
      const near = !closest
        ? ''
        : closest.length > 0
          ? `; closest: ${closest.join(', ')}`
          : '; no taxonomy genre is close';
      const kept = tag
        ? `kept as the tag "${tag.slice(0, 60)}"; free tags belong in the tags column`
        : 'left out: it has no letters or digits';
      return {
        file,
        row,
        field: 'genres',
        code: 'profiles.unknown_genre',
        problem: `${quoted(genre)} is not a known genre${near} (${kept})`,
        closest: closest ?? [],
      };
    });
}

/**
 * `closestGenres`, remembered for the first `maxTexts` distinct spellings (a bounded map); beyond them the
 * neighbours are not worked out (undefined) — a report lists only its first warnings anyway, and those
 * name at most `maxTexts` distinct genres.
 */
export function closestGenresMemo(maxTexts = 1_000): (text: string) => string[] | undefined {
  const memo = new Map<string, string[]>();
  return (text) => {
    const lookup = key(text).slice(0, MAX_KEY_CHARS);
    const known = memo.get(lookup);
    if (known) return known;
    if (memo.size >= maxTexts) return undefined;
    const closest = closestGenres(text);
    memo.set(lookup, closest);
    return closest;
  };
}

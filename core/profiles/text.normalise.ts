/**
 * Text folding shared by every vocabulary in profiles: genres, roles, inspirations, cities, work keys.
 * Matching compares folded keys; people see the display form they typed.
 */

// A roster repeats the same genres, artists, titles and cities thousands of times, and folding (a
// Unicode normalisation and four regular expressions) dominated reading one: results are memoised,
// bounded like the other caches (past the limit it starts again).
const folded = new Map<string, string>();
const FOLDED_LIMIT = 50_000;

/** Lower-case, strip diacritics, turn "&" into "and", keep only letters/digits/spaces, collapse spaces. */
export function foldText(text: string): string {
  let result = folded.get(text);
  if (result === undefined) {
    result = fold(text);
    if (folded.size >= FOLDED_LIMIT) folded.clear();
    if (text.length <= 200) folded.set(text, result);
  }
  return result;
}

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A URL- and tag-safe slug: folded words joined by "-".
 *
 * @example
 * slugify('Hyper Pop!') // 'hyper-pop'
 */
export function slugify(text: string): string {
  return foldText(text).replace(/ /g, '-');
}

/** Trim and collapse inner whitespace, keeping case: the form shown back to people. */
export function cleanDisplay(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Unique values in first-seen order. */
export function uniqueInOrder<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

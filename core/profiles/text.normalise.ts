/**
 * Text folding shared by every vocabulary in profiles: genres, roles, inspirations, cities, work keys.
 * Matching compares folded keys; people see the display form they typed.
 */

/** Lower-case, strip diacritics, turn "&" into "and", keep only letters/digits/spaces, collapse spaces. */
export function foldText(text: string): string {
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

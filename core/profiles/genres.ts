/**
 * Genre normalisation over the controlled taxonomy: one id per genre whatever the spelling,
 * ancestors for partial matches, and a slug for anything outside the vocabulary (kept as a free tag).
 */
import { GENRE_ROWS } from './genre-taxonomy.data.ts';
import { foldText, slugify } from './text.normalise.ts';

export interface Genre {
  id: string;
  label: string;
}

interface GenreNode extends Genre {
  parent: string | null;
}

const NODES = new Map<string, GenreNode>(
  GENRE_ROWS.map(([id, label, parent]) => [id, { id, label, parent }]),
);

/** Folded spelling with spaces and hyphens removed, so "alt pop", "alt-pop" and "altpop" meet. */
function lookupKey(text: string): string {
  return foldText(text).replace(/ /g, '');
}

const BY_KEY = new Map<string, GenreNode>();
for (const [id, label, , aliases] of GENRE_ROWS) {
  for (const spelling of [id, label, ...aliases]) {
    const key = lookupKey(spelling);
    const existing = BY_KEY.get(key);
    if (existing && existing.id !== id)
      throw new Error(`genre alias "${spelling}" is claimed by ${existing.id} and ${id}`);
    BY_KEY.set(key, NODES.get(id)!);
  }
}

/**
 * The taxonomy genre for free text, or undefined when it is not in the vocabulary.
 *
 * @example
 * normaliseGenre('Alternative Pop') // { id: 'alt-pop', label: 'Alt-pop' }
 */
export function normaliseGenre(text: string): Genre | undefined {
  const node = BY_KEY.get(lookupKey(text));
  return node ? { id: node.id, label: node.label } : undefined;
}

export function genreById(id: string): Genre | undefined {
  const node = NODES.get(id);
  return node ? { id: node.id, label: node.label } : undefined;
}

/** Parent first, root last: ancestors('uk-drill') -> ['drill', 'hip-hop']. */
export function genreAncestors(id: string): string[] {
  const ancestors: string[] = [];
  let parent = NODES.get(id)?.parent ?? null;
  while (parent !== null && !ancestors.includes(parent)) {
    ancestors.push(parent);
    parent = NODES.get(parent)?.parent ?? null;
  }
  return ancestors;
}

export function allGenres(): Genre[] {
  return [...NODES.values()].map(({ id, label }) => ({ id, label }));
}

/**
 * Splits free-text genres into taxonomy ids and free-form tags (slugs), each de-duplicated in order.
 *
 * @example
 * classifyGenres(['Alt Pop', 'alternative pop', 'sad girl autumn']) // { genres: ['alt-pop'], tags: ['sad-girl-autumn'] }
 */
export function classifyGenres(texts: readonly string[]): { genres: string[]; tags: string[] } {
  const genres = new Set<string>();
  const tags = new Set<string>();
  for (const text of texts) {
    const genre = normaliseGenre(text);
    if (genre) genres.add(genre.id);
    else if (slugify(text)) tags.add(slugify(text));
  }
  return { genres: [...genres], tags: [...tags] };
}

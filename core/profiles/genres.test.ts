import { describe, expect, it } from 'vitest';
import { GENRE_ROWS } from './genre-taxonomy.data.ts';
import { allGenres, classifyGenres, genreAncestors, normaliseGenre } from './genres.ts';

describe('normaliseGenre', () => {
  it('maps spelling variants to one genre', () => {
    for (const text of ['Alt Pop', 'alternative pop', 'alt-pop', 'ALT-POP ', 'altpop']) {
      expect(normaliseGenre(text)).toEqual({ id: 'alt-pop', label: 'Alt-pop' });
    }
    expect(normaliseGenre('R&B')?.id).toBe('r-and-b');
    expect(normaliseGenre('rnb')?.id).toBe('r-and-b');
    expect(normaliseGenre('Hip Hop')?.id).toBe('hip-hop');
    expect(normaliseGenre('reggaetón')?.id).toBe('reggaeton');
  });

  it('returns undefined outside the vocabulary', () => {
    expect(normaliseGenre('sad girl autumn')).toBeUndefined();
  });
});

describe('genreAncestors', () => {
  it('walks to the root', () => {
    expect(genreAncestors('alt-pop')).toEqual(['pop']);
    expect(genreAncestors('uk-drill')).toEqual(['drill', 'hip-hop']);
    expect(genreAncestors('metalcore')).toEqual(['metal', 'rock']);
    expect(genreAncestors('pop')).toEqual([]);
  });

  it('every parent exists and the taxonomy has no cycles', () => {
    const ids = new Set(GENRE_ROWS.map(([id]) => id));
    for (const [id, , parent] of GENRE_ROWS) {
      if (parent !== null) expect(ids.has(parent), `${id} -> ${parent}`).toBe(true);
      expect(genreAncestors(id)).not.toContain(id);
    }
    expect(allGenres().length).toBeGreaterThanOrEqual(100);
  });
});

describe('classifyGenres', () => {
  it('keeps unknown genres as slug tags and de-duplicates', () => {
    expect(classifyGenres(['Alt Pop', 'alternative pop', 'Sad Girl Autumn', 'drill'])).toEqual({
      genres: ['alt-pop', 'drill'],
      tags: ['sad-girl-autumn'],
    });
  });
});

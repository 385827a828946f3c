import { describe, expect, it } from 'vitest';
import { closestGenres, closestGenresMemo, unknownGenreWarnings } from './roster-csv-genres.ts';

describe('closestGenres', () => {
  it('names the nearest taxonomy genres of a misspelling, nearest first', () => {
    expect(closestGenres('alt rok')).toEqual(['alt-rock', 'alt-pop']);
    expect(closestGenres('Kountry')).toEqual(['country']);
    expect(closestGenres('afrobeets')).toEqual(['afrobeats']);
    expect(closestGenres('drum n bass')).toEqual(['drum-and-bass']);
  });

  it('counts a genre inside the text (or the text inside a genre) as near', () => {
    expect(closestGenres('trap soul')).toEqual(['trap', 'soul']);
  });

  it('names none when nothing is close, or there is nothing to compare', () => {
    expect(closestGenres('sad girl autumn')).toEqual([]);
    expect(closestGenres('!!!')).toEqual([]);
  });
});

describe('unknownGenreWarnings', () => {
  it('warns about each genre outside the taxonomy, by file, row and column, and passes known ones', () => {
    expect(
      unknownGenreWarnings('creators.csv', 12, ['Alt Pop', 'alt rok', 'sad girl autumn', '!!!']),
    ).toEqual([
      {
        file: 'creators.csv',
        row: 12,
        field: 'genres',
        code: 'profiles.unknown_genre',
        problem:
          '"alt rok" is not a known genre; closest: alt-rock, alt-pop (kept as the tag "alt-rok"; free tags belong in the tags column)',
        closest: ['alt-rock', 'alt-pop'],
      },
      {
        file: 'creators.csv',
        row: 12,
        field: 'genres',
        code: 'profiles.unknown_genre',
        problem:
          '"sad girl autumn" is not a known genre; no taxonomy genre is close (kept as the tag "sad-girl-autumn"; free tags belong in the tags column)',
        closest: [],
      },
      {
        file: 'creators.csv',
        row: 12,
        field: 'genres',
        code: 'profiles.unknown_genre',
        problem:
          '"!!!" is not a known genre; no taxonomy genre is close (left out: it has no letters or digits)',
        closest: [],
      },
    ]);
  });

  it('quotes at most 60 characters of a long cell', () => {
    const [warning] = unknownGenreWarnings('creators.csv', 2, ['x'.repeat(5_000)]);
    expect(warning!.problem.length).toBeLessThan(250);
    expect(warning!.problem).toContain(`"${'x'.repeat(60)}…"`);
  });
});

describe('closestGenresMemo', () => {
  it('remembers a bounded number of spellings and works out none past them', () => {
    const closest = closestGenresMemo(2);
    expect(closest('alt rok')).toEqual(['alt-rock', 'alt-pop']);
    expect(closest('Alt-Rok')).toEqual(['alt-rock', 'alt-pop']);
    expect(closest('kountry')).toEqual(['country']);
    expect(closest('afrobeets')).toBeUndefined();
    expect(unknownGenreWarnings('creators.csv', 9, ['afrobeets'], closest)[0]!.problem).toBe(
      '"afrobeets" is not a known genre (kept as the tag "afrobeets"; free tags belong in the tags column)',
    );
  });
});

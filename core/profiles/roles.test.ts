import { describe, expect, it } from 'vitest';
import { normaliseInspirations } from './inspirations.ts';
import { bestRolePairing, normaliseRole, roleComplementarity } from './roles.ts';

describe('roles', () => {
  it('folds aliases to one id', () => {
    expect(normaliseRole('Top-Liner')).toBe('topliner');
    expect(normaliseRole('top liner')).toBe('topliner');
    expect(normaliseRole('beatmaker')).toBe('producer');
    expect(normaliseRole('Writer')).toBe('songwriter');
    expect(normaliseRole('kazoo')).toBeUndefined();
  });

  it('scores complementary roles above two of the same', () => {
    expect(roleComplementarity(['topliner'], ['producer'])).toBe(1);
    expect(roleComplementarity(['producer'], ['producer'])).toBeLessThan(0.5);
    expect(roleComplementarity(['producer', 'topliner'], ['producer'])).toBe(1);
    expect(roleComplementarity([], ['producer'])).toBeUndefined();
  });
});

describe('inspirations', () => {
  it('keeps a display form and matches on a folded key without a leading "the"', () => {
    expect(normaliseInspirations(['  The  Weeknd ', 'weeknd', 'Beyoncé', 'beyonce', ' '])).toEqual([
      { key: 'weeknd', name: 'The Weeknd' },
      { key: 'beyonce', name: 'Beyoncé' },
    ]);
  });
});

describe('bestRolePairing', () => {
  it('names the roles that make the best combination, not just the first of each', () => {
    // First of each would say "artist + artist"; the score comes from the producer meeting the artist.
    expect(bestRolePairing(['artist', 'producer'], ['artist', 'lyricist'])).toEqual({
      value: 1,
      roles: ['producer', 'artist'],
    });
    expect(bestRolePairing([], ['producer'])).toBeUndefined();
  });
});

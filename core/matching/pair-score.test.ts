import { describe, expect, it } from 'vitest';
import { pairReasons } from './explanations.ts';
import { buildMatchIndex } from './match-index.ts';
import { DEFAULT_MATCH_WEIGHTS } from './match-weights.ts';
import { pairScoreValue, scorePair } from './pair-score.ts';
import { creator, fixtureRoster } from './roster.fixture.ts';

describe('pairScoreValue', () => {
  it('equals scorePair(...).score for every pair of a roster, history and all', () => {
    const creators = fixtureRoster();
    const [first, second, third] = creators.map((c) => c.handle);
    const index = buildMatchIndex({
      creators,
      sessions: [
        { handles: [first!, second!], rating: 5 },
        { handles: [first!, third!], rating: 1 },
        { handles: [second!, third!] },
      ],
    });
    const tilted = { ...DEFAULT_MATCH_WEIGHTS, genre: 3, novelty: 0.5, history: 2, genreSpecificity: 1 };
    let compared = 0;
    for (const weights of [DEFAULT_MATCH_WEIGHTS, tilted]) {
      for (const a of index.handles) {
        for (const b of index.handles) {
          if (a === b) continue;
          expect(pairScoreValue(index, a, b, weights)).toBeCloseTo(scorePair(index, a, b, weights).score, 9);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});

describe('genre specificity', () => {
  // Twelve write alt-pop; two of them also metalcore, which nobody else writes.
  const creators = Array.from({ length: 12 }, (_, i) =>
    creator(`w${i}`, { genres: i < 2 ? ['alt-pop', 'metalcore'] : ['alt-pop'] }),
  );
  const index = buildMatchIndex({ creators });
  const only = {
    ...Object.fromEntries(Object.keys(DEFAULT_MATCH_WEIGHTS).map((k) => [k, 0])),
    genreSpecificity: 1,
  };
  const component = (a: string, b: string) =>
    scorePair(index, a, b, only as typeof DEFAULT_MATCH_WEIGHTS).components.find(
      (c) => c.name === 'genreSpecificity',
    )!;

  it('counts a genre few share more than one everybody writes', () => {
    const niche = component('w0', 'w1');
    const common = component('w2', 'w3');
    expect(niche.value).toBeGreaterThan(2 * common.value);
    expect(common.value).toBeGreaterThan(0);
    // The genre component cannot tell them apart as well: both pairs share all or most of their genres.
    const genreOf = (a: string, b: string) =>
      scorePair(index, a, b, DEFAULT_MATCH_WEIGHTS).components.find((c) => c.name === 'genre')!.value;
    expect(genreOf('w2', 'w3')).toBe(1);
    expect(genreOf('w0', 'w1')).toBe(1);
  });

  it('names only the rare genres as its reason', () => {
    const niche = component('w0', 'w1');
    expect(niche.evidence.length).toBeGreaterThan(0);
    expect(niche.evidence.join(' ').toLowerCase()).toContain('metalcore');
    expect(niche.evidence.join(' ').toLowerCase()).not.toContain('alt');
    expect(component('w2', 'w3').evidence).toEqual([]);
    const reasons = pairReasons(index, scorePair(index, 'w0', 'w1', only as typeof DEFAULT_MATCH_WEIGHTS));
    expect(reasons[0]).toMatch(/^shared rare genres: .*metalcore/i);
  });
});

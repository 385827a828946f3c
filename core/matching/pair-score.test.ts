import { describe, expect, it } from 'vitest';
import { buildMatchIndex } from './match-index.ts';
import { DEFAULT_MATCH_WEIGHTS } from './match-weights.ts';
import { pairScoreValue, scorePair } from './pair-score.ts';
import { fixtureRoster } from './roster.fixture.ts';

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
    const tilted = { ...DEFAULT_MATCH_WEIGHTS, genre: 3, novelty: 0.5, history: 2 };
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

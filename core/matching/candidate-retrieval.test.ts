import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/app-error.ts';
import { retrieveCandidates } from './candidate-retrieval.ts';
import { buildMatchIndex } from './match-index.ts';
import { resolveWeights } from './match-weights.ts';
import { creator } from './roster.fixture.ts';

describe('retrieveCandidates', () => {
  it('scores everyone on a small roster', () => {
    const index = buildMatchIndex({ creators: [creator('a1'), creator('b2'), creator('c3')] });
    expect(retrieveCandidates(index, 'b2')).toEqual(['a1', 'c3']);
  });

  it('on a large roster, unions genre overlap, graph neighbours, nearest vectors and the most active', () => {
    const creators = [
      creator('me', { genres: ['drill'], credits: [{ title: 'S', artist: 'X', year: 2020 }] }),
      creator('co', {
        credits: [
          { title: 'S', artist: 'X', year: 2020 },
          { title: 'T', artist: 'Y', year: 2020 },
        ],
      }),
      creator('hop', { credits: [{ title: 'T', artist: 'Y', year: 2020 }] }),
      creator('genre', { genres: ['uk-drill'] }),
      ...Array.from({ length: 30 }, (_, i) => creator(`far${i}`, { genres: ['bluegrass'] })),
    ];
    const index = buildMatchIndex({ creators });
    const found = retrieveCandidates(index, 'me', { exhaustiveLimit: 5, vectorK: 1, activeK: 1 });
    expect(found).toEqual(expect.arrayContaining(['co', 'hop', 'genre']));
    expect(found.length).toBeLessThan(10);
  });
});

describe('resolveWeights', () => {
  it('overrides defaults and rejects bad values with a clear code', () => {
    expect(resolveWeights({ novelty: 0.5 }).novelty).toBe(0.5);
    for (const bad of [{ genre: -1 }, { genre: Number.NaN }, { typo: 1 } as never]) {
      try {
        resolveWeights(bad);
        expect.unreachable();
      } catch (error) {
        expect(isAppError(error) && error.code).toBe('matching.bad_weights');
      }
    }
  });
});

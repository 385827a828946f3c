import { describe, expect, it } from 'vitest';
import { pairReasons } from './explanations.ts';
import { buildMatchIndex } from './match-index.ts';
import { DEFAULT_MATCH_WEIGHTS, type MatchWeights } from './match-weights.ts';
import { scorePair } from './pair-score.ts';
import { creator } from './roster.fixture.ts';

// ana and bo share a genre, an influence, an artist written for and a co-writer (cy).
const index = buildMatchIndex({
  creators: [
    creator('ana', {
      genres: ['alt-pop'],
      inspirations: ['Robyn'],
      credits: [
        { title: 'Glow', artist: 'Rihanna', year: 2020 },
        { title: 'Other Side', artist: 'Dua Lipa', year: 2021 },
      ],
    }),
    creator('bo', {
      genres: ['alt-pop', 'synth-pop'],
      inspirations: ['Robyn', 'Lorde'],
      credits: [
        { title: 'Night Shift', artist: 'Rihanna', year: 2019 },
        { title: 'Low Tide', artist: 'Lorde', year: 2021 },
      ],
    }),
    creator('cy', {
      credits: [
        { title: 'Other Side', artist: 'Dua Lipa', year: 2021 },
        { title: 'Low Tide', artist: 'Lorde', year: 2021 },
      ],
    }),
  ],
});

const GENRE = /^shared genres/;
const INFLUENCE = /^shared influences/;
const ARTIST = /^both wrote for/;
const COWRITER = /co-writer in common/;

function order(weights: MatchWeights): RegExp[] {
  const reasons = pairReasons(index, scorePair(index, 'ana', 'bo', weights));
  for (const reason of [GENRE, INFLUENCE, ARTIST, COWRITER])
    expect(reasons.some((r) => reason.test(r))).toBe(true);
  return [GENRE, INFLUENCE, ARTIST, COWRITER].sort(
    (x, y) => reasons.findIndex((r) => x.test(r)) - reasons.findIndex((r) => y.test(r)),
  );
}

describe('pairReasons', () => {
  it('lists the reasons in order of each component’s contribution, weight x value', () => {
    const pair = scorePair(index, 'ana', 'bo', DEFAULT_MATCH_WEIGHTS);
    const byContribution = pair.components
      .filter((c) => ['genre', 'inspiration', 'creditEntity', 'graph'].includes(c.name))
      .sort((a, b) => DEFAULT_MATCH_WEIGHTS[b.name] * b.value - DEFAULT_MATCH_WEIGHTS[a.name] * a.value)
      .map(
        (c) =>
          ({ genre: GENRE, inspiration: INFLUENCE, creditEntity: ARTIST, graph: COWRITER })[
            c.name as 'genre'
          ],
      );
    expect(order(DEFAULT_MATCH_WEIGHTS)).toEqual(byContribution);
  });

  it('follows learned weights: what the tenant’s history says predicts comes first', () => {
    const learnedGraph = {
      ...DEFAULT_MATCH_WEIGHTS,
      genre: 0.01,
      inspiration: 0.02,
      creditEntity: 0.03,
      graph: 0.9,
    };
    expect(order(learnedGraph)).toEqual([COWRITER, ARTIST, INFLUENCE, GENRE]);
    const learnedArtists = {
      ...DEFAULT_MATCH_WEIGHTS,
      genre: 0.02,
      inspiration: 0.01,
      creditEntity: 0.9,
      graph: 0.03,
    };
    expect(order(learnedArtists)).toEqual([ARTIST, COWRITER, GENRE, INFLUENCE]);
  });
});

import { describe, expect, it } from 'vitest';
import { styleDrivenRoster } from './cowrite-history.fixture.ts';
import { DEFAULT_MATCH_WEIGHTS } from './match-weights.ts';
import { creator } from './roster.fixture.ts';
import { timeSlice } from './time-split.ts';
import { fitMatchWeights } from './weight-fit.ts';

describe('fitMatchWeights', { timeout: 180_000 }, () => {
  it('puts most of the weight on the one signal that predicts new co-writes, and validates it on later history', () => {
    const fit = fitMatchWeights(styleDrivenRoster(), { minPositives: 30 });
    expect(fit.status).toBe('fitted');
    expect(fit.positives).toBeGreaterThanOrEqual(30);
    expect(fit.fittedComponents).toContain('genre');
    expect(fit.fittedComponents).toContain('genreSpecificity');
    // The two genre components carry the one signal (here every genre is as rare as the next).
    const fitted = fit.fittedComponents.map((name) => fit.weights[name]);
    const total = fitted.reduce((sum, weight) => sum + weight, 0);
    const genres = fit.weights.genre + fit.weights.genreSpecificity;
    expect(genres / total).toBeGreaterThan(0.6);
    expect(Math.max(...fitted)).toBe(Math.max(fit.weights.genre, fit.weights.genreSpecificity));
    // Components the history cannot speak to keep their defaults.
    expect(fit.weights.inspiration).toBe(DEFAULT_MATCH_WEIGHTS.inspiration);
    expect(fit.weights.history).toBe(DEFAULT_MATCH_WEIGHTS.history);
    expect(fit.validation?.cutoffYears).toEqual([2018, 2016, 2014]);
    expect(fit.validation!.auc).toBeGreaterThan(0.8);
  });

  it('keeps the defaults, and says why, below the minimum of new co-writing pairs', () => {
    const fit = fitMatchWeights(styleDrivenRoster(), { minPositives: 500 });
    expect(fit.status).toBe('defaults');
    expect(fit.weights).toEqual(DEFAULT_MATCH_WEIGHTS);
    expect(fit.reason).toMatch(/^\d+ new co-writing pairs in the history; at least 500 are needed/);
    expect(fitMatchWeights([creator('solo', { credits: [{ title: 'Song', artist: 'Act' }] })]).reason).toBe(
      'no credit has a year, so there is no history to learn from',
    );
  });

  it('is deterministic: the same roster gives the same weights', () => {
    const roster = styleDrivenRoster(60, 3);
    expect(fitMatchWeights(roster, { minPositives: 10 })).toEqual(
      fitMatchWeights(roster, { minPositives: 10 }),
    );
  });
});

describe('timeSlice', () => {
  it('keeps history to the cutoff and takes as positives only pairs new after it', () => {
    const roster = [
      creator('ana', {
        credits: [
          { title: 'One', artist: 'X', year: 2001 },
          { title: 'Two', artist: 'Y', year: 2004 },
        ],
      }),
      creator('bo', {
        credits: [
          { title: 'One', artist: 'X', year: 2001 },
          { title: 'Two', artist: 'Y', year: 2004 },
        ],
      }),
      creator('cy', {
        credits: [
          { title: 'Solo', artist: 'Z', year: 2000 },
          { title: 'Two', artist: 'Y', year: 2004 },
        ],
      }),
      creator('dee', { credits: [{ title: 'Two', artist: 'Y', year: 2004 }] }),
    ];
    const slice = timeSlice(roster, 2002, 2);
    expect(slice.index.handles).toEqual(['ana', 'bo', 'cy']);
    // ana–bo co-wrote in history; dee has no history; so only the pairs with cy are new.
    expect(slice.positives).toEqual([
      ['ana', 'cy'],
      ['bo', 'cy'],
    ]);
    expect(slice.index.features.get('ana')!.workKeys.size).toBe(1);
  });
});

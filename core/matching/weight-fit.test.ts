import { describe, expect, it } from 'vitest';
import { seededRandom } from '../demo/seeded-random.ts';
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';
import { DEFAULT_MATCH_WEIGHTS } from './match-weights.ts';
import { creator } from './roster.fixture.ts';
import { timeSlice } from './time-split.ts';
import { fitMatchWeights } from './weight-fit.ts';

/**
 * A roster where one signal decides who writes together next: every creator has one style (a free
 * genre tag) and a solo credit every year, so popularity and recency say nothing; new co-writes pair
 * creators of the same style, each creator at most twice, so the co-writing graph barely forms.
 */
function styleDrivenRoster(creators = 120, styles = 6): CreatorProfile[] {
  const random = seededRandom(7);
  const credits = new Map<string, { title: string; artist: string; year: number }[]>();
  const handles = Array.from({ length: creators }, (_, i) => `writer-${String(i).padStart(3, '0')}`);
  const styleOf = (handle: string) => Number(handle.slice(-3)) % styles;
  for (const handle of handles) {
    credits.set(
      handle,
      Array.from({ length: 21 }, (_, k) => ({
        title: `${handle} solo ${k}`,
        artist: `Act ${handle}`,
        year: 2000 + k,
      })),
    );
  }
  const coWrites = new Map(handles.map((handle) => [handle, 0]));
  for (let year = 2001; year <= 2020; year += 1) {
    for (let song = 0; song < 4; song += 1) {
      const free = handles.filter((handle) => coWrites.get(handle)! < 2);
      const a = random.pick(free);
      const partners = free.filter((handle) => handle !== a && styleOf(handle) === styleOf(a));
      if (partners.length === 0) continue;
      const b = random.pick(partners);
      for (const handle of [a, b]) {
        coWrites.set(handle, coWrites.get(handle)! + 1);
        credits.get(handle)!.push({ title: `duet ${year}-${song}`, artist: `Duo ${year}-${song}`, year });
      }
    }
  }
  return handles.map((handle) =>
    creator(handle, { genres: [`style${styleOf(handle)}`], credits: credits.get(handle)! }),
  );
}

describe('fitMatchWeights', () => {
  it('puts most of the weight on the one signal that predicts new co-writes, and validates it on later history', () => {
    const fit = fitMatchWeights(styleDrivenRoster(), { minPositives: 30 });
    expect(fit.status).toBe('fitted');
    expect(fit.positives).toBeGreaterThanOrEqual(30);
    expect(fit.fittedComponents).toContain('genre');
    const fitted = fit.fittedComponents.map((name) => fit.weights[name]);
    const total = fitted.reduce((sum, weight) => sum + weight, 0);
    expect(fit.weights.genre / total).toBeGreaterThan(0.6);
    expect(Math.max(...fitted)).toBe(fit.weights.genre);
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

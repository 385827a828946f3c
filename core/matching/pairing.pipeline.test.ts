import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/app-error.ts';
import { buildMatchIndex } from './match-index.ts';
import type { AvailabilityGate } from './match-rules.ts';
import { fitOfGroup, suggestPartners, suggestTrios } from './pairing.pipeline.ts';
import { creator, fixtureRoster } from './roster.fixture.ts';

const everyone = (handles: string[][]) => handles.flat();

describe('suggestPartners rules', () => {
  it('never shows a do-not-pair pair, in either direction', () => {
    const index = buildMatchIndex({ creators: fixtureRoster(), doNotPair: [['bo', 'ana']] });
    expect(everyone(suggestPartners(index, 'ana', { limit: 10 }).map((s) => s.handles))).not.toContain('bo');
    expect(everyone(suggestPartners(index, 'bo', { limit: 10 }).map((s) => s.handles))).not.toContain('ana');
    expect(fitOfGroup(index, ['ana', 'bo']).violations).toContain('matching.do_not_pair');
  });

  it('never shows an opted-out creator, and refuses them as the named creator', () => {
    const index = buildMatchIndex({ creators: fixtureRoster() });
    for (const anchor of ['ana', 'bo', 'hal']) {
      expect(everyone(suggestPartners(index, anchor, { limit: 10 }).map((s) => s.handles))).not.toContain(
        'fox',
      );
    }
    try {
      suggestPartners(index, 'fox');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('matching.opted_out');
    }
  });

  it('keeps in-person suggestions inside the radius and drops creators without a location', () => {
    const index = buildMatchIndex({ creators: fixtureRoster() });
    const near = suggestPartners(index, 'ana', { limit: 10, inPersonRadiusKm: 50 }).map((s) => s.handles[1]);
    expect(near).toEqual(['bo']);
    const wider = suggestPartners(index, 'ana', { limit: 10, inPersonRadiusKm: 600 });
    expect(wider.map((s) => s.handles[1]).sort()).toEqual(['bo', 'dee', 'eve']);
    expect(wider.every((s) => (s.spanKm ?? Infinity) <= 600)).toBe(true);
  });

  it('requires a role in the pair', () => {
    const index = buildMatchIndex({ creators: fixtureRoster() });
    const withProducer = suggestPartners(index, 'ana', { limit: 10, requiredRoles: ['beatmaker'] });
    expect(withProducer.map((s) => s.handles[1]).sort()).toEqual(['bo', 'eve', 'hal']);
    // The named creator can cover the role herself.
    expect(suggestPartners(index, 'ana', { limit: 10, requiredRoles: ['topliner'] })).toHaveLength(6);
  });

  it('gates by a shared free window of at least minMinutes, and keeps it', () => {
    const hour = 3_600_000;
    const gate: AvailabilityGate = {
      minMinutes: 90,
      windowsByHandle: new Map([
        ['ana', [{ startMs: 0, endMs: 4 * hour }]],
        ['bo', [{ startMs: 2 * hour, endMs: 6 * hour }]],
        ['eve', [{ startMs: 3 * hour, endMs: 5 * hour }]],
      ]),
    };
    const index = buildMatchIndex({ creators: fixtureRoster() });
    const suggestions = suggestPartners(index, 'ana', { limit: 10, availability: gate });
    expect(suggestions.map((s) => s.handles[1])).toEqual(['bo']);
    expect(suggestions[0]!.window).toEqual({ startMs: 2 * hour, endMs: 4 * hour });
    // The caller lists the windows and phrases them (pair-answer.ts), so the reasons never name one.
    expect(suggestions[0]!.reasons.some((r) => r.startsWith('free together'))).toBe(false);
  });

  it('prefers complementary roles', () => {
    const creators = [
      creator('top', { genres: ['pop'], roles: ['topliner'] }),
      creator('prod', { genres: ['pop'], roles: ['producer'] }),
      creator('top2', { genres: ['pop'], roles: ['topliner'] }),
    ];
    const [best] = suggestPartners(buildMatchIndex({ creators }), 'top');
    expect(best!.handles).toEqual(['top', 'prod']);
    expect(best!.reasons).toContain('complementary roles: topliner + producer');
  });
});

describe('suggestTrios', () => {
  it('respects every pairwise rule and the group role requirement', () => {
    const index = buildMatchIndex({
      creators: fixtureRoster(),
      doNotPair: [
        ['bo', 'eve'],
        ['cy', 'hal'],
      ],
    });
    const trios = suggestTrios(index, 'ana', { limit: 20, requiredRoles: ['producer'] });
    expect(trios.length).toBeGreaterThan(0);
    for (const { handles } of trios) {
      expect(handles[0]).toBe('ana');
      expect(new Set(handles).size).toBe(3);
      expect(handles).not.toContain('fox');
      expect(handles.includes('bo') && handles.includes('eve')).toBe(false);
      expect(handles.includes('cy') && handles.includes('hal')).toBe(false);
      expect(handles.some((h) => index.profiles.get(h)!.roles.includes('producer'))).toBe(true);
    }
    const inPerson = suggestTrios(index, 'ana', { limit: 20, inPersonRadiusKm: 500 });
    for (const { handles, spanKm } of inPerson) {
      expect(handles).not.toContain('cy');
      expect(spanKm).toBeLessThanOrEqual(500);
    }
  });
});

describe('explanations', () => {
  it('renders reasons from the components behind the score', () => {
    const creators = [
      creator('ana', {
        genres: ['alt-pop'],
        inspirations: ['Robyn', 'Lorde'],
        credits: [{ title: 'A', artist: 'Rihanna', year: 2020 }],
      }),
      creator('bo', {
        genres: ['Alt Pop'],
        inspirations: ['lorde', 'robyn'],
        credits: [{ title: 'B', artist: 'Rihanna', year: 2021 }],
      }),
      creator('m1'),
      creator('m2'),
      creator('m3'),
    ];
    const sessions = [
      { handles: ['ana', 'bo'], rating: 5 },
      { handles: ['bo', 'ana'], rating: 5 },
      ...['m1', 'm2', 'm3'].flatMap((m) => [{ handles: ['ana', m] }, { handles: ['bo', m] }]),
    ];
    const fit = fitOfGroup(buildMatchIndex({ creators, sessions }), ['ana', 'bo']);
    expect(fit.violations).toEqual([]);
    expect(fit.reasons).toEqual(
      expect.arrayContaining([
        'shared genres: Alt-pop, Pop',
        'shared influences: Robyn, Lorde',
        '2 prior sessions rated 5',
        '3 co-writers in common (M1, M2, M3)',
        'both wrote for Rihanna',
      ]),
    );
    expect(fit.reasons[0]).toBe('shared genres: Alt-pop, Pop');
    expect(fit.score).toBeGreaterThan(50);
  });

  it('says when past sessions went badly, and scores the pair lower', () => {
    const creators = [
      creator('ana', { genres: ['pop'] }),
      creator('bo', { genres: ['pop'] }),
      creator('cy', { genres: ['pop'] }),
    ];
    const index = buildMatchIndex({ creators, sessions: [{ handles: ['ana', 'bo'], rating: 1 }] });
    const bad = fitOfGroup(index, ['ana', 'bo']);
    expect(bad.reasons).toContain('1 prior session rated 1');
    expect(bad.score).toBeLessThan(fitOfGroup(index, ['ana', 'cy']).score);
  });
});

describe('determinism', () => {
  it('same input, same output; equal scores ordered by handle', () => {
    const clones = ['zed', 'amy', 'max', 'bob'].map((handle) => creator(handle, { genres: ['pop'] }));
    const index = buildMatchIndex({ creators: [creator('me', { genres: ['pop'] }), ...clones] });
    const first = suggestPartners(index, 'me', { limit: 10, diversity: 0 });
    expect(first.map((s) => s.handles[1])).toEqual(['amy', 'bob', 'max', 'zed']);
    expect(
      suggestPartners(
        buildMatchIndex({ creators: [creator('me', { genres: ['pop'] }), ...clones.toReversed()] }),
        'me',
        { limit: 10, diversity: 0 },
      ),
    ).toEqual(first);
  });
});

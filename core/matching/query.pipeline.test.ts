import { describe, expect, it } from 'vitest';
import { buildMatchIndex } from './match-index.ts';
import { fitOfGroup } from './pairing.pipeline.ts';
import { BRIEF_POINTS, suggestForQuery } from './query.pipeline.ts';
import { fixtureRoster } from './roster.fixture.ts';

describe('suggestForQuery', () => {
  const index = buildMatchIndex({ creators: fixtureRoster(), doNotPair: [['ana', 'bo']] });

  it('finds creators who fit the brief and hold the role', () => {
    const singles = suggestForQuery(
      index,
      { genres: ['Alt Pop'], roles: ['top-liner'] },
      { groupSize: 1, limit: 10 },
    );
    expect(singles.map((s) => s.handles[0])).toEqual(['ana', 'cy']);
    expect(singles[0]!.reasons).toContain('fits the brief: Alt-pop');
  });

  it('builds pairs covering the role, never opted-out or do-not-pair', () => {
    const pairs = suggestForQuery(index, { genres: ['alt-pop'], roles: ['topliner'] }, { limit: 10 });
    expect(pairs.length).toBeGreaterThan(0);
    for (const { handles } of pairs) {
      expect(handles).not.toContain('fox');
      expect(handles).not.toContain('dee');
      expect(handles.includes('ana') && handles.includes('bo')).toBe(false);
      expect(handles.some((h) => index.profiles.get(h)!.roles.includes('topliner'))).toBe(true);
    }
    expect(suggestForQuery(index, { genres: ['alt-pop'], roles: ['topliner'] }, { limit: 10 })).toEqual(
      pairs,
    );
  });

  it('builds trios', () => {
    const trios = suggestForQuery(index, { genres: ['pop'] }, { groupSize: 3, limit: 3 });
    expect(trios.every((t) => t.handles.length === 3 && t.pairs.length === 3)).toBe(true);
  });

  it('scores a pair as its direct fit does, plus the points each brief term adds, named in the reasons', () => {
    const pairs = suggestForQuery(index, { genres: ['alt-pop', 'Pop'] }, { limit: 20 });
    expect(pairs.length).toBeGreaterThan(3);
    for (const pair of pairs) {
      const direct = fitOfGroup(index, pair.handles);
      const added = (pair.terms ?? []).reduce((sum, t) => sum + t.points, 0);
      expect(pair.score).toBeCloseTo(Math.min(100, direct.score + added), 9);
      expect(Math.round(pair.score)).toBe(Math.round(direct.score) + added);
      for (const t of pair.terms ?? []) expect(pair.reasons).toContain(`+${t.points} ${t.term}`);
      expect(added).toBeLessThanOrEqual(BRIEF_POINTS);
    }
    // Both alt-pop: the whole share of each term (alt-pop itself; pop as its parent, half).
    const [anaCy] = pairs.filter((p) => p.handles.join() === 'ana,cy');
    expect(anaCy!.terms).toEqual([
      { term: 'genre:alt-pop', points: 8 },
      { term: 'genre:Pop', points: 4 },
    ]);
    expect(anaCy!.reasons.slice(0, 2)).toEqual(['+8 genre:alt-pop', '+4 genre:Pop']);
  });

  it('shows the groups diversity chose best first', () => {
    for (const size of [2, 3] as const) {
      const groups = suggestForQuery(
        index,
        { genres: ['pop'] },
        { groupSize: size, limit: 5, diversity: 0.9 },
      );
      const scores = groups.map((g) => g.score);
      expect(scores).toEqual(scores.toSorted((a, b) => b - a));
    }
  });
});

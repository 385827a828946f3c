import { describe, expect, it } from 'vitest';
import { buildMatchIndex } from './match-index.ts';
import { suggestForQuery } from './query.pipeline.ts';
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
    expect(singles[0]!.reasons).toContain('fits the brief: Alt-pop, Pop');
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
});

import { describe, expect, it } from 'vitest';
import { generateDemoRoster } from './demo-roster.ts';

/** Writers per work (same title and artist), as the import groups them into co-writes. */
function writersPerWork(roster: ReturnType<typeof generateDemoRoster>): Map<string, number> {
  const works = new Map<string, number>();
  for (const creator of roster)
    for (const credit of creator.credits) {
      const key = `${credit.title}\u0000${credit.artist}`;
      works.set(key, (works.get(key) ?? 0) + 1);
    }
  return works;
}

describe('generateDemoRoster', () => {
  it('is the same roster for the same seed and a different one for another', () => {
    expect(generateDemoRoster(40, 1)).toEqual(generateDemoRoster(40, 1));
    expect(generateDemoRoster(40, 2).map((c) => c.handle)).not.toEqual(
      generateDemoRoster(40, 1).map((c) => c.handle),
    );
  });

  it('past 20,000 creators gives every song its own work, so works keep 2 or 3 writers', () => {
    const roster = generateDemoRoster(30_000, 7);
    const works = writersPerWork(roster);
    // One work per song: 0.8 songs a creator.
    expect(works.size).toBe(Math.ceil(30_000 * 0.8));
    expect(Math.max(...works.values())).toBeLessThanOrEqual(3);
    const titled = roster.flatMap((c) => c.credits.map((credit) => credit.title));
    expect(titled.some((title) => /^\S+ \S+ \d+$/.test(title))).toBe(true);
  });

  it('up to 20,000 creators keeps the vocabulary titles the demo and the tests know', () => {
    const titles = generateDemoRoster(2_000, 7).flatMap((c) => c.credits.map((credit) => credit.title));
    expect(titles.every((title) => /^\S+ \S+$/.test(title))).toBe(true);
  });
});

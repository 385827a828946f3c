import { describe, expect, it } from 'vitest';
import { buildMatchIndex } from './match-index.ts';
import type { Interval } from './match-rules.ts';
import { answerPairQuery } from './pair-answer.ts';
import { memoryPairPorts } from './pair-ports.fixture.ts';
import { applyQueryChange, type PairAnswer, type PairQuery } from './pair-query.ts';
import { fixtureRoster } from './roster.fixture.ts';

const at = (iso: string) => Date.parse(iso);
const WEEK: Interval = { startMs: at('2026-11-30T00:00Z'), endMs: at('2026-12-07T00:00Z') };
const hours = (day: string, from: number, to: number): Interval => ({
  startMs: at(`${day}T${String(from).padStart(2, '0')}:00Z`),
  endMs: at(`${day}T${String(to).padStart(2, '0')}:00Z`),
});
// Tue 1 Dec and Thu 3 Dec, UTC. eve has no free time on record.
const FREE: Record<string, Interval[]> = {
  ana: [hours('2026-12-01', 10, 12), hours('2026-12-03', 10, 14)],
  bo: [hours('2026-12-01', 10, 12), hours('2026-12-03', 10, 13)],
  cy: [hours('2026-12-03', 11, 14)],
  dee: [hours('2026-12-03', 10, 14)],
  gus: [hours('2026-12-01', 10, 11)],
  hal: [hours('2026-12-03', 12, 14)],
};

const index = buildMatchIndex({ creators: fixtureRoster() });
const ports = memoryPairPorts(index, FREE);
const ask = (query: PairQuery) => answerPairQuery(query, ports);
const handles = (answer: PairAnswer) => answer.suggestions.map((s) => s.members.map((m) => m.handle));

/** The fix holds what it claims: the changed query gives exactly that many suggestions. */
async function expectHonestFix(query: PairQuery, answer: PairAnswer): Promise<void> {
  const fix = answer.empty!.fix!;
  const fixed = await ask(fix.changes.reduce(applyQueryChange, query));
  expect(fixed.suggestions.length).toBe(fix.suggestions);
  expect(fix.suggestions).toBeGreaterThan(0);
}

describe('an empty answer says which filter removed the candidates and what would give some', () => {
  it('no common window that long: the longest shorter session that gives results, counted', async () => {
    const query: PairQuery = { creators: ['ana'], window: WEEK, minMinutes: 300 };
    const answer = await ask(query);
    expect(answer.suggestions).toEqual([]);
    expect(answer.empty).toEqual({
      cause: { kind: 'common_time', minMinutes: 300, span: WEEK },
      fix: { changes: [{ kind: 'min_minutes', minMinutes: 240 }], suggestions: 1 },
    });
    await expectHonestFix(query, answer);
  });

  it('no availability on record for the named creator', async () => {
    const query: PairQuery = { creators: ['eve'], window: WEEK };
    const answer = await ask(query);
    expect(answer.empty!.cause).toEqual({ kind: 'no_availability', handle: 'eve', span: WEEK });
    expect(answer.empty!.fix!.changes).toEqual([{ kind: 'drop_window' }]);
    await expectHonestFix(query, answer);
  });

  it('an unknown genre or role, named with the closest ones from the vocabulary', async () => {
    const genre: PairQuery = { genres: ['altpopp'] };
    const byGenre = await ask(genre);
    expect(byGenre.empty!.cause).toEqual({ kind: 'unknown_genre', term: 'altpopp', closest: ['alt-pop'] });
    expect(byGenre.empty!.fix!.changes).toEqual([{ kind: 'genre', from: 'altpopp', to: 'alt-pop' }]);
    await expectHonestFix(genre, byGenre);
    const role: PairQuery = { genres: ['alt-pop'], roles: ['toplinr'] };
    const byRole = await ask(role);
    expect(byRole.empty!.cause).toEqual({ kind: 'unknown_role', term: 'toplinr', closest: ['topliner'] });
    await expectHonestFix(role, byRole);
  });

  it('a known genre nobody has; a role nobody who fits holds', async () => {
    const genre: PairQuery = { genres: ['country'] };
    const byGenre = await ask(genre);
    expect(byGenre.empty!.cause).toEqual({ kind: 'genre', terms: ['country'] });
    expect(byGenre.empty!.fix!.changes).toEqual([{ kind: 'drop_genres' }]);
    await expectHonestFix(genre, byGenre);
    const role: PairQuery = { genres: ['alt-pop'], roles: ['dj'] };
    const byRole = await ask(role);
    expect(byRole.empty!.cause).toEqual({ kind: 'role', term: 'dj' });
    expect(byRole.empty!.fix!.changes).toEqual([{ kind: 'drop_role', term: 'dj' }]);
  });

  it('the radius: the nearest wider radius that gives results', async () => {
    const query: PairQuery = { genres: ['alt-pop'], inPerson: { near: 'Gothenburg' } };
    const answer = await ask(query);
    expect(answer.empty!.cause).toEqual({ kind: 'radius', radiusKm: 50, near: 'Gothenburg' });
    // ana and bo are in Stockholm, about 400 km away.
    expect(answer.empty!.fix!.changes).toEqual([{ kind: 'radius', radiusKm: 500 }]);
    await expectHonestFix(query, answer);
  });

  it('when no single change is enough, the filters to drop together', async () => {
    const query: PairQuery = { creators: ['cy'], inPerson: { radiusKm: 50 }, window: WEEK, minMinutes: 300 };
    const answer = await ask(query);
    expect(answer.empty!.cause).toEqual({ kind: 'radius', radiusKm: 50 });
    expect(answer.empty!.fix!.changes).toEqual([{ kind: 'drop_in_person' }, { kind: 'drop_window' }]);
    await expectHonestFix(query, answer);
  });

  it('nobody at all, and nothing to relax', async () => {
    const alone = buildMatchIndex({
      creators: fixtureRoster().filter((c) => c.handle === 'ana' || c.handle === 'fox'),
    });
    const answer = await answerPairQuery({ creators: ['ana'] }, memoryPairPorts(alone));
    expect(answer.empty).toEqual({ cause: { kind: 'nobody' } });
  });

  it('loads each creator’s free time once, however often the query is re-asked', async () => {
    const counting = memoryPairPorts(index, FREE);
    const answer = await answerPairQuery({ genres: ['alt-pop'], window: WEEK, minMinutes: 300 }, counting);
    expect(answer.empty!.fix).toBeDefined();
    expect(counting.loaded.length).toBe(new Set(counting.loaded).size);
  });

  it('is not computed when there are suggestions', async () => {
    expect((await ask({ creators: ['ana'], window: WEEK })).empty).toBeUndefined();
  });
});

describe('what each suggestion says agrees with what it lists', () => {
  const freeReason = (answer: PairAnswer) =>
    answer.suggestions.map(
      (s) => [s.windows, s.reasons.filter((r) => r.startsWith('free together'))] as const,
    );

  it('the free-together reason counts the listed windows and names the first (gated and shown)', async () => {
    for (const query of [
      { creators: ['ana'], window: WEEK },
      { creators: ['ana'], showWindow: WEEK },
      { genres: ['alt-pop'], window: WEEK },
    ] satisfies PairQuery[]) {
      const answer = await ask(query);
      expect(answer.span).toEqual(WEEK);
      expect(answer.suggestions.some((s) => s.windows.length > 1)).toBe(true);
      for (const [windows, reasons] of freeReason(answer)) {
        if (windows.length === 0) expect(reasons).toEqual([]);
        else
          expect(reasons).toEqual([
            windows.length === 1
              ? `free together ${ports.describe!(windows[0]!)}`
              : `free together ${windows.length} times, first ${ports.describe!(windows[0]!)}`,
          ]);
      }
    }
    // ana and bo: Tue 10-12 and Thu 10-13; the longest (Thu) is not the first.
    const [anaBo] = (await ask({ creators: ['ana', 'bo'], window: WEEK })).suggestions;
    expect(anaBo!.windows).toEqual([hours('2026-12-01', 10, 12), hours('2026-12-03', 10, 13)]);
    expect(anaBo!.reasons.at(-1)).toBe(`free together 2 times, first ${ports.describe!(anaBo!.windows[0]!)}`);
  });

  it('a pair scores the same as partners, as a named group, and in a brief (plus the brief’s named points)', async () => {
    const partners = await ask({ creators: ['ana'], k: 10 });
    const brief = await ask({ genres: ['alt-pop'], k: 20 });
    let compared = 0;
    for (const s of partners.suggestions) {
      const other = s.members[1]!.handle;
      const fit = (await ask({ creators: ['ana', other] })).suggestions[0]!;
      expect(fit.score).toBe(s.score);
      const inBrief = brief.suggestions.find(
        (b) =>
          handles({ ...brief, suggestions: [b] })[0]!
            .sort()
            .join() === ['ana', other].sort().join(),
      );
      if (!inBrief) continue;
      compared += 1;
      const points = (inBrief.terms ?? []).reduce((sum, t) => sum + t.points, 0);
      expect(inBrief.score).toBeCloseTo(s.score + points, 9);
      expect(inBrief.reasons[0]).toBe(`+${points} genre:alt-pop`);
    }
    expect(compared).toBeGreaterThan(1);
  });

  it('lists every mode best first', async () => {
    for (const query of [
      { creators: ['ana'], k: 10 },
      { creators: ['ana'], size: 3, k: 10 },
      { genres: ['pop'], k: 10 },
      { genres: ['pop'], size: 3, k: 10 },
    ] satisfies PairQuery[]) {
      const scores = (await ask(query)).suggestions.map((s) => s.score);
      expect(scores.length).toBeGreaterThan(1);
      expect(scores).toEqual(scores.toSorted((a, b) => b - a));
    }
  });
});

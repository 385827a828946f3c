import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import type { Database } from '../../db/database.ts';
import { importRoster } from '../../db/repositories/roster-import.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { availabilityRules, creators, tenants } from '../../db/schema/index.ts';
import { DEMO_TENANT, seedDemoOnFirstRun, seedTenant } from '../../db/seed.ts';
import { CREATORS_CSV, CREDITS_CSV } from '../../test/fixtures/matching-roster.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { createLogger } from '../runtime/logger.ts';
import { type ConsoleSession, openConsoleSession } from './console-session.ts';

let database: Database;
let admin: ConsoleSession;

beforeAll(async () => {
  database = await openTestPglite();
  await seedTenant(database, { slug: 'label', creatorCount: 0, seed: 1 });
  await seedDemoOnFirstRun(database); // what `serve` seeds: the demo tenant the examples are written for
  const tenant = (await databaseTenantDirectory(database).findBySlug('label'))!;
  await importRoster(database, {
    tenantId: tenant.id,
    creatorsCsv: CREATORS_CSV,
    creditsCsv: CREDITS_CSV,
    actorLabel: 'test',
    embedder: localHashedEmbedder(),
  });
  await database.withTenant(tenant.id, async (tx) => {
    const rows = await tx.select().from(creators);
    await tx.insert(availabilityRules).values(
      rows.map((row) => ({
        tenantId: tenant.id,
        creatorId: row.id,
        rrule: 'FREQ=WEEKLY;BYDAY=WE',
        startTime: '17:00',
        endTime: '19:00',
      })),
    );
  });
  // The test clock: Monday 2026-11-23 12:00 UTC; the admin's zone is UTC.
  admin = await openConsoleSession(
    { ...testRuntimeParts(database), logger: createLogger('silent') },
    { tenantSlug: 'label', as: 'admin' },
  );
});
afterAll(() => database.close());

describe('/pair in the console', () => {
  it('lists partners with scores, reasons and actions', async () => {
    const answer = await admin.send('/pair @ana limit:2');
    const lines = answer.split('\n');
    expect(lines[0]).toBe('== Partners for Ana Rossi (@ana) ==');
    expect(lines[1]).toMatch(/^1\. (Ben Okafor \(@ben\)|Ivy Chen \(@ivy\)) · score \d+$/);
    expect(lines[2]).toMatch(/shared influences: Robyn, Lorde/);
    expect(answer).toMatch(/\[More like this: \/pair @(ben|ivy)\]/);
    expect(answer).toContain('Times in your zone (UTC).');
  });

  it('answers a mistyped handle with the closest ones, and names the anchor of an empty answer', async () => {
    expect(await admin.send('/pair @anna')).toMatch(/No creator @anna\. Did you mean @ana/);
    const empty = await admin.send('/pair @ana genre:metalcore');
    expect(empty).toMatch(/^== Partners for Ana Rossi \(@ana\) \(genre:metalcore\) ==\ni Nobody/);
  });

  it('shows a group’s fit with its common windows in the viewer’s zone and a Propose button', async () => {
    const answer = await admin.send('/pair @ana @dee next week 2h');
    expect(answer).toContain(
      '== Fit: Ana Rossi (@ana) + Dee Park (@dee) (Mon 30 Nov – Sun 6 Dec, 120 min) ==',
    );
    // Both free Wednesdays 17-19 in their own zones: New York's 17:00-19:00 overlaps Chicago's 16:00-18:00 for 1 h only.
    expect(answer).toContain('! Not suggestable: no common free time long enough.');
    expect(answer).toContain('no common free time of 2 h or more in Mon 30 Nov – Sun 6 Dec');
    const together = await admin.send('/pair @ana @cy next week 2h');
    // Across midnight for the viewer (UTC): both days named.
    expect(together).toContain(
      'free: Wed 2 Dec 23:00 – Thu 3 Dec 01:00 for you = Wed 2 Dec 17:00–19:00 for Ana Rossi in Nashville = Wed 2 Dec 17:00–19:00 for Cy Lam in Nashville',
    );
    expect(together).toContain('[Propose: /session propose @ana @cy at:2026-12-02T23:00Z 120m]');
    expect(together).toContain(
      'best time: Wed 2 Dec 23:00 – Thu 3 Dec 01:00 for you = Wed 2 Dec 17:00–19:00 for Ana Rossi in Nashville',
    );
    // The week as a picture, right under the heading: both rows and what they share.
    expect(together.split('\n')[1]).toMatch(
      /^🖼 Week of free time, Mon 30 Nov – Sun 6 Dec \(times in UTC\): AR = Ana Rossi: \d+ free windows?, CL = Cy Lam: \d+ free windows?; 1 free for everyone\.: http:\/\/localhost:\d+\/img\/timeline\//,
    );
  });

  it('proposes the best slot inside everyone’s waking hours, a tenant setting', async () => {
    const early = await admin.send('/pair @ana @cy next week 1h');
    expect(early).toContain(
      'best time: Wed 2 Dec 23:00–24:00 for you = Wed 2 Dec 17:00–18:00 for Ana Rossi in Nashville',
    );
    expect(early).toContain('[Propose: /session propose @ana @cy at:2026-12-02T23:00Z 60m]');
    await database.withSystem((tx) =>
      tx
        .update(tenants)
        .set({ settings: { availability: { wakingHours: { start: '18:00', end: '23:00' } } } })
        .where(eq(tenants.slug, 'label')),
    );
    const later = await (
      await openConsoleSession(
        { ...testRuntimeParts(database), logger: createLogger('silent') },
        { tenantSlug: 'label', as: 'admin' },
      )
    ).send('/pair @ana @cy next week 1h');
    expect(later).toContain(
      'best time: Thu 3 Dec 00:00–01:00 for you = Wed 2 Dec 18:00–19:00 for Ana Rossi in Nashville',
    );
    expect(later).toContain('[Propose: /session propose @ana @cy at:2026-12-03T00:00Z 60m]');
    await database.withSystem((tx) =>
      tx.update(tenants).set({ settings: {} }).where(eq(tenants.slug, 'label')),
    );
  });

  it('finds creators for a brief, and answers mistakes with the field and usage', async () => {
    const brief = await admin.send('/pair genre:alt-pop role:topliner in-person near:Nashville limit:3');
    expect(brief.split('\n')[0]).toBe(
      '== Suggestions (genre:alt-pop, role:topliner, in person near Nashville) ==',
    );
    expect(brief).not.toMatch(/@(dee|fox|gus|hal)\b/);
    expect(await admin.send('/pair @ghost')).toBe('✗ No creator @ghost. See /roster.\n');
    expect(await admin.send('/pair @ana someday')).toMatch(
      /^✗ "someday" is not something \/pair understands.*\nUsage: \/pair @a/,
    );
  });
});

/** `Name (@handle) · score N` titles of a rendered answer, in order. */
const scoresOf = (answer: string) =>
  [...answer.matchAll(/^\d+\. .* · score (\d+)$/gm)].map((m) => Number(m[1]));
const scoreOf = (answer: string, title: string) =>
  Number(new RegExp(`^\\d+\\. ${title.replace(/[()+]/g, '\\$&')} · score (\\d+)$`, 'm').exec(answer)?.[1]);

describe('/pair answers that explain themselves', () => {
  it('an empty answer names the filter that removed everyone and the change that gives results, as a button', async () => {
    const long = await admin.send('/pair @ana next week 3h');
    expect(long).toContain('i No common 3 h window in Mon 30 Nov – Sun 6 Dec; 2 h gives 6 suggestions.');
    expect(long).toContain('[Try 2 h: /pair @ana from:2026-11-30T00:00Z to:2026-12-07T00:00Z 2h]');
    const tried = await admin.send('/pair @ana from:2026-11-30T00:00Z to:2026-12-07T00:00Z 2h');
    expect(tried).toMatch(/^== Partners for Ana Rossi \(@ana\) \(Mon 30 Nov – Sun 6 Dec, 120 min\) ==$/m);
    expect(scoresOf(tried)).toHaveLength(6);

    expect(await admin.send('/pair @ana tomorrow')).toContain(
      'i @ana has no free time on record in Tue 24 Nov (see /avail @ana); without the time limit: 9 suggestions.',
    );
    expect(await admin.send('/pair @fox in-person')).toContain(
      'i Nobody who fits is within 50 km of @fox; without in-person: 9 suggestions.',
    );
    const typo = await admin.send('/pair genre:altpopp role:topliner');
    expect(typo).toContain('i "altpopp" is not a genre we know (closest: alt-pop); genre:alt-pop gives ');
    expect(typo).toContain('[Try genre:alt-pop: /pair genre:alt-pop role:topliner]');
    expect(await admin.send('/pair genre:alt-pop role:toplinr')).toContain(
      'i "toplinr" is not a role we know (closest: topliner); role:topliner gives ',
    );
    expect(await admin.send('/pair genre:alt-pop role:dj')).toMatch(
      /i No pair with role:dj passes the other filters; without role:dj: 10 suggestions\./,
    );
    expect(await admin.send('/pair genre:country')).toContain(
      'i No pair of creators with genre:country can be suggested; without the genre filter: 10 suggestions.',
    );
  });

  it('without a time word, each suggestion shows its common windows of the next two weeks, dated, or says there are none', async () => {
    const answer = await admin.send('/pair @ana');
    const items = answer.split(/\n(?=\d+\. )/).slice(1);
    expect(items).toHaveLength(9);
    for (const item of items) {
      const hasWindow = item.includes('\n   free: ');
      expect(item.includes('[Propose: /session propose')).toBe(hasWindow);
      if (!hasWindow) expect(item).toContain('no common free time of 1 h or more in Mon 23 Nov – Mon 7 Dec');
    }
    // Fox (London, Wednesdays 17-19 his time) never overlaps Ana (Nashville) on a Wednesday evening.
    expect(items.find((i) => i.includes('(@fox)'))).toContain('no common free time of 1 h or more');
    const ivy = items.find((i) => i.includes('(@ivy)'))!;
    expect(ivy).toContain(
      'free together 2 times, first Wed 25 Nov 23:00 – Thu 26 Nov 01:00 UTC\n   best time: Wed 25 Nov 23:00 – Thu 26 Nov 01:00 for you',
    );
    expect(ivy).toContain(
      '   free: Wed 25 Nov 23:00 – Thu 26 Nov 01:00 for you = Wed 25 Nov 17:00–19:00 for Ana Rossi in Nashville = Wed 25 Nov 17:00–19:00 for Ivy Chen in Nashville\n   free: Wed 2 Dec 23:00 – Thu 3 Dec 01:00 for you',
    );
  });

  it('"and N more free windows" opens every window, ten at a time, each with its own Propose', async () => {
    const fit = await admin.send('/pair @ana @cy from:2026-11-23T12:00Z to:2026-12-21T12:00Z');
    expect(fit).toContain('free together 4 times, first Wed 25 Nov 23:00 – Thu 26 Nov 01:00 UTC');
    expect(fit).toContain('   … and 1 more free window\n');
    expect(fit).toContain(
      '[All 4 windows: /pair windows @ana @cy from:2026-11-23T12:00Z to:2026-12-21T12:00Z]',
    );
    const all = await admin.send('/pair windows @ana @cy from:2026-11-23T12:00Z to:2026-12-21T12:00Z');
    expect(all.split('\n')[0]).toBe(
      '== Free windows: Ana Rossi (@ana) + Cy Lam (@cy) (Mon 23 Nov – Mon 21 Dec, 1 h or more) ==',
    );
    expect(all).toContain(
      '4. Wed 16 Dec 23:00 – Thu 17 Dec 01:00 for you\n   2 h free\n   Wed 16 Dec 17:00–19:00 for Ana Rossi in Nashville',
    );
    expect(all.match(/\[Propose: /g)).toHaveLength(4);
    expect(all).toContain('[Propose: /session propose @ana @cy at:2026-12-16T23:00Z 120m]');
    const quarter = await admin.send('/pair windows @ana @cy from:2026-11-23T12:00Z to:2027-02-22T12:00Z');
    expect(quarter.match(/\[Propose: /g)).toHaveLength(10);
    expect(quarter).toContain(
      '[Later windows (3 more): /pair windows @ana @cy from:2027-02-03T23:00Z to:2027-02-22T12:00Z]',
    );
    const later = await admin.send('/pair windows @ana @cy from:2027-02-03T23:00Z to:2027-02-22T12:00Z');
    expect(later.match(/\[Propose: /g)).toHaveLength(3);
    expect(await admin.send('/pair windows @ana')).toContain('✗ creators: name two or three creators');
    expect(await admin.send('/pair windows @ana @fox')).toContain(
      'i No common free window of 1 h or more in Mon 23 Nov – Mon 7 Dec.',
    );
  });

  it('a pair scores the same wherever it appears; a brief adds named points; every list reads best first', async () => {
    const partners = await admin.send('/pair @ana');
    const fit = await admin.send('/pair @ana @ivy');
    const brief = await admin.send('/pair genre:alt-pop limit:20');
    const score = scoreOf(partners, 'Ivy Chen (@ivy)');
    expect(score).toBeGreaterThan(0);
    expect(scoreOf(fit, 'Ana Rossi (@ana) + Ivy Chen (@ivy)')).toBe(score);
    const [, points] =
      /Ana Rossi \(@ana\) \+ Ivy Chen \(@ivy\) · score \d+\n {3}\+(\d+) genre:alt-pop; /.exec(brief) ?? [];
    expect(Number(points)).toBeGreaterThan(0);
    expect(scoreOf(brief, 'Ana Rossi (@ana) + Ivy Chen (@ivy)')).toBe(score + Number(points));
    for (const answer of [
      partners,
      brief,
      await admin.send('/pair @ana trio'),
      await admin.send('/pair genre:pop trio'),
    ]) {
      const scores = scoresOf(answer);
      expect(scores.length).toBeGreaterThan(1);
      expect(scores).toEqual(scores.toSorted((a, b) => b - a));
    }
  });
});

describe('/donotpair in the console', () => {
  it('keeps a pair out of each other’s suggestions both ways, and lifts it again', async () => {
    expect(await admin.send('/donotpair')).toBe('No do-not-pair rules.\n');
    expect(await admin.send('/donotpair @ana @ben reason:"label conflict"')).toBe(
      '✓ @ana and @ben will not be suggested together.\n',
    );
    expect(await admin.send('/donotpair')).toContain('1. @ana and @ben\n   label conflict');
    expect(await admin.send('/pair @ana limit:10')).not.toContain('(@ben)');
    expect(await admin.send('/pair @ben limit:10')).not.toContain('(@ana)');
    // Their fit card names the rule and offers no Propose; nor does the list of their windows.
    const fit = await admin.send('/pair @ana @ben');
    expect(fit).toContain('on the do-not-pair list: only an admin can propose them');
    expect(fit).not.toContain('[Propose');
    expect(await admin.send('/pair windows @ana @ben')).not.toContain('[Propose');
    expect(await admin.send('/donotpair remove @ben @ana')).toBe(
      '✓ @ben and @ana can be suggested together again.\n',
    );
    expect(await admin.send('/pair @ana limit:10')).toContain('(@ben)');
    expect(await admin.send('/donotpair remove @ben @ana')).toBe('i There was no rule for @ben and @ana.\n');
  });

  it('is for publishers, and needs two different creators', async () => {
    const ana = await openConsoleSession(
      { ...testRuntimeParts(database), logger: createLogger('silent') },
      { tenantSlug: 'label', as: 'ana' },
    );
    expect(await ana.send('/donotpair @ana @ben')).toBe('✗ /donotpair add is for: Admin, Staff.\n');
    expect(await admin.send('/donotpair @ana @ana')).toContain(
      '✗ creators: name exactly two different creators, like @ana @ben',
    );
    expect(await admin.send('/donotpair @ana @ghost')).toContain('✗ No creator @ghost. See /roster.');
  });
});

/** The Matching section's console examples (README), proposed to the lead with this test behind them. */
const README_PAIR_EXAMPLES = [
  '/pair @sven-johansson',
  '/pair @sven-johansson @hana-costa next week 2h',
  '/pair genre:pop role:topliner next week 2h',
  '/pair genre:gospel role:topliner in-person near:"Los Angeles"',
  '/pair @sven-johansson trio',
  '/pair windows @sven-johansson @hana-costa',
];

describe('every /pair example on the seeded demo tenant', () => {
  const examples = createCommandRegistry().chatCommand('pair')!.examples;

  // Two weeks apart (every-other-week rules) and mid-week: "next week" means a different week each time.
  it.each(['2026-11-23T12:00:00Z', '2026-11-30T12:00:00Z', '2027-03-11T20:30:00Z'])(
    'answers with suggestions, never an error or an empty list (clock %s)',
    async (clock) => {
      const demo = await openConsoleSession(
        { ...testRuntimeParts(database, Date.parse(clock)), logger: createLogger('silent') },
        { tenantSlug: DEMO_TENANT.slug, as: 'admin' },
      );
      expect(examples.length).toBeGreaterThanOrEqual(8);
      for (const line of [...examples, ...README_PAIR_EXAMPLES]) {
        const answer = await demo.send(line);
        expect(answer, line).toMatch(/^1\. /m);
        expect(answer, line).not.toMatch(/^(✗|! |i No )/m);
      }
    },
  );
});

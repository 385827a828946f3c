import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import type { Database } from '../../db/database.ts';
import { importRoster } from '../../db/repositories/roster-import.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { availabilityRules, creators, tenants } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
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

  it('shows a group’s fit with its common windows in the viewer’s zone and a Propose button', async () => {
    const answer = await admin.send('/pair @ana @dee next week 2h');
    expect(answer).toContain(
      '== Fit: Ana Rossi (@ana) + Dee Park (@dee) (Mon 30 Nov – Sun 6 Dec, 120 min) ==',
    );
    // Both free Wednesdays 17-19 in their own zones: New York's 17:00-19:00 overlaps Chicago's 16:00-18:00 for 1 h only.
    expect(answer).toContain('! Not suggestable: no common free time long enough.');
    const together = await admin.send('/pair @ana @cy next week 2h');
    expect(together).toContain(
      'free: Wed 11pm-Thu 1am for you = Wed 5-7pm for Ana Rossi in Nashville = Wed 5-7pm for Cy Lam in Nashville',
    );
    expect(together).toContain('[Propose: /session propose @ana @cy at:2026-12-02T23:00Z 120m]');
    expect(together).toContain('best time: Wed 11pm-Thu 1am for you = Wed 5-7pm for Ana Rossi in Nashville');
  });

  it('proposes the best slot inside everyone’s waking hours, a tenant setting', async () => {
    const early = await admin.send('/pair @ana @cy next week 1h');
    expect(early).toContain('best time: Wed 11pm-12am for you = Wed 5-6pm for Ana Rossi in Nashville');
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
    expect(later).toContain('best time: Thu 12-1am for you = Wed 6-7pm for Ana Rossi in Nashville');
    expect(later).toContain('[Propose: /session propose @ana @cy at:2026-12-03T00:00Z 60m]');
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

describe('/donotpair in the console', () => {
  it('keeps a pair out of each other’s suggestions both ways, and lifts it again', async () => {
    expect(await admin.send('/donotpair')).toBe('No do-not-pair rules.\n');
    expect(await admin.send('/donotpair @ana @ben reason:"label conflict"')).toBe(
      '✓ @ana and @ben will not be suggested together.\n',
    );
    expect(await admin.send('/donotpair')).toContain('1. @ana and @ben\n   label conflict');
    expect(await admin.send('/pair @ana limit:10')).not.toContain('(@ben)');
    expect(await admin.send('/pair @ben limit:10')).not.toContain('(@ana)');
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

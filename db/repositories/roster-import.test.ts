import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import { CREATORS_CSV, CREDITS_CSV } from '../../test/fixtures/matching-roster.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import {
  availabilityRules,
  creatorCredits,
  type creatorEmbeddings,
  creators,
  works,
} from '../schema/index.ts';
import { importRoster } from './roster-import.ts';
import { databaseTenantDirectory } from './tenant-directory.ts';

let database: Database;
let tenantId: string;
const embedder = localHashedEmbedder();

beforeAll(async () => {
  database = await openTestPglite();
  tenantId = (await databaseTenantDirectory(database).create({ slug: 'label', name: 'Label' })).id;
});
afterAll(() => database.close());

const count = async (
  table: typeof creators | typeof works | typeof creatorCredits | typeof creatorEmbeddings,
) => (await database.withTenant(tenantId, (tx) => tx.select().from(table))).length;

describe('roster import', () => {
  it('imports creators and credits, links co-writers by work, and embeds them', async () => {
    const report = await importRoster(database, {
      tenantId,
      creatorsCsv: CREATORS_CSV,
      creditsCsv: CREDITS_CSV,
      actorLabel: 'test',
      embedder,
    });
    expect(report).toMatchObject({ created: 10, updated: 0, heldBack: 0, creditsAdded: 9, embedded: 10 });
    expect(report.problems).toEqual([]);
    // Glass Hearts, Night Drive, Paper Moons (ISWC on one credit, title+artist on the other: two works), Dust Road, Neon Rain.
    expect(await count(works)).toBe(report.worksAdded);
    const [ana] = await database.withTenant(tenantId, (tx) =>
      tx.select().from(creators).where(eq(creators.handle, 'ana')),
    );
    expect(ana).toMatchObject({
      genres: ['alt-pop', 'synth-pop'],
      roles: ['topliner'],
      inspirations: ['Robyn', 'Lorde'],
    });
    expect(ana!.location).toMatchObject({ city: 'Nashville' });
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await count(creatorCredits);
    const report = await importRoster(database, {
      tenantId,
      creatorsCsv: CREATORS_CSV,
      creditsCsv: CREDITS_CSV,
      actorLabel: 'test',
      embedder,
    });
    expect(report).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 10,
      creditsAdded: 0,
      worksAdded: 0,
      embedded: 0,
    });
    expect(await count(creatorCredits)).toBe(before);
  });

  it('reports bad rows by file, row and field, and never half-imports a creator', async () => {
    const creatorsCsv = `handle,name,time_zone,genres,roles,inspirations,city
kai,Kai Doe,Mars/Base,pop,topliner,,
lu,Lu Wren,Europe/Paris,pop,producer,,Paris
mo,Mo Tide,Europe/Paris,pop,dancer,,
ana,Ana Rossi,America/Chicago,alt-pop|synth-pop,topliner|lyricist,Robyn|Lorde,Nashville
`;
    const creditsCsv = `handle,title,artist,year,role,isrc,iswc
lu,Good Song,Someone,2024,producer,,
lu,Bad Song,Someone,2024,producer,,T-034.524.680-2
ana,New Song,Mara Vale,2025,topliner,,
zed,Orphan,Nobody,2024,,,
`;
    const report = await importRoster(database, {
      tenantId,
      creatorsCsv,
      creditsCsv,
      actorLabel: 'test',
      embedder,
    });
    expect(report.problems.map(({ file, row, field, code }) => ({ file, row, field, code }))).toEqual([
      { file: 'creators.csv', row: 2, field: 'time_zone', code: 'profiles.bad_time_zone' },
      { file: 'creators.csv', row: 3, field: 'handle', code: 'profiles.held_back' },
      { file: 'creators.csv', row: 4, field: 'roles', code: 'profiles.unknown_role' },
      { file: 'credits.csv', row: 3, field: 'iswc', code: 'profiles.bad_iswc' },
      { file: 'credits.csv', row: 5, field: 'handle', code: 'profiles.unknown_creator' },
    ]);
    // lu has a bad credit row: neither lu nor the good credit is imported. ana is updated (role, credit).
    expect(report).toMatchObject({ created: 0, updated: 1, heldBack: 1, creditsAdded: 1, embedded: 1 });
    const handles = (
      await database.withTenant(tenantId, (tx) => tx.select({ h: creators.handle }).from(creators))
    ).map((r) => r.h);
    expect(handles).not.toContain('lu');
    expect(handles).not.toContain('kai');
    const [ana] = await database.withTenant(tenantId, (tx) =>
      tx.select().from(creators).where(eq(creators.handle, 'ana')),
    );
    expect(ana!.roles).toEqual(['topliner', 'lyricist']);
    expect(ana!.credits).toHaveLength(2);
  });

  it('imports a row whose genre is outside the taxonomy, as a tag, and warns about it with the closest genres', async () => {
    const report = await importRoster(database, {
      tenantId,
      creatorsCsv: 'handle,name,genres,tags\nnia,Nia Cole,pop|Kountry,road trip\n',
      actorLabel: 'test',
    });
    expect(report).toMatchObject({ created: 1, problemCount: 0, warningCount: 1 });
    expect(report.warnings).toMatchObject([
      { file: 'creators.csv', row: 2, field: 'genres', code: 'profiles.unknown_genre', closest: ['country'] },
    ]);
    const [nia] = await database.withTenant(tenantId, (tx) =>
      tx.select().from(creators).where(eq(creators.handle, 'nia')),
    );
    expect(nia).toMatchObject({ genres: ['pop'], tags: ['kountry', 'road-trip'] });
  });

  describe('the availability column', () => {
    const rulesOf = async (handle: string) =>
      (
        await database.withTenant(tenantId, (tx) =>
          tx
            .select({
              rrule: availabilityRules.rrule,
              startTime: availabilityRules.startTime,
              endTime: availabilityRules.endTime,
              fromDate: availabilityRules.fromDate,
            })
            .from(availabilityRules)
            .innerJoin(creators, eq(creators.id, availabilityRules.creatorId))
            .where(eq(creators.handle, handle))
            .orderBy(availabilityRules.createdAt),
        )
      ).map(({ fromDate, ...rule }) => (fromDate ? { ...rule, fromDate } : rule));
    const run = (rows: string) =>
      importRoster(database, {
        tenantId,
        creatorsCsv: `handle,name,time_zone,availability\n${rows}\n`,
        actorLabel: 'test',
      });

    it("writes weekly rules in the creator's zone; the same file again writes nothing", async () => {
      const first = await run(
        'oli,Oli Park,Europe/London,mon-fri 10:00-18:00|sat 12:00-16:00 from:2026-12-05\npia,Pia Lund,America/Chicago,',
      );
      expect(first).toMatchObject({ created: 2, weeklyRulesWritten: 2, problemCount: 0 });
      expect(await rulesOf('oli')).toEqual([
        { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', startTime: '10:00', endTime: '18:00' },
        { rrule: 'FREQ=WEEKLY;BYDAY=SA', startTime: '12:00', endTime: '16:00', fromDate: '2026-12-05' },
      ]);
      expect(await rulesOf('pia')).toEqual([]);
      const again = await run(
        'oli,Oli Park,Europe/London,sat 12:00-16:00 from:2026-12-05|mon-fri 10:00-18:00\npia,Pia Lund,America/Chicago,',
      );
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, weeklyRulesWritten: 0 });
    });

    it('replaces the rules when the cell changes, and keeps them when it is blank', async () => {
      const changed = await run('oli,Oli Park,Europe/London,mon-thu 09:00-17:00');
      expect(changed).toMatchObject({ updated: 1, weeklyRulesWritten: 1 });
      expect(await rulesOf('oli')).toEqual([
        { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH', startTime: '09:00', endTime: '17:00' },
      ]);
      const blank = await run('oli,Oli Park,Europe/London,');
      expect(blank).toMatchObject({ unchanged: 1, weeklyRulesWritten: 0 });
      expect(await rulesOf('oli')).toHaveLength(1);
    });

    it('reports a bad rule by row and column, imports the rest of the row, and leaves the rules as they were', async () => {
      const report = await run('oli,Oliver Park,Europe/London,mon-fri 10:00-18:00|tue 25:00-26:00');
      expect(report).toMatchObject({ updated: 1, weeklyRulesWritten: 0 });
      expect(report.problems).toEqual([
        {
          file: 'creators.csv',
          row: 2,
          field: 'availability',
          code: 'profiles.bad_availability',
          problem:
            'rule 2 of 2 "tue 25:00-26:00": expected a local time range like 10:00-18:00 (or 22:00-02:00+1 past midnight) after the days, got "25:00-26:00"; the rest of the row is imported, its weekly availability left as it was',
        },
      ]);
      const [oli] = await database.withTenant(tenantId, (tx) =>
        tx.select().from(creators).where(eq(creators.handle, 'oli')),
      );
      expect(oli!.displayName).toBe('Oliver Park');
      expect(await rulesOf('oli')).toEqual([
        { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH', startTime: '09:00', endTime: '17:00' },
      ]);
    });
  });
});

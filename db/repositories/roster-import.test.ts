import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import { CREATORS_CSV, CREDITS_CSV } from '../../test/fixtures/matching-roster.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { creatorCredits, type creatorEmbeddings, creators, works } from '../schema/index.ts';
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
});

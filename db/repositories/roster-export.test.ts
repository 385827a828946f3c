import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../core/shared/app-error.ts';
import { largeRosterCsv } from '../../test/fixtures/large-roster.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { creators as creatorsTable } from '../schema/index.ts';
import { EXPORT_PAGE_CREATORS, exportRoster, type RosterExportFile } from './roster-export.ts';
import { importRoster, ROSTER_LIMITS } from './roster-import.ts';
import { databaseTenantDirectory } from './tenant-directory.ts';

let database: Database;
const newTenant = async (slug: string) =>
  (await databaseTenantDirectory(database).create({ slug, name: slug })).id;
const exported = async (tenantId: string, file: RosterExportFile, limits = ROSTER_LIMITS) => {
  const chunks: string[] = [];
  const report = await exportRoster(database, tenantId, file, (text) => void chunks.push(text), limits);
  return { text: chunks.join(''), report };
};

beforeAll(async () => {
  database = await openTestPglite();
});
afterAll(() => database.close());

const creatorsCsv = `handle,name,time_zone,genres,roles,inspirations,city,tags,availability
ana,"=HYPERLINK(""http://x"",""y"")",Europe/London,alt-pop|synth-pop,topliner|lyricist,Robyn|Lorde,London,sad-girl-autumn,mon-fri 10:00-18:00|sat 12:00-16:00 every:2 from:2026-12-05
bo,"'=text mark",Europe/Athens,pop,producer,,"Athens, GR",,
cy,+44 Cy,,country,,,,,
`;
const creditsCsv = `handle,title,artist,year,role,isrc,iswc
ana,@here (Remix),Mara Vale,2023,topliner,SE-AAA-10-00001,
bo,-1,June Ash,2021,producer,,T-034.524.680-1
`;

describe('roster export', { timeout: 60_000 }, () => {
  it('writes the columns the import reads, formula-like cells neutralised', async () => {
    const tenantId = await newTenant('export');
    const imported = await importRoster(database, { tenantId, creatorsCsv, creditsCsv, actorLabel: 'test' });
    expect(imported).toMatchObject({ created: 3, problemCount: 0 });
    const creators = await exported(tenantId, 'creators.csv');
    expect(creators.text).toBe(
      [
        'handle,name,time_zone,genres,roles,inspirations,city,tags,availability',
        `ana,"'=HYPERLINK(""http://x"",""y"")",Europe/London,alt-pop|synth-pop,topliner|lyricist,Robyn|Lorde,London,sad-girl-autumn,mon-fri 10:00-18:00|sat 12:00-16:00 every:2 from:2026-12-05`,
        // The import took the ' before = as a spreadsheet's "this is text" mark, as a spreadsheet does.
        'bo,\'=text mark,Europe/Athens,pop,producer,,"Athens, GR",,',
        "cy,'+44 Cy,UTC,country,,,,,",
        '',
      ].join('\n'),
    );
    expect(creators.report).toMatchObject({ rows: 3, skippedRules: 0 });
    const credits = await exported(tenantId, 'credits.csv');
    expect(credits.text).toBe(
      [
        'handle,title,artist,year,role,isrc,iswc',
        "ana,'@here (Remix),Mara Vale,2023,topliner,SEAAA1000001,",
        "bo,'-1,June Ash,2021,producer,,T-034.524.680-1",
        '',
      ].join('\n'),
    );
  });

  it('re-imports as the same roster: unchanged in the same tenant, identical when exported from a new one', async () => {
    const tenantId = await newTenant('export-source');
    await importRoster(database, { tenantId, creatorsCsv, creditsCsv, actorLabel: 'test' });
    const first = {
      creators: await exported(tenantId, 'creators.csv'),
      credits: await exported(tenantId, 'credits.csv'),
    };
    const again = await importRoster(database, {
      tenantId,
      creatorsCsv: first.creators.text,
      creditsCsv: first.credits.text,
      actorLabel: 'test',
    });
    expect(again).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
      creditsAdded: 0,
      weeklyRulesWritten: 0,
    });
    expect(again.problems).toEqual([]);

    const copyId = await newTenant('export-copy');
    const copied = await importRoster(database, {
      tenantId: copyId,
      creatorsCsv: first.creators.text,
      creditsCsv: first.credits.text,
      actorLabel: 'test',
    });
    expect(copied).toMatchObject({ created: 3, creditsAdded: 2, weeklyRulesWritten: 2, problemCount: 0 });
    const [ana] = await database.withTenant(copyId, (tx) =>
      tx.select().from(creatorsTable).where(eq(creatorsTable.handle, 'ana')),
    );
    // The ' the export put in front is taken off again: the name is stored as first written.
    expect(ana!.displayName).toBe('=HYPERLINK("http://x","y")');
    expect((await exported(copyId, 'creators.csv')).text).toBe(first.creators.text);
    expect((await exported(copyId, 'credits.csv')).text).toBe(first.credits.text);
  });

  it('pages through a roster larger than a page, each creator once, in handle order', async () => {
    const tenantId = await newTenant('export-pages');
    const size = EXPORT_PAGE_CREATORS + 3;
    const roster = largeRosterCsv(size);
    await importRoster(database, { tenantId, ...roster, actorLabel: 'test' });
    const creators = await exported(tenantId, 'creators.csv');
    const handles = creators.text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(handles).toHaveLength(size);
    expect(handles).toEqual(handles.toSorted());
    expect(new Set(handles).size).toBe(size);
    expect((await exported(tenantId, 'credits.csv')).report.rows).toBe(size * 2);
  });

  it('exports nothing past the import row limits, and stops past its file size', async () => {
    const tenantId = await newTenant('export-limits');
    await importRoster(database, { tenantId, creatorsCsv, creditsCsv, actorLabel: 'test' });
    const written: string[] = [];
    const tooMany = await exportRoster(database, tenantId, 'credits.csv', (text) => void written.push(text), {
      ...ROSTER_LIMITS,
      maxCreditRows: 1,
    }).catch((error: unknown) => error);
    expect(isAppError(tooMany) && tooMany.code).toBe('roster.export_too_many_rows');
    expect((tooMany as Error).message).toBe(
      'credits.csv: the roster has 2 rows, more than the 1 one import takes; nothing was exported.',
    );
    expect(written).toEqual([]);
    const tooBig = await exported(tenantId, 'creators.csv', { ...ROSTER_LIMITS, maxFileBytes: 200 }).catch(
      (error: unknown) => error,
    );
    expect(isAppError(tooBig) && tooBig.code).toBe('roster.export_too_large');
  });
});

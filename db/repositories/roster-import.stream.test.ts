import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../core/shared/app-error.ts';
import { largeRosterCsv, largeRosterHandle } from '../../test/fixtures/large-roster.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { auditEvents, creatorCredits, creators } from '../schema/index.ts';
import { BATCH_CREATORS, type ImportProgress, importRoster, ROSTER_LIMITS } from './roster-import.ts';
import { databaseTenantDirectory } from './tenant-directory.ts';

let database: Database;
const newTenant = async (slug: string) =>
  (await databaseTenantDirectory(database).create({ slug, name: slug })).id;
const handlesOf = async (tenantId: string) =>
  (await database.withTenant(tenantId, (tx) => tx.select({ h: creators.handle }).from(creators)))
    .map((row) => row.h)
    .sort();

beforeAll(async () => {
  database = await openTestPglite();
});
afterAll(() => database.close());

const CREATORS_HEADER = 'handle,name,time_zone,genres,roles,inspirations,city';
const CREDITS_HEADER = 'handle,title,artist,year,role,isrc,iswc';

describe('streaming roster import', { timeout: 120_000 }, () => {
  it('writes in batches, each creator whole with credits from anywhere in credits.csv, and re-imports as a no-op', async () => {
    const tenantId = await newTenant('batches');
    const size = BATCH_CREATORS * 2 + 37;
    const { creatorsCsv, creditsCsv } = largeRosterCsv(size);
    const progress: ImportProgress[] = [];
    const report = await importRoster(database, {
      tenantId,
      creatorsCsv,
      creditsCsv,
      actorLabel: 'test',
      onProgress: (p) => progress.push(p),
    });
    expect(report).toMatchObject({ created: size, updated: 0, heldBack: 0, creditsAdded: size * 2 });
    expect(report.worksAdded).toBe(size);
    expect(report.problems).toEqual([]);
    const writes = progress.filter((p) => p.phase === 'writing');
    expect(writes.map((p) => p.written)).toEqual([BATCH_CREATORS, BATCH_CREATORS * 2, size]);
    expect(
      progress.filter((p) => p.phase === 'checking' && p.isDone).map((p) => p.phase === 'checking' && p.file),
    ).toEqual(['creators.csv', 'credits.csv']);
    // The last creator's credits sit far apart in the scrambled credits.csv.
    const [last] = await database.withTenant(tenantId, (tx) =>
      tx
        .select()
        .from(creators)
        .where(eq(creators.handle, largeRosterHandle(size - 1))),
    );
    expect(last!.credits).toHaveLength(2);

    const again = await importRoster(database, { tenantId, creatorsCsv, creditsCsv, actorLabel: 'test' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: size, creditsAdded: 0, worksAdded: 0 });
  });

  it('holds back the row with a NUL byte, reports it without its data, and imports the rest', async () => {
    const tenantId = await newTenant('nul');
    const creatorsCsv = `${CREATORS_HEADER}\nana,Ana,,,,,\nbo,Bo\u0000Secret,,,,,\ncy,Cy,,,,,\ndee,Dee,,,,,\n`;
    const creditsCsv = `${CREDITS_HEADER}\ncy,Good Song,Someone,2024,,,\ncy,Bad\u0000Secret Song,Someone,2024,,,\nana,Fine,Someone,2024,,,\n`;
    const report = await importRoster(database, { tenantId, creatorsCsv, creditsCsv, actorLabel: 'test' });
    expect(report.problems.map(({ file, row, field, code }) => ({ file, row, field, code }))).toEqual([
      { file: 'creators.csv', row: 3, field: 'name', code: 'profiles.nul_byte' },
      { file: 'creators.csv', row: 4, field: 'handle', code: 'profiles.held_back' },
      { file: 'credits.csv', row: 3, field: 'title', code: 'profiles.nul_byte' },
    ]);
    expect(JSON.stringify(report)).not.toContain('Secret');
    expect(report).toMatchObject({ created: 2, heldBack: 1, creditsAdded: 1 });
    expect(await handlesOf(tenantId)).toEqual(['ana', 'dee']);
  });

  it('imports nothing from either file when one cannot be parsed, naming the row in words', async () => {
    const tenantId = await newTenant('unparsable');
    const creatorsCsv = `${CREATORS_HEADER}\nana,Ana,,,,,\nbo,Bo,,,,,\n`;
    const creditsCsv = `${CREDITS_HEADER}\nana,Song,Someone,2024,,,\nbo,A "quoted" Secret,Someone,2024,,,\n`;
    const report = await importRoster(database, { tenantId, creatorsCsv, creditsCsv, actorLabel: 'test' });
    expect(report.problems).toMatchObject([
      { file: 'credits.csv', row: 3, field: 'title', code: 'profiles.bad_csv' },
    ]);
    expect(report.problems[0]!.problem).toMatch(/double quote appears inside a cell/);
    expect(report.problems[0]!.problem).not.toContain('Secret');
    expect(report).toMatchObject({ created: 0, updated: 0 });
    expect(await handlesOf(tenantId)).toEqual([]);
  });

  it('a credits.csv that fails to parse past its first chunk: nothing imported, one problem, no creator held back', async () => {
    const tenantId = await newTenant('unparsable-late');
    const creatorsCsv = `${CREATORS_HEADER}\nana,Ana,,,,,\nbo,Bo,,,,,\ncy,Cy,,,,,\n`;
    // bo's bad year is read (first chunk) before the parser gives up on the quote, 100 KB further on.
    const padding = Array.from({ length: 3_000 }, (_, i) => `ana,Song number ${i},Someone,2024,,,`);
    const creditsCsv = `${CREDITS_HEADER}\nbo,Bad Year,Someone,19x5,,,\n${padding.join('\n')}\ncy,A "quoted" Secret,X,,,,\n`;
    const report = await importRoster(database, { tenantId, creatorsCsv, creditsCsv, actorLabel: 'test' });
    // The same answer whatever the chunking: the file's one problem, not the rows that happened to be read.
    expect(report.problems.map(({ file, row, field, code }) => ({ file, row, field, code }))).toEqual([
      { file: 'credits.csv', row: 3_003, field: 'title', code: 'profiles.bad_csv' },
    ]);
    expect(report.problemCount).toBe(1);
    expect(report).toMatchObject({ created: 0, heldBack: 0, rejectedFiles: ['credits.csv'] });
    expect(await handlesOf(tenantId)).toEqual([]);
  });

  it('a creators.csv that fails to parse: credits are not reported against creators it never read', async () => {
    const tenantId = await newTenant('unparsable-creators');
    const creatorsCsv = `${CREATORS_HEADER}\nana,Ana,,,,,\nbo,Bo "B" Secret,,,,,\ncy,Cy,,,,,\n`;
    const creditsCsv = `${CREDITS_HEADER}\nana,Song,Someone,2024,,,\ncy,Other,Someone,2024,,,\ncy,Bad,,,,,T-1\n`;
    const report = await importRoster(database, { tenantId, creatorsCsv, creditsCsv, actorLabel: 'test' });
    expect(report.problems.map(({ file, row, field, code }) => ({ file, row, field, code }))).toEqual([
      { file: 'creators.csv', row: 3, field: 'name', code: 'profiles.bad_csv' },
      { file: 'credits.csv', row: 4, field: 'iswc', code: 'profiles.bad_iswc' },
    ]);
    expect(report).toMatchObject({ created: 0, heldBack: 0, rejectedFiles: ['creators.csv'] });
    expect(await handlesOf(tenantId)).toEqual([]);
  });

  it('a file with a wrong header imports nothing from either file, and its problem is listed whatever the limit', async () => {
    const tenantId = await newTenant('bad-header');
    const rows = Array.from({ length: 10 }, (_, i) => `w${i},W${i},Mars/Base,,,,`);
    const report = await importRoster(database, {
      tenantId,
      creatorsCsv: `${CREATORS_HEADER}\nana,Ana,,,,,\n${rows.join('\n')}\n`,
      creditsCsv: 'handle,song\nana,Song\n',
      actorLabel: 'test',
      limits: { ...ROSTER_LIMITS, maxListedProblems: 3 },
    });
    expect(report.rejectedFiles).toEqual(['credits.csv']);
    expect(report.problemCount).toBe(11);
    expect(report.problems.map(({ file, row, code }) => [file, row, code])).toEqual([
      ['creators.csv', 3, 'profiles.bad_time_zone'],
      ['creators.csv', 4, 'profiles.bad_time_zone'],
      ['credits.csv', 1, 'profiles.bad_csv_header'],
    ]);
    expect(await handlesOf(tenantId)).toEqual([]);
  });

  it('refuses files past the limits before writing anything', async () => {
    const tenantId = await newTenant('limits');
    const { creatorsCsv, creditsCsv } = largeRosterCsv(30);
    const attempt = (limits: Partial<typeof ROSTER_LIMITS>) =>
      importRoster(database, {
        tenantId,
        creatorsCsv,
        creditsCsv,
        actorLabel: 'test',
        limits: { ...ROSTER_LIMITS, ...limits },
      }).catch((error: unknown) => error);
    const tooBig = await attempt({ maxFileBytes: 1_000 });
    expect(isAppError(tooBig) && tooBig.code).toBe('roster.file_too_large');
    expect((tooBig as Error).message).toMatch(/^creators\.csv: .* MB is over the .* MB limit; split it/);
    const tooManyCreators = await attempt({ maxCreatorRows: 29 });
    expect(isAppError(tooManyCreators) && tooManyCreators.code).toBe('roster.too_many_rows');
    expect((tooManyCreators as Error).message).toMatch(/^creators\.csv: more than 29 rows/);
    const tooManyCredits = await attempt({ maxCreditRows: 59 });
    expect((tooManyCredits as Error).message).toMatch(/^credits\.csv: more than 59 rows/);
    expect(await handlesOf(tenantId)).toEqual([]);
  });

  it('lists a bounded number of problems and counts them all', async () => {
    const tenantId = await newTenant('many-problems');
    const rows = Array.from({ length: 40 }, (_, i) => `w${i},W${i},Mars/Base,,,,`);
    const report = await importRoster(database, {
      tenantId,
      creatorsCsv: `${CREATORS_HEADER}\n${rows.join('\n')}\n`,
      actorLabel: 'test',
      limits: { ...ROSTER_LIMITS, maxListedProblems: 5 },
    });
    expect(report.problemCount).toBe(40);
    expect(report.problems.map((p) => p.row)).toEqual([2, 3, 4, 5, 6]);
  });

  it('stops between batches when aborted, with whole batches written; a re-run finishes the job', async () => {
    const tenantId = await newTenant('aborted');
    const size = BATCH_CREATORS + 20;
    const { creatorsCsv, creditsCsv } = largeRosterCsv(size);
    const abort = new AbortController();
    const stopped = await importRoster(database, {
      tenantId,
      creatorsCsv,
      creditsCsv,
      actorLabel: 'test',
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'writing') abort.abort();
      },
    }).catch((error: unknown) => error);
    expect(isAppError(stopped) && stopped.code).toBe('roster.interrupted');
    expect((stopped as Error).message).toBe(
      `The import was stopped: ${BATCH_CREATORS} of ${size} creators were written. Re-run it to finish — it is idempotent.`,
    );
    const written = await database.withTenant(tenantId, (tx) => tx.select().from(creators));
    expect(written).toHaveLength(BATCH_CREATORS);
    // Whole creators: every written creator has both of its credits (a work shared with a later creator too).
    const credits = await database.withTenant(tenantId, (tx) => tx.select().from(creatorCredits));
    expect(credits).toHaveLength(BATCH_CREATORS * 2);

    const audits = await database.withTenant(tenantId, (tx) => tx.select().from(auditEvents));
    expect(audits.filter((a) => a.action === 'roster.imported').map((a) => a.newValues)).toEqual([
      expect.objectContaining({ created: BATCH_CREATORS, isStoppedEarly: true }),
    ]);

    const rerun = await importRoster(database, { tenantId, creatorsCsv, creditsCsv, actorLabel: 'test' });
    expect(rerun).toMatchObject({ created: 20, unchanged: BATCH_CREATORS });
  });

  it('reports a batch the database refuses without the rows it carried', async () => {
    const tenantId = await newTenant('refused');
    let calls = 0;
    // The driver's own error quotes the statement's parameters; the import must not pass them on.
    const refusing: Database = {
      ...database,
      withTenant: (id, fn) =>
        ++calls === 2
          ? Promise.reject(
              Object.assign(new Error('Failed query: insert into "users" params: Secret Name'), {
                cause: { code: '22P05' },
              }),
            )
          : database.withTenant(id, fn),
    };
    const { creatorsCsv } = largeRosterCsv(3);
    const failure = await importRoster(refusing, { tenantId, creatorsCsv, actorLabel: 'test' }).catch(
      (error: unknown) => error,
    );
    expect(isAppError(failure) && failure.code).toBe('roster.write_failed');
    expect((failure as Error).message).toBe(
      'The database refused a batch of 3 creators (SQLSTATE 22P05): none of that batch was written; 0 of 3 creators were written before it. Re-run the import to finish — it is idempotent.',
    );
  });
});

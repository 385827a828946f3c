import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/commands/command.ts';
import { localHashedEmbedder, type PairAnswer, pairAnswerJson } from '../../core/matching/index.ts';
import { CREATORS_CSV, CREDITS_CSV } from '../../test/fixtures/matching-roster.ts';
import { commandsAs, resultOf } from '../../test/support/commands.ts';
import { serviceAvailable } from '../../test/support/services.ts';
import { openTestPglite, openTestPostgres } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import type { Database } from '../database.ts';
import { availabilityRules, creators } from '../schema/index.ts';
import { tenantMatchData } from './matching.repository.ts';
import {
  canUseVectorIndex,
  nearestExact,
  nearestNeighbours,
  type PairingDeskOptions,
  pairingDesk,
} from './pairing-desk.ts';
import { findActorByIdentity, insertUser } from './people.repository.ts';
import { importRoster } from './roster-import.ts';
import { databaseTenantDirectory } from './tenant-directory.ts';

const embedder = localHashedEmbedder();
const isPostgresUp = await serviceAvailable('postgres');
const handlesOf = (answer: PairAnswer) => answer.suggestions.map((s) => s.members.map((m) => m.handle));
const WEEK = { startMs: Date.parse('2026-11-23T00:00:00Z'), endMs: Date.parse('2026-11-30T00:00:00Z') };

/** A publisher admin of the tenant, as the console knows them, for the rule commands. */
async function insertAdmin(database: Database, tenantId: string): Promise<Actor> {
  return database.withTenant(tenantId, async (tx) => {
    await insertUser(tx, {
      tenantId,
      displayName: 'Pat Publisher',
      role: 'tenant_admin',
      identity: { platform: 'console', externalUserId: 'pat' },
    });
    return (await findActorByIdentity(tx, 'console', 'pat'))!;
  });
}

let tenants = 0;

/** A fresh tenant with the fixture roster, so suites sharing one database do not see each other's changes. */
async function setUp(database: Database): Promise<string> {
  tenants += 1;
  const tenantId = (
    await databaseTenantDirectory(database).create({ slug: `label-${tenants}`, name: 'Label' })
  ).id;
  await importRoster(database, {
    tenantId,
    creatorsCsv: CREATORS_CSV,
    creditsCsv: CREDITS_CSV,
    actorLabel: 'test',
    embedder,
  });
  // Everyone in Nashville is free weekday evenings (their time); Atlanta (gus) only on Saturdays.
  await database.withTenant(tenantId, async (tx) => {
    const rows = await tx.select().from(creators);
    await tx.insert(availabilityRules).values(
      rows.map((row) => ({
        tenantId,
        creatorId: row.id,
        rrule: row.handle === 'gus' ? 'FREQ=WEEKLY;BYDAY=SA' : 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
        startTime: '17:00',
        endTime: '21:00',
      })),
    );
  });
  return tenantId;
}

type Open = () => Promise<Database>;

function ruleSuite(name: string, open: Open, options: Pick<PairingDeskOptions, 'useVectorIndex'> = {}) {
  describe(`pairing rules through the database (${name})`, () => {
    let database: Database;
    let tenantId: string;
    beforeAll(async () => {
      database = await open();
      tenantId = await setUp(database);
    });
    const desk = (retrieval: 'auto' | 'index' | 'exact' = 'auto') =>
      pairingDesk(database, tenantId, { embedder, retrieval, vectorK: 5, ...options });

    it('suggests partners with reasons, and never the same creator twice', async () => {
      const answer = await desk().pair({ creators: ['ana'], k: 5 });
      expect(answer.mode).toBe('partners');
      expect(answer.suggestions.length).toBe(5);
      for (const s of answer.suggestions) {
        expect(s.members[0]!.handle).toBe('ana');
        expect(s.reasons.length).toBeGreaterThan(0);
        expect(s.score).toBeGreaterThanOrEqual(0);
      }
      // Diversity chooses which suggestions are shown; they are shown best first, in `pair --json` too.
      for (const query of [
        { creators: ['ana'], k: 5 },
        { creators: ['ana'], k: 9, size: 3 as const },
        { genres: ['pop'], k: 20 },
        { genres: ['alt-pop'], k: 20, size: 3 as const },
      ]) {
        const scores = pairAnswerJson(await desk().pair(query)).suggestions.map((s) => s.score);
        expect(scores.length).toBeGreaterThan(2);
        expect(scores).toEqual(scores.toSorted((a, b) => b - a));
      }
      // Same genres and influences with a complementary role lead; hal (metal drummer) comes last if at all.
      expect(['ben', 'ivy']).toContain(handlesOf(answer)[0]![1]);
      expect(handlesOf(answer).slice(0, 4).flat()).not.toContain('hal');
    });

    it('never shows a do-not-pair pair, in either direction, nor in trios, and refuses it as a group', async () => {
      const admin = await commandsAs(
        testRuntimeParts(database),
        tenantId,
        await insertAdmin(database, tenantId),
      );
      resultOf(await admin.run('donotpair.add', { creators: ['ben', 'ana'] }));
      for (const retrieval of ['index', 'exact'] as const) {
        expect(handlesOf(await desk(retrieval).pair({ creators: ['ana'], k: 9 })).flat()).not.toContain(
          'ben',
        );
        expect(handlesOf(await desk(retrieval).pair({ creators: ['ben'], k: 9 })).flat()).not.toContain(
          'ana',
        );
        for (const trio of handlesOf(await desk(retrieval).pair({ creators: ['ana'], size: 3, k: 10 })))
          expect(trio.includes('ana') && trio.includes('ben')).toBe(false);
        for (const trio of handlesOf(await desk(retrieval).pair({ creators: ['cy'], size: 3, k: 20 })))
          expect(trio.includes('ana') && trio.includes('ben')).toBe(false);
      }
      const query = await desk().pair({ genres: ['alt-pop'], size: 3, k: 30 });
      for (const group of handlesOf(query))
        expect(group.includes('ana') && group.includes('ben')).toBe(false);
      const fit = await desk().pair({ creators: ['ana', 'ben'] });
      expect(fit.suggestions[0]!.violations).toContain('matching.do_not_pair');
    });

    it('never shows an opted-out creator', async () => {
      await database.withTenant(tenantId, (tx) =>
        tx.update(creators).set({ isWritingOptIn: false }).where(eq(creators.handle, 'ivy')),
      );
      for (const anchor of ['ana', 'cy', 'gus']) {
        expect(handlesOf(await desk().pair({ creators: [anchor], k: 9 })).flat()).not.toContain('ivy');
        expect(handlesOf(await desk().pair({ creators: [anchor], k: 9, size: 3 })).flat()).not.toContain(
          'ivy',
        );
      }
      expect(handlesOf(await desk().pair({ genres: ['alt-pop'], k: 30 })).flat()).not.toContain('ivy');
      await expect(desk().pair({ creators: ['ivy'] })).rejects.toMatchObject({ code: 'matching.opted_out' });
    });

    it('keeps in-person suggestions inside the radius (pairwise and around the city)', async () => {
      const nearby = await desk().pair({ creators: ['ana'], k: 9, inPerson: { radiusKm: 50 } });
      expect(nearby.suggestions.length).toBeGreaterThan(0);
      for (const s of nearby.suggestions) for (const m of s.members) expect(m.city).toBe('Nashville');
      const trios = await desk().pair({ creators: ['cy'], k: 9, size: 3, inPerson: { radiusKm: 50 } });
      for (const s of trios.suggestions) for (const m of s.members) expect(m.city).toBe('Nashville');
      const wide = await desk().pair({ creators: ['ana'], k: 9, inPerson: { radiusKm: 500 } });
      expect(handlesOf(wide).flat()).toContain('gus'); // Atlanta, ~350 km
      const query = await desk().pair({
        genres: ['pop'],
        k: 20,
        inPerson: { near: 'Nashville', radiusKm: 50 },
      });
      for (const s of query.suggestions) for (const m of s.members) expect(m.city).toBe('Nashville');
    });

    it('gates by common free time when a window is given, and lists the windows', async () => {
      const answer = await desk().pair({ creators: ['ana'], k: 9, window: WEEK, minMinutes: 120 });
      expect(handlesOf(answer).flat()).not.toContain('gus'); // Saturdays only
      for (const s of answer.suggestions) {
        expect(s.windows.length).toBeGreaterThan(0);
        for (const w of s.windows) expect(w.endMs - w.startMs).toBeGreaterThanOrEqual(120 * 60_000);
      }
      expect(answer.suggestions[0]!.reasons.at(-1)).toMatch(/^free together /);
      const fit = await desk().pair({ creators: ['ana', 'gus'], window: WEEK });
      expect(fit.suggestions[0]!.violations).toEqual(['matching.no_common_time']);
      expect(
        (await desk().pair({ creators: ['ana', 'cy'], window: WEEK })).suggestions[0]!.windows,
      ).toHaveLength(5);
    });

    it('names an unknown creator', async () => {
      await expect(desk().pair({ creators: ['ghost'] })).rejects.toMatchObject({
        code: 'matching.unknown_creator',
        message: 'No creator with handle @ghost',
      });
    });
  });
}

// One database of each kind for the whole file, opened by the first suite that needs it.
let pgliteDatabase: Promise<Database> | undefined;
let serverDatabase: ReturnType<typeof openTestPostgres> | undefined;
let exactServerDatabase: ReturnType<typeof openTestPostgres> | undefined;
const pglite: Open = () => {
  pgliteDatabase ??= openTestPglite();
  return pgliteDatabase;
};
const server: Open = async () => {
  serverDatabase ??= openTestPostgres();
  return (await serverDatabase).database;
};
/** A server database where the extension is not created: the exact-scoring path, whatever the server has. */
const exactServer: Open = async () => {
  exactServerDatabase ??= openTestPostgres({ vector: false });
  return (await exactServerDatabase).database;
};
afterAll(async () => {
  await (await pgliteDatabase)?.close();
  await (await serverDatabase)?.drop();
  await (await exactServerDatabase)?.drop();
});

ruleSuite('PGlite, neighbours from pgvector HNSW', pglite);
ruleSuite('PGlite, the exact path forced', pglite, { useVectorIndex: false });

/**
 * The index path against the exact path on one database, whichever capability it has: with pgvector
 * the neighbours come from HNSW, without it from exact cosine; forced off, always exact. Both paths
 * must give the same top results.
 */
function pathSuite(name: string, open: Open) {
  it(`uses the vector index exactly where the database has it, and agrees with the exact path (${name})`, async () => {
    const database = await open();
    const tenantId = await setUp(database);
    const data = await tenantMatchData(database, tenantId, embedder.id);
    expect(data.hasStoredEmbeddings).toBe(true);
    expect(canUseVectorIndex(database, data, { embedder })).toBe(database.hasVector);
    expect(canUseVectorIndex(database, data, { embedder, useVectorIndex: false })).toBe(false);
    const anchors = ['ana', 'cy', 'dee', 'eve', 'hal'];
    await database.withTenant(tenantId, async (tx) => {
      const viaIndex = nearestNeighbours(tx, database, data, { embedder });
      const viaExact = nearestNeighbours(tx, database, data, { embedder, useVectorIndex: false });
      // Anchors whose 4th and 5th neighbours differ (eve and hal tie at cosine 0 with most).
      for (const anchor of ['ana', 'cy', 'dee']) {
        expect(await viaExact(anchor, 4)).toEqual(nearestExact(data, anchor, 4));
        expect(await viaIndex(anchor, 4)).toEqual(await viaExact(anchor, 4));
      }
    });
    const answers: string[][][] = [];
    for (const useVectorIndex of [true, false]) {
      const desk = pairingDesk(database, tenantId, {
        embedder,
        retrieval: 'index',
        vectorK: 4,
        useVectorIndex,
      });
      const perAnchor: string[][] = [];
      for (const anchor of anchors) {
        perAnchor.push(handlesOf(await desk.pair({ creators: [anchor], k: 3 })).map((h) => h[1]!));
      }
      answers.push(perAnchor);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toEqual(EXPECTED_TOP3);
  });
}

/** ana, cy, dee, eve, hal's top three partners, the same through every path on every database. */
const EXPECTED_TOP3 = [
  ['ivy', 'cy', 'gus'],
  ['jo', 'ana', 'gus'],
  ['ben', 'ivy', 'fox'],
  ['ben', 'ivy', 'fox'],
  ['gus', 'ana', 'ben'],
];

describe('nearest neighbours: pgvector HNSW where present, exact cosine otherwise', () => {
  pathSuite('PGlite', pglite);
});

describe.skipIf(!isPostgresUp)('on the PostgreSQL server', () => {
  ruleSuite('PostgreSQL server', server);
  ruleSuite('PostgreSQL server, the exact path forced', server, { useVectorIndex: false });
  pathSuite('PostgreSQL server', server);
  ruleSuite('PostgreSQL server without the vector extension', exactServer);
  pathSuite('PostgreSQL server without the vector extension', exactServer);
  it('has the HNSW index exactly where the database has the extension', async () => {
    for (const database of [await server(), await exactServer()]) {
      const rows = await database.withOwner((q) =>
        q.query<{ n: number }>(
          "select count(*)::int as n from pg_indexes where indexdef ilike '%using hnsw%vector_cosine_ops%'",
        ),
      );
      expect(rows[0]?.n).toBe(database.hasVector ? 1 : 0);
    }
  });
  it('creates no vector extension where the database switches it off', async () => {
    const database = await exactServer();
    expect(database.hasVector).toBe(false);
    const rows = await database.withOwner((q) =>
      q.query<{ n: number }>("select count(*)::int as n from pg_extension where extname = 'vector'"),
    );
    expect(rows[0]?.n).toBe(0);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import { serviceAvailable } from '../../test/support/services.ts';
import { openTestPostgres } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { creators } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { matchDataLoads, tenantMatchData } from './matching.repository.ts';

const isPostgresUp = await serviceAvailable('postgres');
const embedder = localHashedEmbedder();

/** Requests on several connections at once: on PGlite transactions take turns, so only the server shows this. */
describe.skipIf(!isPostgresUp)('the match cache under concurrent requests (PostgreSQL server)', () => {
  let server: Awaited<ReturnType<typeof openTestPostgres>>;
  let database: Database;
  let tenantId: string;

  beforeAll(async () => {
    server = await openTestPostgres();
    database = server.database;
    tenantId = (await seedTenant(database, { slug: 'flights', creatorCount: 40, seed: 5 })).tenant.id;
  });
  afterAll(() => server?.drop());

  it('loads a moved tenant once for all the requests that find it moved, and they all get that load', async () => {
    await tenantMatchData(database, tenantId, embedder.id);
    const [first] = await database.withTenant(tenantId, (tx) =>
      tx.select({ handle: creators.handle }).from(creators),
    );
    await database.withTenant(tenantId, (tx) =>
      tx.update(creators).set({ bio: 'Edited while busy' }).where(eq(creators.handle, first!.handle)),
    );
    const before = matchDataLoads(database);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => tenantMatchData(database, tenantId, embedder.id)),
    );
    expect(matchDataLoads(database) - before).toBe(1);
    expect(new Set(answers.map((data) => data.index)).size).toBe(1);
    expect(answers[0]!.index.profiles.get(first!.handle)?.bio).toBe('Edited while busy');
  });
});

import { describe, expect, it } from 'vitest';
import { localHashedEmbedder } from '../core/matching/index.ts';
import { serviceAvailable } from '../test/support/services.ts';
import { openTestPostgres, postgresAdmin } from '../test/support/test-databases.ts';
import { migrate } from './migrate.ts';
import { openDatabase } from './open-database.ts';
import { loadEmbeddings, nearestByIndex, refreshEmbeddings } from './repositories/embeddings.repository.ts';
import { seedTenant } from './seed.ts';

const isPostgresUp = await serviceAvailable('postgres');
const embedder = localHashedEmbedder();

describe.skipIf(!isPostgresUp)('pgvector arriving after the migrations ran', () => {
  it('is set up at the next start: the extension and the HNSW index, and nearest neighbours work', async () => {
    // Migrated on exact scoring, as a server without pgvector would be.
    const server = await openTestPostgres({ vector: false });
    const name = new URL(server.url).pathname.slice(1);
    try {
      const { tenant } = await seedTenant(server.database, { slug: 'later', creatorCount: 6, seed: 3 });
      await refreshEmbeddings(server.database, tenant.id, embedder);
      const catalog = async (database: typeof server.database) =>
        database.withOwner(async (q) => {
          const [row] = await q.query<{ extension: boolean; index: boolean }>(
            `select exists (select 1 from pg_extension where extname = 'vector') as extension,
              to_regclass('creator_embeddings_hnsw_256_idx') is not null as index`,
          );
          return row;
        });
      expect(await catalog(server.database)).toEqual({ extension: false, index: false });
      await server.database.close();

      // pgvector now allowed (installed on the server, or the operator's switch removed): a new start.
      await postgresAdmin(`alter database ${name} reset session_align.vector`);
      const database = await openDatabase({ kind: 'postgres', url: server.url, maxConnections: 3 });
      try {
        expect(database.hasVector).toBe(true);
        expect(await migrate(database)).toEqual([]);
        expect(await catalog(database)).toEqual({ extension: true, index: true });
        const vectors = await database.withTenant(tenant.id, (tx) =>
          loadEmbeddings(tx, embedder.id, { hasVector: true }),
        );
        expect(vectors.size).toBe(6);
        const [targetId, target] = [...vectors][0]!;
        const nearest = await database.withTenant(tenant.id, (tx) =>
          nearestByIndex(tx, embedder.id, target, 40),
        );
        expect(nearest[0]).toBe(targetId);
        // A second start finds everything in place and changes nothing.
        expect(await migrate(database)).toEqual([]);
        const indexes = await database.withOwner((q) =>
          q.query<{ n: number }>(
            "select count(*)::int as n from pg_indexes where tablename = 'creator_embeddings' and indexdef like '%hnsw%'",
          ),
        );
        expect(indexes).toEqual([{ n: 1 }]);
      } finally {
        await database.close();
      }
    } finally {
      await server.drop(); // its first connection pool is closed already; this drops the database
    }
  });
});

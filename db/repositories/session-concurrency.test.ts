import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../core/shared/app-error.ts';
import { serviceAvailable } from '../../test/support/services.ts';
import {
  at,
  hourMs,
  type SessionFixture,
  sessionFixture,
  start,
} from '../../test/support/session-fixture.ts';
import { openTestPostgres } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { sessions } from '../schema/index.ts';
import { sessionService } from './session-service.ts';

const isPostgresUp = await serviceAvailable('postgres');

/** Two connections of one pool propose at the same moment; the database lets exactly one win. */
describe.skipIf(!isPostgresUp)('booking races on the PostgreSQL server', () => {
  let server: Awaited<ReturnType<typeof openTestPostgres>>;
  let database: Database;
  let f: SessionFixture;

  beforeAll(async () => {
    server = await openTestPostgres();
    database = server.database;
    f = await sessionFixture(database);
  });
  afterAll(() => server?.drop());
  beforeEach(() => database.withTenant(f.tenantId, (tx) => tx.delete(sessions)));

  const range = (startsAtMs: number) => ({ startsAtMs, endsAtMs: startsAtMs + 2 * hourMs });

  async function race(
    first: Parameters<ReturnType<typeof sessionService>['propose']>[1],
    second: typeof first,
  ) {
    // Separate service instances: nothing shared in the process, only the database decides.
    const a = sessionService(database, f.tenantId, { clock: f.clock });
    const b = sessionService(database, f.tenantId, { clock: f.clock });
    return Promise.allSettled([a.propose(f.admin, first), b.propose(f.admin, second)]);
  }

  function expectOneWinner(results: PromiseSettledResult<unknown>[]) {
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [lost] = results.filter((r) => r.status === 'rejected');
    const reason = (lost as PromiseRejectedResult).reason;
    expect(isAppError(reason) && reason.code).toBe('sessions.conflict');
  }

  it('books a creator once when two proposals overlap', async () => {
    for (let round = 0; round < 5; round += 1) {
      await database.withTenant(f.tenantId, (tx) => tx.delete(sessions));
      expectOneWinner(
        await race(
          { handles: [at(f.ana), at(f.ben)], ...range(start) },
          { handles: [at(f.ana), at(f.cleo)], ...range(start + hourMs) },
        ),
      );
    }
  });

  it('books a room once when two proposals overlap', async () => {
    for (let round = 0; round < 5; round += 1) {
      await database.withTenant(f.tenantId, (tx) => tx.delete(sessions));
      expectOneWinner(
        await race(
          { handles: [at(f.ana), at(f.ben)], ...range(start), room: 'Studio A' },
          { handles: [at(f.cleo), at(f.dan)], ...range(start + 30 * 60_000), room: 'Studio A' },
        ),
      );
    }
  });

  it('turns a booking committed after its check (SQLSTATE 23P01) into a conflict answer', async () => {
    // Another connection books Ana and keeps its transaction open while we propose.
    const other = new pg.Client({ connectionString: server.url });
    await other.connect();
    try {
      await other.query('begin');
      const [row] = (
        await other.query(
          `insert into sessions (tenant_id, title, state, starts_at, ends_at, hold_expires_at)
           values ($1, 'Elsewhere', 'scheduled', $2, $3, null) returning id`,
          [f.tenantId, new Date(start), new Date(start + 2 * hourMs)],
        )
      ).rows;
      await other.query(
        `insert into session_bookings (tenant_id, session_id, user_id, during) values ($1, $2, $3, tstzrange($4, $5))`,
        [f.tenantId, row.id, f.ana.userId, new Date(start), new Date(start + 2 * hourMs)],
      );
      const proposal = sessionService(database, f.tenantId, { clock: f.clock }).propose(f.admin, {
        handles: [at(f.ana), at(f.ben)],
        ...range(start + hourMs),
      });
      const outcome = proposal.then(
        () => 'booked',
        (error: unknown) => (isAppError(error) ? error : Promise.reject(error)),
      );
      // Let the proposal pass its own check and wait on our uncommitted row, then commit.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('commit');
      const answer = await outcome;
      expect(answer).not.toBe('booked');
      expect(answer).toMatchObject({
        code: 'sessions.conflict',
        details: {
          conflicts: [expect.objectContaining({ resource: { kind: 'participant', userId: f.ana.userId } })],
        },
      });
    } finally {
      await other.end();
    }
  });
});

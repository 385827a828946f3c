import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatInstant } from '../../core/commands/definitions/session/session-args.ts';
import type { DispatchOutcome } from '../../core/commands/dispatch.ts';
import type { SessionView } from '../../core/sessions/session.store.ts';
import type { TimedOutcome } from '../../core/sessions/session-booking.ts';
import { commandsAs, errorOf, resultOf } from '../../test/support/commands.ts';
import { serviceAvailable } from '../../test/support/services.ts';
import {
  at,
  hourMs,
  type SessionFixture,
  sessionFixture,
  start,
  t0,
} from '../../test/support/session-fixture.ts';
import { openTestPostgres } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import type { Database } from '../database.ts';
import { sessionFeedback, sessions } from '../schema/index.ts';

const isPostgresUp = await serviceAvailable('postgres');

interface Proposal {
  creators: string[];
  startsAtMs: number;
  room?: string;
}

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

  /** A fresh runtime (its own unit of work): nothing shared in the process, only the database decides. */
  const adminCommands = () => commandsAs(testRuntimeParts(database, t0), f.tenantId, f.admin);

  const propose = (as: Awaited<ReturnType<typeof adminCommands>>, proposal: Proposal) =>
    as.run('session.propose', {
      creators: proposal.creators,
      startsAt: formatInstant(proposal.startsAtMs),
      durationMinutes: 120,
      ...(proposal.room ? { room: proposal.room } : {}),
    });

  const kindOf = (outcome: DispatchOutcome) => resultOf<{ outcome: TimedOutcome }>(outcome).outcome;

  async function race(first: Proposal, second: Proposal) {
    const [a, b] = await Promise.all([adminCommands(), adminCommands()]);
    return Promise.all([propose(a, first), propose(b, second)]);
  }

  function expectOneWinner(outcomes: DispatchOutcome[]) {
    const kinds = outcomes.map((outcome) => kindOf(outcome).kind);
    expect(kinds.toSorted()).toEqual(['conflict', 'done']);
  }

  it('books a creator once when two proposals overlap', async () => {
    for (let round = 0; round < 5; round += 1) {
      await database.withTenant(f.tenantId, (tx) => tx.delete(sessions));
      expectOneWinner(
        await race(
          { creators: [at(f.ana), at(f.ben)], startsAtMs: start },
          { creators: [at(f.ana), at(f.cleo)], startsAtMs: start + hourMs },
        ),
      );
    }
  });

  it('books a room once when two proposals overlap', async () => {
    for (let round = 0; round < 5; round += 1) {
      await database.withTenant(f.tenantId, (tx) => tx.delete(sessions));
      expectOneWinner(
        await race(
          { creators: [at(f.ana), at(f.ben)], startsAtMs: start, room: 'Studio A' },
          { creators: [at(f.cleo), at(f.dan)], startsAtMs: start + 30 * 60_000, room: 'Studio A' },
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
      const proposal = propose(await adminCommands(), {
        creators: [at(f.ana), at(f.ben)],
        startsAtMs: start + hourMs,
      });
      // Let the proposal pass its own check and wait on our uncommitted row, then commit.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('commit');
      const answer = kindOf(await proposal);
      expect(answer).toMatchObject({
        kind: 'conflict',
        conflict: {
          conflicts: [expect.objectContaining({ resource: { kind: 'participant', userId: f.ana.userId } })],
        },
      });
    } finally {
      await other.end();
    }
  });

  /** A done session of Ana and Ben; two of Ana's ratings for it sent at the same moment. */
  async function twoFeedbacksAtOnce(): Promise<DispatchOutcome[]> {
    const booked = kindOf(
      await propose(await adminCommands(), { creators: [at(f.ana), at(f.ben)], startsAtMs: start }),
    );
    if (booked.kind !== 'done') throw new Error(`not booked: ${JSON.stringify(booked)}`);
    const session = booked.view.shortId;
    for (const who of [f.ana, f.ben]) {
      const commands = await commandsAs(testRuntimeParts(database, t0), f.tenantId, who);
      resultOf<SessionView>(await commands.run('session.accept', { session }));
    }
    await database.withTenant(f.tenantId, (tx) => tx.update(sessions).set({ state: 'done' }));
    // Two presses of the rating buttons, each in its own runtime. Another connection holds inserts
    // back until both have checked for earlier feedback, so they always meet at the insert.
    const gate = new pg.Client({ connectionString: server.url });
    await gate.connect();
    try {
      await gate.query('begin');
      await gate.query('lock table session_feedback in share mode');
      const afterEnd = start + 3 * hourMs;
      const both = Promise.all(
        [5, 1].map(async (rating) =>
          (await commandsAs(testRuntimeParts(database, afterEnd), f.tenantId, f.ana)).run(
            'session.feedback',
            {
              session,
              rating,
              wouldWriteAgain: rating > 3,
            },
          ),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await gate.query('commit');
      return await both;
    } finally {
      await gate.end();
    }
  }

  it('keeps one feedback when two arrive at once', async () => {
    const outcomes = await twoFeedbacksAtOnce();
    const rows = await database.withTenant(f.tenantId, (tx) => tx.select().from(sessionFeedback));
    expect(rows).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.isError)).toHaveLength(1);
  });

  // The lead decides: the check-then-insert is not locked and the store does not turn the unique
  // violation into `sessions.feedback_not_allowed`, so the loser is answered as a bug (also before).
  it('answers the second of two simultaneous feedbacks with why, not as a bug', async () => {
    const [lost] = (await twoFeedbacksAtOnce()).filter((outcome) => outcome.isError);
    expect(lost!.bug).toBeUndefined();
    expect(errorOf(lost!)).toBe('Cannot give feedback: you already gave feedback for this session');
  });
});

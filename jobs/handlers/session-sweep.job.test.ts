import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../bots/console/render-text.ts';
import { type Notifier, recordingNotifier } from '../../core/ports/notifier.ts';
import type { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { sessionService } from '../../db/repositories/session-service.ts';
import {
  at,
  hourMs,
  type SessionFixture,
  sessionFixture,
  start,
  t0,
} from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { runSessionSweep } from './session-sweep.job.ts';

const minuteMs = 60_000;

async function scheduledSession(database: Database, f: SessionFixture) {
  const service = sessionService(database, f.tenantId, { clock: f.clock });
  const view = await service.propose(f.admin, {
    handles: [at(f.ana), at(f.ben)],
    startsAtMs: start,
    endsAtMs: start + 2 * hourMs,
    room: 'Studio A',
  });
  await service.answer(f.ana, view.shortId, 'accept');
  await service.answer(f.ben, view.shortId, 'accept');
  return view;
}

describe('session sweep', () => {
  let database: Database;
  let f: SessionFixture;
  beforeAll(async () => {
    database = await openTestPglite();
    f = await sessionFixture(database);
  });
  afterAll(() => database.close());

  it('sends each reminder and the feedback request once, however often it runs', async () => {
    const view = await scheduledSession(database, f);
    const notifier = recordingNotifier();
    const sweep = () => runSessionSweep(database, { notifier, clock: f.clock });

    f.clock.set(start - 23 * hourMs);
    expect((await sweep()).sent).toBe(2);
    expect((await sweep()).sent).toBe(0);
    f.clock.set(start - 30 * minuteMs);
    await sweep();
    await sweep();
    f.clock.set(start + 2 * hourMs + 31 * minuteMs);
    const last = await sweep();
    expect(last.transitions).toBe(1); // scheduled -> done
    await sweep();

    expect(notifier.attempts.toSorted()).toEqual(
      ['reminder_24h', 'reminder_1h', 'feedback_request']
        .flatMap((kind) => [f.ana.userId, f.ben.userId].map((u) => `${kind}:${view.session.id}:${u}`))
        .toSorted(),
    );
    expect((await sessionService(database, f.tenantId).show(f.admin, view.shortId)).session.state).toBe(
      'done',
    );
    const feedback = notifier.sent.find(
      (n) => n.dedupeKey.startsWith('feedback_request') && n.userId === f.ana.userId,
    )!;
    expect(renderText(feedback.message)).toContain(`[5 · again: /session feedback ${view.shortId} 5 yes]`);
    const reminder = notifier.sent.find((n) => n.dedupeKey.startsWith('reminder_1h'))!;
    // Everyone accepted: the reminder carries the precise address.
    expect(renderText(reminder.message)).toContain('2806 Azalea Pl');
  });

  it('expires a lapsed hold', async () => {
    f.clock.set(t0);
    const view = await sessionService(database, f.tenantId, { clock: f.clock }).propose(f.admin, {
      handles: [at(f.cleo), at(f.dan)],
      startsAtMs: start + 96 * hourMs,
      endsAtMs: start + 98 * hourMs,
    });
    f.clock.set(t0 + 49 * hourMs);
    await runSessionSweep(database, { notifier: recordingNotifier(), clock: f.clock });
    expect((await sessionService(database, f.tenantId).show(f.admin, view.shortId)).session.state).toBe(
      'expired',
    );
  });
});

describe('session sweep across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-sweep-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const open = async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: dir });
    await migrate(database);
    return database;
  };

  it('retries a notification claimed by a sweep that died before sending, exactly once', async () => {
    let database = await open();
    const f = await sessionFixture(database);
    await scheduledSession(database, f);

    // The first process claims both reminders and dies while sending (the notifier never delivers).
    const dying = recordingNotifier();
    dying.failNext(2, new Error('process killed'));
    f.clock.set(start - 2 * hourMs);
    expect(await runSessionSweep(database, { notifier: dying, clock: f.clock })).toMatchObject({
      sent: 0,
      failed: 2,
    });
    await database.close();

    // A new process on the same data: a fresh claim is left alone, a stale one is taken over.
    database = await open();
    const notifier = recordingNotifier();
    const sweep = (n: Notifier = notifier) => runSessionSweep(database, { notifier: n, clock: f.clock });
    f.clock.advance(minuteMs);
    expect((await sweep()).sent).toBe(0);
    f.clock.advance(5 * minuteMs);
    expect((await sweep()).sent).toBe(2);
    expect((await sweep()).sent).toBe(0);
    expect(notifier.attempts).toHaveLength(2);
    expect(notifier.sent.every((n) => n.dedupeKey.startsWith('reminder_24h'))).toBe(true);
    await database.close();
  }, 90_000); // Two on-disk PGlite start-ups (initdb once).
});

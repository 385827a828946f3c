import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../bots/console/render-text.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { formatInstant } from '../../core/commands/definitions/session/session-args.ts';
import { type Notifier, recordingNotifier } from '../../core/ports/notifier.ts';
import type { SessionView } from '../../core/sessions/session.store.ts';
import type { TimedOutcome } from '../../core/sessions/session-booking.ts';
import type { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { commandsAs, resultOf } from '../../test/support/commands.ts';
import {
  at,
  hourMs,
  type SessionFixture,
  sessionFixture,
  start,
  t0,
} from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { type TestRuntimeParts, testRuntimeParts } from '../../test/support/test-runtime.ts';
import { runSessionSweep } from './session-sweep.job.ts';

const registry = createCommandRegistry();

const minuteMs = 60_000;

/** A session proposed by the admin through the command layer; the view it booked. */
async function proposed(
  parts: TestRuntimeParts,
  f: SessionFixture,
  who: string[],
  startsAtMs: number,
  extra: Record<string, unknown> = {},
): Promise<SessionView> {
  const admin = await commandsAs(parts, f.tenantId, f.admin);
  const outcome = resultOf<{ outcome: TimedOutcome }>(
    await admin.run('session.propose', { creators: who, startsAt: formatInstant(startsAtMs), ...extra }),
  ).outcome;
  if (outcome.kind !== 'done') throw new Error(`not booked: ${JSON.stringify(outcome)}`);
  return outcome.view;
}

async function scheduledSession(parts: TestRuntimeParts, f: SessionFixture) {
  const view = await proposed(parts, f, [at(f.ana), at(f.ben)], start, { room: 'Studio A' });
  for (const who of [f.ana, f.ben]) {
    resultOf(
      await (await commandsAs(parts, f.tenantId, who)).run('session.accept', { session: view.shortId }),
    );
  }
  return view;
}

const stateOf = async (parts: TestRuntimeParts, f: SessionFixture, view: SessionView) =>
  resultOf<SessionView>(
    await (await commandsAs(parts, f.tenantId, f.admin)).run('session.show', { session: view.shortId }),
  ).session.state;

describe('session sweep', () => {
  let database: Database;
  let f: SessionFixture;
  let parts: TestRuntimeParts;
  beforeAll(async () => {
    database = await openTestPglite();
    f = await sessionFixture(database);
    parts = testRuntimeParts(database, t0);
  });
  afterAll(() => database.close());

  it('sends each reminder and the feedback request once, however often it runs', async () => {
    const view = await scheduledSession(parts, f);
    const notifier = recordingNotifier();
    const sweep = () =>
      runSessionSweep(database, { notifier, work: parts.work, registry, clock: parts.clock });

    parts.clock.set(start - 23 * hourMs);
    expect((await sweep()).sent).toBe(2);
    expect((await sweep()).sent).toBe(0);
    parts.clock.set(start - 30 * minuteMs);
    await sweep();
    await sweep();
    parts.clock.set(start + 2 * hourMs + 31 * minuteMs);
    const last = await sweep();
    expect(last.transitions).toBe(1); // scheduled -> done
    await sweep();

    expect(notifier.attempts.toSorted()).toEqual(
      ['reminder_24h', 'reminder_1h', 'feedback_request']
        .flatMap((kind) => [f.ana.userId, f.ben.userId].map((u) => `${kind}:${view.session.id}:${u}`))
        .toSorted(),
    );
    expect(await stateOf(parts, f, view)).toBe('done');
    const feedback = notifier.sent.find(
      (n) => n.dedupeKey.startsWith('feedback_request') && n.userId === f.ana.userId,
    )!;
    expect(renderText(feedback.message)).toContain(`/session feedback ${view.shortId} RATING yes|no "note"`);
    const reminder = notifier.sent.find((n) => n.dedupeKey.startsWith('reminder_1h'))!;
    // Everyone accepted: the reminder carries the precise address.
    expect(renderText(reminder.message)).toContain('2806 Azalea Pl');
  });

  it('expires a lapsed hold', async () => {
    parts.clock.set(t0);
    const view = await proposed(parts, f, [at(f.cleo), at(f.dan)], start + 96 * hourMs);
    parts.clock.set(t0 + 49 * hourMs);
    const report = await runSessionSweep(database, {
      notifier: recordingNotifier(),
      work: parts.work,
      registry,
      clock: parts.clock,
    });
    expect(report.transitions).toBe(1);
    expect(await stateOf(parts, f, view)).toBe('expired');
  });

  it('sends a feedback request whose buttons rate the session: a token each, the chat line beside it', async () => {
    parts.clock.set(t0);
    const view = await proposed(parts, f, [at(f.cleo), at(f.dan)], start + 120 * hourMs);
    for (const who of [f.cleo, f.dan]) {
      resultOf(
        await (await commandsAs(parts, f.tenantId, who)).run('session.accept', { session: view.shortId }),
      );
    }
    parts.clock.set(view.session.endsAtMs + 31 * minuteMs);
    const notifier = recordingNotifier();
    await runSessionSweep(database, { notifier, work: parts.work, registry, clock: parts.clock });
    const request = notifier.sent.find(
      (n) => n.dedupeKey === `feedback_request:${view.session.id}:${f.cleo.userId}`,
    )!;
    expect(renderText(request.message)).toContain(`[5 · again: /session feedback ${view.shortId} 5 yes]`);
    const buttons = request.message.blocks.flatMap((block) =>
      block.kind === 'actions' ? block.actions : [],
    );
    expect(buttons.map((button) => button.token)).toEqual([
      expect.stringMatching(/^sa1\./),
      expect.stringMatching(/^sa1\./),
      expect.stringMatching(/^sa1\./),
    ]);
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
    let parts = testRuntimeParts(database, t0);
    await scheduledSession(parts, f);

    // The first process claims both reminders and dies while sending (the notifier never delivers).
    const dying = recordingNotifier();
    dying.failNext(2, new Error('process killed'));
    const clock = parts.clock;
    clock.set(start - 2 * hourMs);
    expect(
      await runSessionSweep(database, { notifier: dying, work: parts.work, registry, clock }),
    ).toMatchObject({
      sent: 0,
      failed: 2,
    });
    await database.close();

    // A new process on the same data: a fresh claim is left alone, a stale one is taken over.
    database = await open();
    parts = testRuntimeParts(database, clock.nowMs());
    const notifier = recordingNotifier();
    const sweep = (n: Notifier = notifier) =>
      runSessionSweep(database, { notifier: n, work: parts.work, registry, clock: parts.clock });
    parts.clock.advance(minuteMs);
    expect((await sweep()).sent).toBe(0);
    parts.clock.advance(5 * minuteMs);
    expect((await sweep()).sent).toBe(2);
    expect((await sweep()).sent).toBe(0);
    expect(notifier.attempts).toHaveLength(2);
    expect(notifier.sent.every((n) => n.dedupeKey.startsWith('reminder_24h'))).toBe(true);
    await database.close();
  }, 90_000); // Two on-disk PGlite start-ups (initdb once).
});

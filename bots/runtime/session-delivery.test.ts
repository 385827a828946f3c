import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../core/commands/definitions/session/session-args.ts';
import { recordingNotifier } from '../../core/ports/notifier.ts';
import type { TimedOutcome } from '../../core/sessions/session-booking.ts';
import type { Database } from '../../db/database.ts';
import { commandsAs, resultOf } from '../../test/support/commands.ts';
import { at, type SessionFixture, sessionFixture, start, t0 } from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { type TestRuntimeParts, testRuntimeParts } from '../../test/support/test-runtime.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { inviteIdentityFor, mailerFor } from './session-delivery.ts';
import { startSessionSweeper } from './session-sweeper.ts';

describe('session delivery configuration', () => {
  it('scopes invite UIDs to the public host and sends from MAIL_FROM; e-mail only with SMTP_URL', () => {
    const plain = loadConfig({ PUBLIC_URL: 'https://align.acme.test' });
    expect(inviteIdentityFor(plain)).toEqual({
      uidDomain: 'align.acme.test',
      organizerEmail: 'sessions@align.acme.test',
    });
    expect(mailerFor(plain)).toBeUndefined();
    const smtp = loadConfig({
      SMTP_URL: 'smtp://127.0.0.1:2525',
      MAIL_FROM: 'Acme Sessions <book@acme.test>',
    });
    expect(inviteIdentityFor(smtp).organizerEmail).toBe('book@acme.test');
    expect(mailerFor(smtp)).toBeDefined();
  });

  it('names a bad SMTP_URL or MAIL_FROM without echoing it', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail', MAIL_FROM: 'nobody' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: 'http://secret@mail' })).toThrow(
      /SMTP_URL: expected an SMTP URL such as smtp:\/\/user:pass@mail\.example\.com:587$/,
    );
  });
});

describe('startSessionSweeper', () => {
  let database: Database;
  let f: SessionFixture;
  let parts: TestRuntimeParts;
  beforeAll(async () => {
    database = await openTestPglite();
    f = await sessionFixture(database);
    parts = testRuntimeParts(database, t0);
  });
  afterAll(() => database.close());

  it('sweeps at once on start and stops cleanly', async () => {
    const admin = await commandsAs(parts, f.tenantId, f.admin);
    const proposed = resultOf<{ outcome: TimedOutcome }>(
      await admin.run('session.propose', {
        creators: [at(f.ana), at(f.ben)],
        startsAt: formatInstant(start),
        durationMinutes: 2 * 60,
      }),
    ).outcome;
    if (proposed.kind !== 'done') throw new Error(`not booked: ${JSON.stringify(proposed)}`);
    for (const who of [f.ana, f.ben]) {
      const commands = await commandsAs(parts, f.tenantId, who);
      resultOf(await commands.run('session.accept', { session: proposed.view.shortId }));
    }
    parts.clock.set(start - 30 * 60_000);
    const notifier = recordingNotifier();
    const sweeper = startSessionSweeper(
      { database, clock: parts.clock, work: parts.work, logger: createLogger('silent') },
      { notifier, intervalMs: 3_600_000 },
    );
    await sweeper.stop();
    expect(notifier.sent.map((n) => n.dedupeKey.split(':')[0])).toEqual(['reminder_1h', 'reminder_1h']);
  });
});

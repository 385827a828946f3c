import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingNotifier } from '../../core/ports/notifier.ts';
import type { Database } from '../../db/database.ts';
import { sessionService } from '../../db/repositories/session-service.ts';
import {
  at,
  hourMs,
  type SessionFixture,
  sessionFixture,
  start,
} from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { inviteSettingsFor } from './session-delivery.ts';
import { startSessionSweeper } from './session-sweeper.ts';

describe('session delivery configuration', () => {
  it('scopes invite UIDs to the public host and sends from MAIL_FROM; e-mail only with SMTP_URL', () => {
    const plain = inviteSettingsFor(loadConfig({ PUBLIC_URL: 'https://align.acme.test' }));
    expect(plain).toMatchObject({ uidDomain: 'align.acme.test', organizerEmail: 'sessions@align.acme.test' });
    expect(plain.mailer).toBeUndefined();
    const smtp = inviteSettingsFor(
      loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Acme Sessions <book@acme.test>' }),
    );
    expect(smtp.organizerEmail).toBe('book@acme.test');
    expect(smtp.mailer).toBeDefined();
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
  beforeAll(async () => {
    database = await openTestPglite();
    f = await sessionFixture(database);
  });
  afterAll(() => database.close());

  it('sweeps at once on start and stops cleanly', async () => {
    const service = sessionService(database, f.tenantId, { clock: f.clock });
    const view = await service.propose(f.admin, {
      handles: [at(f.ana), at(f.ben)],
      startsAtMs: start,
      endsAtMs: start + 2 * hourMs,
    });
    await service.answer(f.ana, view.shortId, 'accept');
    await service.answer(f.ben, view.shortId, 'accept');
    f.clock.set(start - 30 * 60_000);
    const notifier = recordingNotifier();
    const sweeper = startSessionSweeper(
      { database, clock: f.clock, logger: createLogger('silent') },
      { notifier, intervalMs: 3_600_000 },
    );
    await sweeper.stop();
    expect(notifier.sent.map((n) => n.dedupeKey.split(':')[0])).toEqual(['reminder_1h', 'reminder_1h']);
  });
});

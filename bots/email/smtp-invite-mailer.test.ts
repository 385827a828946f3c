import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import ical from 'node-ical';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { formatInstant } from '../../core/commands/definitions/session/session-args.ts';
import { recordingNotifier } from '../../core/ports/notifier.ts';
import type { TimedOutcome } from '../../core/sessions/session-booking.ts';
import { memoryDeliveryLedger } from '../../core/surface/delivery-ledger.ts';
import type { Database } from '../../db/database.ts';
import { commandsAs, resultOf } from '../../test/support/commands.ts';
import { at, type SessionFixture, sessionFixture, start, t0 } from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { type TestRuntimeParts, testRuntimeParts } from '../../test/support/test-runtime.ts';
import { loadConfig } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { startOutboxSweeper } from '../runtime/outbox-sweeper.ts';
import { smtpInviteMailer } from './smtp-invite-mailer.ts';

interface Received {
  envelopeTo: string[];
  mail: ParsedMail;
}

/** A real SMTP server on loopback (the smtp-server library), keeping what it receives. */
async function startSmtpServer(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function calendarPart(mail: ParsedMail): string {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!part) throw new Error(`no text/calendar part in ${mail.subject}`);
  return part.content.toString('utf8');
}

function parseEvent(ics: string) {
  return Object.values(ical.sync.parseICS(ics)).find((item) => item?.type === 'VEVENT') as
    | { uid: string; sequence: string; method: string; status?: string }
    | undefined;
}

describe('calendar invites by e-mail', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let database: Database;
  let f: SessionFixture;
  let parts: TestRuntimeParts;
  const from = 'Sessions <sessions@acme.test>';

  beforeAll(async () => {
    smtp = await startSmtpServer();
    database = await openTestPglite();
    f = await sessionFixture(database);
    parts = testRuntimeParts(database, t0);
  });
  afterAll(async () => {
    await smtp.close();
    await database.close();
  });

  it('sends one invite per participant that a calendar parser reads, then the cancellation', async () => {
    const mailer = smtpInviteMailer({ url: smtp.url, from });
    // Invites go out when the outbox is delivered after each command, as the server does.
    const sweeper = startOutboxSweeper(
      {
        ...parts,
        logger: createLogger('silent'),
        mailer,
        config: loadConfig({ PUBLIC_URL: 'https://acme.test', MAIL_FROM: from }),
      },
      {
        notifier: recordingNotifier(),
        registry: createCommandRegistry(),
        deliveries: memoryDeliveryLedger(),
        pollMs: 3_600_000,
      },
    );
    const admin = await commandsAs(parts, f.tenantId, f.admin);
    const ana = await commandsAs(parts, f.tenantId, f.ana);
    const proposed = resultOf<{ outcome: TimedOutcome }>(
      await admin.run('session.propose', {
        creators: [at(f.ana), at(f.ben)],
        startsAt: formatInstant(start),
        durationMinutes: 120,
        room: 'Studio A',
        title: 'Alt-pop write',
      }),
    ).outcome;
    if (proposed.kind !== 'done') throw new Error(`not booked: ${JSON.stringify(proposed)}`);
    const { view } = proposed;
    await sweeper.drain();
    expect(smtp.received.flatMap((r) => r.envelopeTo).toSorted()).toEqual(
      ['creator0@sessions.example', 'creator1@sessions.example'].toSorted(),
    );
    const first = smtp.received[0]!.mail;
    expect(first.subject).toBe('Invitation: Alt-pop write (2030-03-03 15:00 UTC)');
    expect(first.from?.value).toEqual([{ name: 'Sessions', address: 'sessions@acme.test' }]);
    expect(first.text).toContain(`/session accept ${view.shortId}`);
    const invite = parseEvent(calendarPart(first));
    expect(invite).toMatchObject({ uid: `session-${view.session.id}@acme.test`, method: 'REQUEST' });
    expect(Number(invite?.sequence)).toBe(0);

    // An answer alone changes no SEQUENCE, so no new mail; a cancellation does.
    resultOf(await ana.run('session.accept', { session: view.shortId }));
    await sweeper.drain();
    const afterAnswer = smtp.received.length;
    expect(afterAnswer).toBe(2);
    resultOf(await admin.run('session.cancel', { session: view.shortId, reason: 'studio flooded' }));
    await sweeper.drain();
    await sweeper.stop();
    const cancellations = smtp.received.slice(afterAnswer);
    expect(cancellations).toHaveLength(2);
    const cancel = parseEvent(calendarPart(cancellations[0]!.mail));
    expect(cancel).toMatchObject({ uid: invite?.uid, method: 'CANCEL', status: 'CANCELLED' });
    expect(Number(cancel?.sequence)).toBeGreaterThan(0);
    expect(cancellations[0]!.mail.subject).toBe('Cancelled: Alt-pop write');
    mailer.close();
  });
});

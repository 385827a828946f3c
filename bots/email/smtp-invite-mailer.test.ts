import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import ical from 'node-ical';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  const from = 'Sessions <sessions@acme.test>';

  beforeAll(async () => {
    smtp = await startSmtpServer();
    database = await openTestPglite();
    f = await sessionFixture(database);
  });
  afterAll(async () => {
    await smtp.close();
    await database.close();
  });

  it('sends one invite per participant that a calendar parser reads, then the cancellation', async () => {
    const mailer = smtpInviteMailer({ url: smtp.url, from });
    const service = sessionService(database, f.tenantId, {
      clock: f.clock,
      invites: { uidDomain: 'acme.test', organizerEmail: 'sessions@acme.test', mailer },
    });
    const view = await service.propose(f.admin, {
      handles: [at(f.ana), at(f.ben)],
      startsAtMs: start,
      endsAtMs: start + 2 * hourMs,
      room: 'Studio A',
      title: 'Alt-pop write',
    });
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
    await service.answer(f.ana, view.shortId, 'accept');
    const afterAnswer = smtp.received.length;
    await service.cancel(f.admin, view.shortId, 'studio flooded');
    const cancellations = smtp.received.slice(afterAnswer);
    expect(cancellations).toHaveLength(2);
    const cancel = parseEvent(calendarPart(cancellations[0]!.mail));
    expect(cancel).toMatchObject({ uid: invite?.uid, method: 'CANCEL', status: 'CANCELLED' });
    expect(Number(cancel?.sequence)).toBeGreaterThan(0);
    expect(cancellations[0]!.mail.subject).toBe('Cancelled: Alt-pop write');
    mailer.close();
  });
});

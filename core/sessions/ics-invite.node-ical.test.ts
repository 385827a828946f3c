import ical from 'node-ical';
import { describe, expect, it } from 'vitest';
import { buildSessionInvite } from './ics-invite.ts';
import { endsAtMs, makeSession, nowMs, participant, sessionIn, startsAtMs } from './session.fixture.ts';

/** A second independent parser, so we are not only compatible with ical.js's leniencies. */
function parse(ics: string) {
  const event = Object.values(ical.sync.parseICS(ics)).find((component) => component?.type === 'VEVENT');
  if (event === undefined || event.type !== 'VEVENT') throw new Error('no VEVENT');
  return event;
}

const organizer = { name: 'Acme; "Publishing"', email: 'sessions@acme.test' };

describe('buildSessionInvite read by node-ical', () => {
  it('agrees on UID, SEQUENCE, METHOD, times and PARTSTAT', () => {
    const ics = buildSessionInvite({
      session: sessionIn('scheduled'),
      sequence: 7,
      dtstampMs: nowMs,
      uidDomain: 'd.example',
      organizer,
    });
    const event = parse(ics);
    expect(event.uid).toBe('session-sess-1@d.example');
    expect(Number(event.sequence)).toBe(7);
    expect(event.method).toBe('REQUEST');
    expect([event.start.getTime(), event.end?.getTime()]).toEqual([startsAtMs, endsAtMs]);
    const attendees = [event.attendee ?? []]
      .flat()
      .map((a) => (typeof a === 'string' ? [a] : [a.val, a.params.PARTSTAT]));
    expect(attendees).toEqual([
      ['mailto:ana@example.com', 'ACCEPTED'],
      ['mailto:ben@example.com', 'ACCEPTED'],
      ['mailto:cleo@example.com', 'NEEDS-ACTION'],
    ]);
  });

  it('unfolds long UTF-8 text and unescapes it', () => {
    const title = `Écriture 🎤 ${'Zoë, Ånnå; ñ\\ '.repeat(12)}👩‍🎤`;
    const session = makeSession({
      title,
      state: 'cancelled',
      participants: [participant('ana', 'declined')],
    });
    const event = parse(
      buildSessionInvite({ session, sequence: 1, dtstampMs: nowMs, uidDomain: 'd.example', organizer }),
    );
    expect(event.summary).toBe(title);
    expect([event.method, event.status]).toEqual(['CANCEL', 'CANCELLED']);
  });
});

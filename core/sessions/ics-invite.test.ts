import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  buildSessionInvite,
  type InviteOptions,
  inviteMethodFor,
  requiresSequenceBump,
  sessionUid,
} from './ics-invite.ts';
import { visibleLocation } from './location-visibility.ts';
import { endsAtMs, makeSession, nowMs, participant, sessionIn, startsAtMs } from './session.fixture.ts';

const organizer = { name: 'Acme Publishing, A&R', email: 'sessions@acme.test' };
const options = (overrides: Partial<InviteOptions> = {}): InviteOptions => ({
  session: sessionIn('scheduled'),
  sequence: 3,
  dtstampMs: nowMs,
  uidDomain: 'sessions.example.com',
  organizer,
  ...overrides,
});

/** Parsed by ical.js, an independent implementation, not by our own code. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = calendar.getFirstSubcomponent('vevent');
  if (event === null) throw new Error('no VEVENT');
  const value = (name: string) => event.getFirstPropertyValue(name);
  const time = (name: string) => (value(name) as ICAL.Time).toUnixTime() * 1000;
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: value('uid'),
    sequence: value('sequence'),
    status: value('status'),
    summary: value('summary'),
    description: value('description'),
    location: value('location'),
    dtstart: time('dtstart'),
    dtend: time('dtend'),
    isUtc: (value('dtstart') as ICAL.Time).zone?.tzid === 'UTC',
    organizer: [value('organizer'), event.getFirstProperty('organizer')?.getParameter('cn')],
    attendees: event
      .getAllProperties('attendee')
      .map((p) => [
        p.getFirstValue(),
        p.getParameter('cn'),
        p.getParameter('partstat'),
        p.getParameter('role'),
        p.getParameter('rsvp'),
      ]),
  };
}

describe('buildSessionInvite', () => {
  it('round-trips through ical.js', () => {
    const parsed = parse(buildSessionInvite(options()));
    expect(parsed).toEqual({
      method: 'REQUEST',
      uid: 'session-sess-1@sessions.example.com',
      sequence: 3,
      status: 'CONFIRMED',
      summary: 'Alt-pop write',
      description: null,
      location: 'Blackbird Studio A, 2806 Azalea Pl, Nashville, TN 37204',
      dtstart: startsAtMs,
      dtend: endsAtMs,
      isUtc: true,
      organizer: ['mailto:sessions@acme.test', 'Acme Publishing, A&R'],
      attendees: [
        ['mailto:ana@example.com', 'Ana', 'ACCEPTED', 'REQ-PARTICIPANT', 'TRUE'],
        ['mailto:ben@example.com', 'Ben', 'ACCEPTED', 'REQ-PARTICIPANT', 'TRUE'],
        ['mailto:cleo@example.com', 'Cleo', 'NEEDS-ACTION', 'OPT-PARTICIPANT', 'TRUE'],
      ],
    });
  });

  it('uses CRLF everywhere and starts/ends the calendar', () => {
    const ics = buildSessionInvite(options());
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(ics).toContain('\r\nDTSTART:20260310T150000Z\r\nDTEND:20260310T180000Z\r\n');
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED, same UID', () => {
    const parsed = parse(buildSessionInvite(options({ session: sessionIn('cancelled'), sequence: 4 })));
    expect([parsed.method, parsed.status, parsed.uid, parsed.sequence]).toEqual([
      'CANCEL',
      'CANCELLED',
      'session-sess-1@sessions.example.com',
      4,
    ]);
    expect(parsed.location).toBe('Nashville (address shared once everyone accepts)');
  });

  it('maps answers to PARTSTAT and shows only the city until everyone accepted', () => {
    const proposed = makeSession({
      participants: [
        participant('ana', 'accepted'),
        participant('ben', 'declined', false),
        participant('cleo', 'invited'),
      ],
    });
    const parsed = parse(buildSessionInvite(options({ session: proposed })));
    expect(parsed.attendees.map((a) => a[2])).toEqual(['ACCEPTED', 'DECLINED', 'NEEDS-ACTION']);
    expect([parsed.status, parsed.location]).toEqual([
      'TENTATIVE',
      'Nashville (address shared once everyone accepts)',
    ]);
  });

  it('escapes commas, semicolons, backslashes and newlines', () => {
    const title = 'Write; mix, master \\ repeat';
    const notes = 'Line one\nLine two; with, commas\r\nC:\\path';
    const ics = buildSessionInvite(options({ session: makeSession({ title, notes }) }));
    expect(ics).toContain('SUMMARY:Write\\; mix\\, master \\\\ repeat\r\n');
    const parsed = parse(ics);
    expect([parsed.summary, parsed.description]).toEqual([
      title,
      'Line one\nLine two; with, commas\nC:\\path',
    ]);
  });

  it('folds long UTF-8 lines at 75 octets without splitting characters', () => {
    const title = `🎸 Séance d'écriture avec Zoë, Chloé & Ånnå — ${'ñ🎹é'.repeat(30)} 👩‍👩‍👧‍👦 fin`;
    const name = `Renée-Éléonore ${'Ø'.repeat(60)}`;
    const session = makeSession({
      title,
      participants: [participant('ana', 'accepted', true, { displayName: name })],
    });
    const ics = buildSessionInvite(options({ session }));
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const encoder = new TextEncoder();
    for (const line of ics.split('\r\n')) {
      const bytes = encoder.encode(line);
      expect(bytes.length).toBeLessThanOrEqual(75);
      expect(decoder.decode(bytes)).toBe(line);
    }
    expect(ics).toMatch(/\r\n [^ ]/);
    const parsed = parse(ics);
    expect(parsed.summary).toBe(title);
    expect(parsed.attendees[0]?.[1]).toBe(name);
  });

  it('keeps hostile values on their own line', () => {
    const session = makeSession({
      participants: [
        participant('ana', 'accepted', true, {
          displayName: 'Ana "The Hook"\r\nX-EVIL:1',
          email: 'ana@example.com\r\nX-EVIL:2',
        }),
      ],
    });
    const ics = buildSessionInvite(options({ session }));
    expect(ics).not.toMatch(/\r\nX-EVIL/);
    expect(parse(ics).attendees[0]?.[1]).toBe("Ana 'The Hook' X-EVIL:1");
  });

  it('leaves out participants without email and refuses suggestions', () => {
    const session = makeSession({
      participants: [participant('ana', 'accepted', true, { email: null }), participant('ben', 'invited')],
    });
    expect(parse(buildSessionInvite(options({ session }))).attendees.map((a) => a[0])).toEqual([
      'mailto:ben@example.com',
    ]);
    expect(() => buildSessionInvite(options({ session: sessionIn('suggested') }))).toThrow(
      /no calendar invite/,
    );
  });
});

describe('sessionUid, inviteMethodFor, requiresSequenceBump', () => {
  it('derives a stable UID', () => {
    expect(sessionUid('abc', 'sessions.example.com')).toBe('session-abc@sessions.example.com');
  });

  it('picks the method from the state', () => {
    expect(inviteMethodFor(sessionIn('proposed'))).toBe('REQUEST');
    expect(inviteMethodFor(sessionIn('expired'))).toBe('CANCEL');
    expect(inviteMethodFor(sessionIn('suggested'))).toBeNull();
  });

  it('bumps for time, location reveal, status and attendees, not for answers', () => {
    const proposed = sessionIn('proposed');
    const answered = {
      ...proposed,
      participants: proposed.participants.map((p) => ({ ...p, state: 'declined' as const })),
    };
    expect(requiresSequenceBump(proposed, answered)).toBe(false);
    expect(requiresSequenceBump(proposed, { ...proposed, startsAtMs: startsAtMs + 1 })).toBe(true);
    expect(requiresSequenceBump(proposed, sessionIn('accepted'))).toBe(true);
    expect(requiresSequenceBump(sessionIn('accepted'), sessionIn('scheduled'))).toBe(true);
    expect(requiresSequenceBump(sessionIn('scheduled'), sessionIn('cancelled'))).toBe(true);
    expect(
      requiresSequenceBump(proposed, { ...proposed, participants: proposed.participants.slice(1) }),
    ).toBe(true);
  });
});

describe('visibleLocation', () => {
  it('is precise only once every required participant accepted', () => {
    expect(visibleLocation(sessionIn('proposed')).precision).toBe('coarse');
    expect(visibleLocation(sessionIn('accepted')).precision).toBe('precise');
    expect(visibleLocation(sessionIn('declined')).precision).toBe('coarse');
    const remote = makeSession({ location: { kind: 'remote', joinUrl: 'https://meet.example/x' } });
    expect(visibleLocation(remote).text).toBe('Online (link shared once everyone accepts)');
    expect(visibleLocation({ ...remote, state: 'scheduled' }).text).toBe('https://meet.example/x');
    expect(visibleLocation(makeSession({ location: { kind: 'tbd' } })).precision).toBe('none');
  });
});

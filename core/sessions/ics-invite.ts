import { AppError } from '../shared/app-error.ts';
import {
  contentLine,
  escapeText,
  formatUtcDateTime,
  joinLines,
  plainToken,
  quoteParam,
} from './ics-format.ts';
import { visibleLocation } from './location-visibility.ts';
import type { ParticipantState, Session } from './session.types.ts';

export type InviteMethod = 'REQUEST' | 'CANCEL';

export interface InviteOptions {
  session: Session;
  /** Defaults to `inviteMethodFor(session)`. */
  method?: InviteMethod;
  /** Kept by the caller and bumped when `requiresSequenceBump(before, after)` says so. */
  sequence: number;
  /** When this copy of the invite was made (the caller's clock). */
  dtstampMs: number;
  /** The domain the UID is scoped to, e.g. `sessions.example.com`. */
  uidDomain: string;
  organizer: { name: string; email: string };
  productId?: string;
}

const partstats: Record<ParticipantState, string> = {
  invited: 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
};

/** The same session always has the same UID, so calendars update the event instead of adding one. */
export function sessionUid(sessionId: string, uidDomain: string): string {
  return `session-${plainToken(sessionId)}@${plainToken(uidDomain)}`;
}

/** REQUEST while a session is live, CANCEL once it ended badly; nothing for suggestions or the past. */
export function inviteMethodFor(session: Session): InviteMethod | null {
  switch (session.state) {
    case 'proposed':
    case 'accepted':
    case 'scheduled':
      return 'REQUEST';
    case 'declined':
    case 'cancelled':
    case 'expired':
      return 'CANCEL';
    case 'suggested':
    case 'done':
      return null;
  }
}

function eventStatus(session: Session, method: InviteMethod): string {
  if (method === 'CANCEL') return 'CANCELLED';
  return session.state === 'scheduled' || session.state === 'done' ? 'CONFIRMED' : 'TENTATIVE';
}

/**
 * An RFC 5545 / RFC 5546 (iTIP) calendar with one VEVENT for the session: METHOD:REQUEST, or
 * METHOD:CANCEL with STATUS:CANCELLED. CRLF line endings, lines folded at 75 octets.
 * The location follows `visibleLocation`, so an address never leaks before everyone accepted.
 * Participants without an email are left out (an ATTENDEE needs a calendar address).
 *
 * @example
 * const ics = buildSessionInvite({ session, sequence: 2, dtstampMs: clock.nowMs(),
 *   uidDomain: 'sessions.example.com', organizer: { name: 'Acme Publishing', email: 'sessions@acme.test' } });
 */
export function buildSessionInvite(options: InviteOptions): string {
  const { session, organizer } = options;
  const method = options.method ?? inviteMethodFor(session);
  if (method === null) {
    throw new AppError('sessions.no_invite', `A ${session.state} session has no calendar invite`, {
      sessionId: session.id,
      state: session.state,
    });
  }
  if (!Number.isInteger(options.sequence) || options.sequence < 0) {
    throw new AppError(
      'sessions.bad_sequence',
      `SEQUENCE must be a non-negative integer, got ${options.sequence}`,
    );
  }
  const location = visibleLocation(session);
  const lines = [
    'BEGIN:VCALENDAR',
    contentLine('PRODID', options.productId ?? '-//Session Align//Sessions//EN'),
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    contentLine('UID', sessionUid(session.id, options.uidDomain)),
    `SEQUENCE:${options.sequence}`,
    `DTSTAMP:${formatUtcDateTime(options.dtstampMs)}`,
    `DTSTART:${formatUtcDateTime(session.startsAtMs)}`,
    `DTEND:${formatUtcDateTime(session.endsAtMs)}`,
    contentLine('SUMMARY', escapeText(session.title)),
    ...(session.notes.trim() === '' ? [] : [contentLine('DESCRIPTION', escapeText(session.notes))]),
    ...(location.precision === 'none' ? [] : [contentLine('LOCATION', escapeText(location.text))]),
    `STATUS:${eventStatus(session, method)}`,
    'TRANSP:OPAQUE',
    contentLine('ORGANIZER', `mailto:${plainToken(organizer.email)}`, { CN: quoteParam(organizer.name) }),
    ...session.participants.flatMap((participant) =>
      participant.email === null
        ? []
        : [
            contentLine('ATTENDEE', `mailto:${plainToken(participant.email)}`, {
              CN: quoteParam(participant.displayName),
              CUTYPE: 'INDIVIDUAL',
              ROLE: participant.isRequired ? 'REQ-PARTICIPANT' : 'OPT-PARTICIPANT',
              PARTSTAT: partstats[participant.state],
              RSVP: 'TRUE',
            }),
          ],
    ),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return joinLines(lines);
}

/**
 * Whether going from `before` to `after` changes what the invite says, so SEQUENCE must go up
 * (RFC 5546 2.1.4): time, title, description, visible location, status or method, and who is
 * invited. Answers alone (PARTSTAT) do not bump it; they are replies, not a new version.
 */
export function requiresSequenceBump(before: Session, after: Session): boolean {
  return inviteFingerprint(before) !== inviteFingerprint(after);
}

function inviteFingerprint(session: Session): string {
  const method = inviteMethodFor(session);
  return JSON.stringify([
    session.startsAtMs,
    session.endsAtMs,
    session.title,
    session.notes,
    visibleLocation(session).text,
    method,
    method === null ? null : eventStatus(session, method),
    session.participants.map((p) => [p.userId, p.email, p.isRequired]).toSorted(),
  ]);
}

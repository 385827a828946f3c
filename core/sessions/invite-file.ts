import type { InviteEmail } from '../ports/invite-mailer.ts';
import { buildSessionInvite, inviteMethodFor } from './ics-invite.ts';
import { visibleLocation } from './location-visibility.ts';
import type { SessionView } from './session.store.ts';

/** Where invites come from: the UID domain and the organizer address (from PUBLIC_URL and MAIL_FROM). */
export interface InviteIdentity {
  uidDomain: string;
  organizerEmail: string;
}

export const defaultInviteIdentity: InviteIdentity = {
  uidDomain: 'session-align.local',
  organizerEmail: 'sessions@session-align.local',
};

export interface SessionFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/** The ICS for a session as its participants get it; null for a suggestion or a finished session. */
export function inviteFile(
  view: SessionView,
  context: { tenantName: string; settings: InviteIdentity; nowMs: number },
): SessionFile | null {
  const method = inviteMethodFor(view.session);
  if (method === null) return null;
  const content = buildSessionInvite({
    session: view.session,
    method,
    sequence: view.icsSequence,
    dtstampMs: context.nowMs,
    uidDomain: context.settings.uidDomain,
    organizer: { name: context.tenantName, email: context.settings.organizerEmail },
  });
  return { fileName: `session-${view.shortId}.ics`, mimeType: 'text/calendar', content };
}

/**
 * The e-mails that carry a session's current invite to every participant with an address (a
 * declined participant gets no new REQUEST). Empty for a session without an invite.
 */
export function inviteEmails(
  view: SessionView,
  context: { tenantName: string; settings: InviteIdentity; nowMs: number },
): InviteEmail[] {
  const file = inviteFile(view, context);
  const method = inviteMethodFor(view.session);
  if (file === null || method === null) return [];
  const { session } = view;
  const when = new Date(session.startsAtMs).toISOString().replace('T', ' ').slice(0, 16);
  const subject =
    method === 'CANCEL' ? `Cancelled: ${session.title}` : `Invitation: ${session.title} (${when} UTC)`;
  const text = [
    session.title,
    `When: ${when} UTC`,
    `Where: ${visibleLocation(session).text}`,
    `Session ${view.shortId} — answer in chat with /session accept ${view.shortId}`,
  ].join('\n');
  return session.participants.flatMap((participant) =>
    participant.email === null || (method === 'REQUEST' && participant.state === 'declined')
      ? []
      : [
          {
            to: { name: participant.displayName, email: participant.email },
            subject,
            text,
            ics: file.content,
            method,
            fileName: file.fileName,
          },
        ],
  );
}

import type { SessionFile, SessionView } from '../../core/commands/session.services.ts';
import type { InviteMailer } from '../../core/ports/invite-mailer.ts';
import { buildSessionInvite, inviteMethodFor, visibleLocation } from '../../core/sessions/index.ts';

/** Where invites come from: the UID domain, the organizer, and the mailer when SMTP is configured. */
export interface InviteSettings {
  uidDomain: string;
  organizerEmail: string;
  mailer?: InviteMailer;
  /** Told about a failed email; the session change itself has already committed. */
  onError?: (error: unknown, context: { sessionId: string; to: string }) => void;
}

export const defaultInviteSettings: InviteSettings = {
  uidDomain: 'session-align.local',
  organizerEmail: 'sessions@session-align.local',
};

/** The ICS for a session as its participants get it; null for a suggestion or a finished session. */
export function inviteFile(
  view: SessionView,
  context: { tenantName: string; settings: InviteSettings; nowMs: number },
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
 * Emails the new version of an invite to every participant with an address, when it changed
 * (a new session, or a bumped SEQUENCE). Called after the transaction committed; a failed email is
 * reported, never undone into the session.
 */
export async function emailInviteIfChanged(
  before: SessionView | null,
  after: SessionView,
  context: { tenantName: string; settings: InviteSettings; nowMs: number },
): Promise<number> {
  const { mailer } = context.settings;
  if (!mailer) return 0;
  if (before !== null && before.icsSequence === after.icsSequence) return 0;
  const file = inviteFile(after, context);
  const method = inviteMethodFor(after.session);
  if (file === null || method === null) return 0;
  const when = new Date(after.session.startsAtMs).toISOString().replace('T', ' ').slice(0, 16);
  const subject =
    method === 'CANCEL'
      ? `Cancelled: ${after.session.title}`
      : `Invitation: ${after.session.title} (${when} UTC)`;
  const text = [
    `${after.session.title}`,
    `When: ${when} UTC`,
    `Where: ${visibleLocation(after.session).text}`,
    `Session ${after.shortId} — answer in chat with /session accept ${after.shortId}`,
  ].join('\n');
  let sent = 0;
  for (const participant of after.session.participants) {
    if (participant.email === null) continue;
    if (method === 'REQUEST' && participant.state === 'declined') continue;
    try {
      await mailer.sendInvite({
        to: { name: participant.displayName, email: participant.email },
        subject,
        text,
        ics: file.content,
        method,
        fileName: file.fileName,
      });
      sent += 1;
    } catch (error) {
      context.settings.onError?.(error, { sessionId: after.session.id, to: participant.email });
    }
  }
  return sent;
}

/** One calendar invite by email: the ICS goes as a text/calendar part that calendar clients act on. */
export interface InviteEmail {
  to: { name: string; email: string };
  subject: string;
  /** Plain-text body for people whose mail client shows no calendar card. */
  text: string;
  ics: string;
  method: 'REQUEST' | 'CANCEL';
  fileName: string;
}

/**
 * Sends calendar invites by email. Only present when SMTP is configured; without it invites are
 * delivered through the chat surface alone.
 *
 * @example
 * await mailer.sendInvite({ to: { name: 'Ana', email: 'ana@example.com' }, subject, text, ics, method: 'REQUEST', fileName: 'session.ics' });
 */
export interface InviteMailer {
  sendInvite(email: InviteEmail): Promise<void>;
}

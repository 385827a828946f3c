import nodemailer from 'nodemailer';
import type { InviteMailer } from '../../core/ports/invite-mailer.ts';

export interface SmtpInviteMailerOptions {
  /** `smtp://user:pass@host:587` or `smtps://…:465`; nodemailer's connection URL. */
  url: string;
  /** `Session Align <sessions@example.com>`. */
  from: string;
}

/**
 * Calendar invites over SMTP. The ICS goes as nodemailer's `icalEvent`: a `text/calendar;
 * method=REQUEST|CANCEL` alternative that Outlook, Gmail and Apple Mail turn into an invitation card,
 * plus the same file attached for clients that only show attachments.
 * https://nodemailer.com/message/calendar-events/
 *
 * @example
 * const mailer = smtpInviteMailer({ url: 'smtp://127.0.0.1:2525', from: 'Sessions <sessions@acme.test>' });
 */
export function smtpInviteMailer(options: SmtpInviteMailerOptions): InviteMailer & { close(): void } {
  const transport = nodemailer.createTransport(options.url);
  return {
    async sendInvite(email) {
      await transport.sendMail({
        from: options.from,
        to: { name: email.to.name, address: email.to.email },
        subject: email.subject,
        text: email.text,
        icalEvent: { method: email.method, filename: email.fileName, content: email.ics },
      });
    },
    close() {
      transport.close();
    },
  };
}

import type { InviteMailer } from '../../core/ports/invite-mailer.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import { defaultInviteIdentity, type InviteIdentity } from '../../core/sessions/invite-file.ts';
import { renderText } from '../console/render-text.ts';
import { smtpInviteMailer } from '../email/smtp-invite-mailer.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

/** `Name <address>` or a bare address -> the address. */
function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

const senderOf = (config: Config) => {
  const host = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).hostname : 'session-align.local';
  return { host, from: config.MAIL_FROM ?? `Session Align <sessions@${host}>` };
};

/** Where invites come from for this configuration: UIDs scoped to the public host, the organizer from MAIL_FROM. */
export function inviteIdentityFor(config: Config | undefined): InviteIdentity {
  if (!config) return defaultInviteIdentity;
  const { host, from } = senderOf(config);
  return { uidDomain: host, organizerEmail: addressOf(from) };
}

/** Invites by e-mail, only when SMTP_URL is set. */
export function mailerFor(config: Config): InviteMailer | undefined {
  return config.SMTP_URL
    ? smtpInviteMailer({ url: config.SMTP_URL, from: senderOf(config).from })
    : undefined;
}

/**
 * For people no surface reaches (console users in development): the message is logged by its dedupe
 * key, and at debug level also as the text the console would show (it holds user content).
 */
export function logNotifier(logger: Logger): Notifier {
  return {
    async notify(userId, message, { dedupeKey }) {
      logger.info({ userId, dedupeKey }, 'notification for someone no surface reaches');
      logger.debug({ userId, dedupeKey, text: renderText(message) }, 'notification text');
    },
  };
}

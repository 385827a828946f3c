import type { Notifier } from '../../core/ports/notifier.ts';
import type { InviteSettings } from '../../db/repositories/session-invites.ts';
import { renderText } from '../console/render-text.ts';
import { smtpInviteMailer } from '../email/smtp-invite-mailer.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

const cache = new WeakMap<Config, InviteSettings>();

/** `Name <address>` or a bare address -> the address. */
function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/**
 * How invites are made and sent for this configuration: UIDs scoped to the public host, the organizer
 * from MAIL_FROM, and e-mail only when SMTP_URL is set. One mailer per configuration.
 */
export function inviteSettingsFor(config: Config, logger?: Logger): InviteSettings {
  const cached = cache.get(config);
  if (cached) return cached;
  const host = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).hostname : 'session-align.local';
  const from = config.MAIL_FROM ?? `Session Align <sessions@${host}>`;
  const settings: InviteSettings = {
    uidDomain: host,
    organizerEmail: addressOf(from),
    ...(config.SMTP_URL ? { mailer: smtpInviteMailer({ url: config.SMTP_URL, from }) } : {}),
    onError: (error, context) =>
      logger?.warn({ err: error, ...context }, 'could not e-mail a calendar invite'),
  };
  cache.set(config, settings);
  return settings;
}

/**
 * Until each platform delivers direct messages itself, reminders are written to the log as the text
 * the console would show, with the dedupe key that makes a retry recognisable.
 */
export function logNotifier(logger: Logger): Notifier {
  return {
    async notify(userId, message, { dedupeKey }) {
      logger.info({ userId, dedupeKey, text: renderText(message) }, 'session notification');
    },
  };
}

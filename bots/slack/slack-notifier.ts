import { webApi } from '@slack/bolt';
import { and, eq } from 'drizzle-orm';
import type { Notifier } from '../../core/ports/notifier.ts';
import type { Database } from '../../db/database.ts';
import { identities, installations } from '../../db/schema/index.ts';
import type { SecretBox } from '../../db/secret-box.ts';
import { renderReply } from './blocks.ts';
import { DELIVERY_TTL_MS, type DeliveryLedger } from './deliveries.ts';
import { ENV_INSTALLER } from './slack-installations.ts';
import type { WebClientOptions } from './web-client.ts';

export interface SlackNotifierOptions {
  database: Database;
  secrets: SecretBox;
  clientOptions: WebClientOptions;
  deliveries: DeliveryLedger;
  singleWorkspaceBotToken?: string;
  /** Who gets the message when the person has no Slack identity (another surface, or the log). */
  fallback?: Notifier;
}

/**
 * The Notifier port over Slack DMs: reminders and feedback requests from the session sweep reach
 * people in the app's Messages tab. The dedupe key is claimed before sending, so a retried sweep
 * sends one copy; people without a Slack identity go to `fallback`.
 *
 * @example
 * startSessionSweeper(runtime, { notifier: slackNotifier({ database, secrets, clientOptions, deliveries }) });
 */
export function slackNotifier(options: SlackNotifierOptions): Notifier {
  return {
    async notify(userId, message, { dedupeKey }) {
      const target = await slackTarget(options, userId);
      if (!target) {
        await options.fallback?.notify(userId, message, { dedupeKey });
        return;
      }
      if (!(await options.deliveries.claim(`notify:${dedupeKey}`, DELIVERY_TTL_MS.event))) return;
      const rendered = renderReply(message);
      const client = new webApi.WebClient(target.botToken, options.clientOptions);
      await client.chat.postMessage({
        channel: target.slackUserId,
        text: rendered.text,
        blocks: rendered.blocks as never,
      });
    },
  };
}

async function slackTarget(
  options: SlackNotifierOptions,
  userId: string,
): Promise<{ slackUserId: string; botToken: string } | undefined> {
  const [row] = await options.database.withSystem((tx) =>
    tx
      .select({
        slackUserId: identities.externalUserId,
        installedBy: installations.installedBy,
        credentialsSealed: installations.credentialsSealed,
      })
      .from(identities)
      .innerJoin(
        installations,
        and(eq(installations.tenantId, identities.tenantId), eq(installations.platform, 'slack')),
      )
      .where(and(eq(identities.userId, userId), eq(identities.platform, 'slack')))
      .limit(1),
  );
  if (!row) return undefined;
  const botToken =
    row.installedBy === ENV_INSTALLER && options.singleWorkspaceBotToken
      ? options.singleWorkspaceBotToken
      : row.credentialsSealed
        ? (JSON.parse(options.secrets.open(row.credentialsSealed)) as { botToken?: string }).botToken
        : undefined;
  return botToken ? { slackUserId: row.slackUserId, botToken } : undefined;
}

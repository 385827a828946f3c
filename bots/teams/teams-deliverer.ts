import { Activity } from '@microsoft/agents-activity';
import type { CloudAdapter } from '@microsoft/agents-hosting';
import type { Reply } from '../../core/commands/reply.ts';
import type { ConversationRefStore, StoredConversationRef } from '../../core/surface/conversation-refs.ts';
import { type DeliveryLedger, sendOnce } from '../../core/surface/delivery-ledger.ts';
import type { IdentityStore } from '../../core/surface/identity.ts';
import type { SurfaceDeliverer } from '../../core/surface/notifier-router.ts';
import type { Logger } from '../runtime/logger.ts';
import { type CardRenderOptions, cardActivity, renderCard, summaryOf } from './adaptive-cards.ts';

/**
 * Teams' limits for one bot: 7 messages a second in one conversation and 50 a second across
 * a tenant, with 429s past them. We stay under both with room to spare, and back off (honouring
 * Retry-After, with jitter) on the answers Teams documents as transient.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit
 */
export const TEAMS_SEND_LIMITS = {
  perConversationIntervalMs: 1000,
  perTenantIntervalMs: 50,
  retryStatuses: [412, 429, 502, 504] as readonly number[],
  maxAttempts: 5,
  baseBackoffMs: 1000,
  maxBackoffMs: 30_000,
};

export interface TeamsSenderOptions {
  adapter: Pick<CloudAdapter, 'continueConversation'>;
  appId: string;
  refs: ConversationRefStore;
  logger: Logger;
  nowMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  limits?: Partial<typeof TEAMS_SEND_LIMITS>;
}

export type SendOutcome = 'sent' | 'unreachable';

interface HttpFailure {
  status?: number;
  response?: { headers?: Headers; data?: { error?: { code?: string } } };
}

/**
 * Proactive messages into stored personal chats: throttled per conversation and per tenant,
 * retried with backoff and jitter on 412/429/502/504 (Retry-After honoured), and on 403/404
 * ("bot not in conversation", "user blocked", "ConversationNotFound") the person is marked
 * unreachable and not tried again until they write to the bot.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
 */
export function teamsSender(options: TeamsSenderOptions) {
  const limits = { ...TEAMS_SEND_LIMITS, ...options.limits };
  const nowMs = options.nowMs ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const nextAt = new Map<string, number>();
  /** Waits for this key's next free slot and books the one after it. */
  async function slot(key: string, intervalMs: number) {
    const now = nowMs();
    const at = Math.max(now, nextAt.get(key) ?? 0);
    nextAt.set(key, at + intervalMs);
    if (at > now) await sleep(at - now);
  }

  async function post(ref: StoredConversationRef, activity: Record<string, unknown>): Promise<void> {
    let failure: unknown;
    await options.adapter.continueConversation(options.appId, ref.reference as never, async (context) => {
      try {
        // Straight to the conversation: the continuation's own id would make sendActivity a reply.
        const client = context.turnState.get(context.adapter.ConnectorClientKey) as {
          sendToConversation(conversationId: string, body: unknown): Promise<unknown>;
        };
        const reference = context.activity.getConversationReference();
        await client.sendToConversation(
          reference.conversation.id,
          Activity.fromObject({
            ...activity,
            channelId: reference.channelId,
            serviceUrl: reference.serviceUrl,
            conversation: reference.conversation,
            from: reference.agent,
            recipient: reference.user,
          }),
        );
      } catch (error) {
        // Caught here: the adapter would hand it to onTurnError and the caller would never know.
        failure = error;
      }
    });
    if (failure) throw failure;
  }

  return {
    async send(ref: StoredConversationRef, activity: Record<string, unknown>): Promise<SendOutcome> {
      const conversationId = String(
        (ref.reference.conversation as { id?: unknown } | undefined)?.id ?? ref.userId,
      );
      for (let attempt = 1; ; attempt += 1) {
        await slot(`tenant:${ref.tenantId}`, limits.perTenantIntervalMs);
        await slot(`conversation:${conversationId}`, limits.perConversationIntervalMs);
        try {
          await post(ref, activity);
          return 'sent';
        } catch (error) {
          const { status, response } = (error ?? {}) as HttpFailure;
          if (status === 403 || status === 404) {
            const code = response?.data?.error?.code ?? `HTTP ${status}`;
            await options.refs.markUnreachable(ref.tenantId, ref.userId, 'teams', code);
            options.logger.info(
              { userId: ref.userId, code },
              'teams user unreachable: not messaging them again',
            );
            return 'unreachable';
          }
          if (status === undefined || !limits.retryStatuses.includes(status) || attempt >= limits.maxAttempts)
            throw error;
          const retryAfterS = Number(response?.headers?.get?.('retry-after'));
          const backoffMs = Math.min(limits.maxBackoffMs, limits.baseBackoffMs * 2 ** (attempt - 1));
          const waitMs =
            Number.isFinite(retryAfterS) && retryAfterS >= 0
              ? Math.min(limits.maxBackoffMs, retryAfterS * 1000) + random() * 250
              : backoffMs / 2 + random() * (backoffMs / 2);
          options.logger.warn(
            { status, attempt, waitMs: Math.round(waitMs) },
            'teams send throttled: backing off',
          );
          await sleep(waitMs);
        }
      }
    },
  };
}

export type TeamsSender = ReturnType<typeof teamsSender>;

/**
 * Teams' deliverer for the notifier router: session changes, reminders and feedback requests reach
 * people in their personal chat with the bot, from the stored conversation reference; the dedupe
 * key is claimed first and given back when sending fails, so a resent event sends one copy.
 */
export function teamsDeliverer(options: {
  identities: Pick<IdentityStore, 'reach'>;
  refs: ConversationRefStore;
  sender: TeamsSender;
  deliveries: DeliveryLedger;
  cards?: CardRenderOptions;
}): SurfaceDeliverer {
  async function target(userId: string): Promise<StoredConversationRef | undefined> {
    const tenants = new Set((await options.identities.reach(userId, 'teams')).map((reach) => reach.tenantId));
    for (const tenantId of tenants) {
      const ref = await options.refs.find(tenantId, userId, 'teams');
      if (ref?.isReachable) return ref;
    }
    return undefined;
  }
  return {
    platform: 'teams',
    reaches: async (userId) => (await target(userId)) !== undefined,
    async notify(userId, message: Reply, { dedupeKey }) {
      const ref = await target(userId);
      if (!ref) return;
      await sendOnce(options.deliveries, 'notify', `teams:${dedupeKey}`, async () => {
        await options.sender.send(ref, cardActivity(renderCard(message, options.cards), summaryOf(message)));
      });
    },
  };
}

import { App, type webApi } from '@slack/bolt';
import type { CommandRegistry } from '../../core/commands/command-registry.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import type { DeliveryLedger } from '../../core/surface/delivery-ledger.ts';
import type { SurfaceDeliverer } from '../../core/surface/notifier-router.ts';
import type { Tenant } from '../../core/tenancy/tenant.ts';
import type { SurfaceKit } from '../runtime/surface-kit.ts';
import { ttlCache } from '../runtime/ttl-cache.ts';
import { DEFAULT_WORK_LIMITS, type WorkExecutor, workExecutor } from '../runtime/work-executor.ts';
import { boltLogger } from './bolt-logger.ts';
import { FetchReceiver } from './fetch-receiver.ts';
import { registerActionListeners } from './listeners/action.listener.ts';
import { registerCommandListener } from './listeners/command.listener.ts';
import { registerHomeListener } from './listeners/home.listener.ts';
import { registerMessageListeners } from './listeners/message.listener.ts';
import { registerViewListeners } from './listeners/view.listener.ts';
import { answerNotInstalled } from './not-installed.ts';
import { openSlackConversation, type SlackConversation, type SlackRuntime } from './slack-conversation.ts';
import { type SlackTenancy, type SlackTenancyOptions, slackTenancy } from './slack-installations.ts';
import { slackDeliverer } from './slack-notifier.ts';
import { slackProfile } from './slack-profile.ts';
import type { WebClientOptions } from './web-client.ts';

/**
 * Slack wants an ack within 3 s. We wait this long for the answer to go in the ack; past it we ack
 * "Working on it…" and answer through `response_url`, so every ack is quick whatever the command costs.
 */
export const DEFAULT_ACK_BUDGET_MS = 150;

export interface SlackAppOptions {
  runtime: SlackRuntime;
  /** Installations, identities, tenants and the delivery ledger (bots/runtime builds them). */
  kit: SurfaceKit;
  signingSecret: string;
  clientOptions: WebClientOptions;
  singleWorkspace?: SlackTenancyOptions['singleWorkspace'];
  /** Where a workspace that never installed is sent (`/slack/install`), when OAuth is configured. */
  installUrl?: string;
  registry?: CommandRegistry;
  /** How long a listener may work before acking and answering later through `response_url`. */
  ackBudgetMs?: number;
  /** Where work beyond the ack runs (bounded, a fair share per tenant); one per process, shared by surfaces. */
  executor?: WorkExecutor;
  nowMs?: () => number;
}

/** How long a tenant row is remembered between requests. */
export const TENANT_CACHE_MS = 5_000;

/** What every listener shares. */
export interface SlackListenerDeps {
  deliveries: DeliveryLedger;
  ackBudgetMs: number;
  executor: WorkExecutor;
  logger: SlackRuntime['logger'];
  /** The person behind a request, in the request's tenant (from `authorize`). */
  converse(
    context: Record<string, unknown>,
    slackUserId: string,
    client: webApi.WebClient,
  ): Promise<SlackConversation>;
}

/**
 * The Bolt app behind `POST /slack/events`: a FetchReceiver inside the Hono app, `authorize`
 * resolving the workspace to a tenant and bot token, and one listener per kind of request. What
 * stays here is Slack's: verify, decode (command, action, view, event -> command input), render
 * (Reply -> Block Kit, Form -> modal) and deliver; everything else is the shared command layer.
 *
 * @example
 * const slack = createSlackApp({ runtime, kit, signingSecret, clientOptions: slackClientOptions({ logger }) });
 * hono.post('/slack/events', (c) => slack.receiver.handle(c.req.raw));
 */
export function createSlackApp(options: SlackAppOptions): {
  app: App;
  receiver: FetchReceiver;
  executor: WorkExecutor;
  tenancy: SlackTenancy;
  deliverer: SurfaceDeliverer;
} {
  const { runtime, kit } = options;
  const receiver = new FetchReceiver({
    signingSecret: options.signingSecret,
    logger: runtime.logger,
    ...(options.nowMs ? { nowMs: options.nowMs } : {}),
  });
  const registry = options.registry ?? createCommandRegistry();
  const tenancy = slackTenancy({
    installations: kit.installations,
    tenants: kit.tenants,
    clientOptions: options.clientOptions,
    logger: runtime.logger,
    ...(options.singleWorkspace ? { singleWorkspace: options.singleWorkspace } : {}),
  });
  const app = new App({
    receiver,
    authorize: (source) => tenancy.authorize(source),
    clientOptions: options.clientOptions,
    logger: boltLogger(runtime.logger),
  });
  // Every request names its tenant; a burst from one workspace reads the row once (suspension and
  // settings are seen within TENANT_CACHE_MS, by the one request that starts the refresh within twice it).
  const tenantRows = ttlCache<Tenant>({ ttlMs: TENANT_CACHE_MS, maxEntries: 10_000 });
  const conversations = {
    ...runtime,
    kit: {
      identities: kit.identities,
      tenants: { findById: (id: string) => tenantRows.get(id, () => kit.tenants.findById(id)) },
    },
  };
  const executor = options.executor ?? workExecutor(DEFAULT_WORK_LIMITS);
  const deps: SlackListenerDeps = {
    deliveries: kit.deliveries,
    ackBudgetMs: options.ackBudgetMs ?? DEFAULT_ACK_BUDGET_MS,
    executor,
    logger: runtime.logger,
    converse: (context, slackUserId, client) =>
      openSlackConversation(conversations, registry, {
        tenantId: String(context.tenantId),
        workspaceId: String(context.workspaceId),
        slackUserId,
        lookupProfile: () => slackProfile(client, slackUserId),
      }),
  };
  // A workspace that never installed gets a plain answer and no tenant: no listener runs for it.
  app.use(async (args) => {
    if ((args.context as { isNotInstalled?: boolean }).isNotInstalled) {
      await answerNotInstalled(args, options.installUrl);
      return;
    }
    await args.next();
  });
  registerCommandListener(app, deps);
  registerActionListeners(app, deps);
  registerViewListeners(app, deps);
  registerHomeListener(app, deps);
  registerMessageListeners(app, deps);
  app.error(async (error) => {
    runtime.logger.error({ err: error }, 'slack listener error');
  });
  const deliverer = slackDeliverer({
    identities: kit.identities,
    installations: kit.installations,
    tenancy,
    clientOptions: options.clientOptions,
    deliveries: kit.deliveries,
  });
  return { app, receiver, executor, tenancy, deliverer };
}

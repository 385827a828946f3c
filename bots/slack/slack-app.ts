import { App, type webApi } from '@slack/bolt';
import { CommandRegistry } from '../../core/commands/command-registry.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import type { Reply } from '../../core/commands/reply.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import { type SurfaceKit, surfaceKitFor } from '../runtime/surface-kit.ts';
import { boltLogger } from './bolt-logger.ts';
import { type DeliveryLedger, databaseDeliveryLedger } from './deliveries.ts';
import { FetchReceiver } from './fetch-receiver.ts';
import { registerActionListeners } from './listeners/action.listener.ts';
import { registerCommandListener } from './listeners/command.listener.ts';
import { registerHomeListener } from './listeners/home.listener.ts';
import { registerViewListeners } from './listeners/view.listener.ts';
import { answerNotInstalled } from './not-installed.ts';
import { promoteCommand } from './promote.command.ts';
import { fanOutSessionChange } from './session-fanout.ts';
import { openSlackConversation, type SlackConversation, type SlackRuntime } from './slack-conversation.ts';
import { type SlackTenancy, type SlackTenancyOptions, slackTenancy } from './slack-installations.ts';
import { slackNotifier } from './slack-notifier.ts';
import { slackProfile } from './slack-profile.ts';
import type { WebClientOptions } from './web-client.ts';

/** Slack wants an answer within 3 s; we answer inline when the command is done well before that. */
export const DEFAULT_ACK_BUDGET_MS = 2000;

export interface SlackAppOptions {
  runtime: SlackRuntime;
  signingSecret: string;
  clientOptions: WebClientOptions;
  singleWorkspace?: SlackTenancyOptions['singleWorkspace'];
  /** Installations, identities and tenants; built from the runtime's database when absent. */
  kit?: SurfaceKit;
  /** Where a workspace that never installed is sent (`/slack/install`), when OAuth is configured. */
  installUrl?: string;
  /** Who gets a message for someone without a reachable Slack identity. */
  fallbackNotifier?: Notifier;
  registry?: CommandRegistry;
  deliveries?: DeliveryLedger;
  /** How long a listener may work before acking and answering later through `response_url`. */
  ackBudgetMs?: number;
  nowMs?: () => number;
}

/** What every listener shares. */
export interface SlackListenerDeps {
  deliveries: DeliveryLedger;
  ackBudgetMs: number;
  logger: SlackRuntime['logger'];
  database: SlackRuntime['database'];
  /** Follow-ups after a command ran (session change DMs). Never throws. */
  afterCommand(
    conversation: SlackConversation,
    line: string,
    answer: Reply,
    client: webApi.WebClient,
  ): Promise<void>;
  /** DMs to people through their own workspace's installation. */
  notifier: Notifier;
  /** The person behind a request, in the request's tenant (from `authorize`). */
  converse(
    context: Record<string, unknown>,
    slackUserId: string,
    client: webApi.WebClient,
  ): Promise<SlackConversation>;
}

/**
 * The Bolt app behind `POST /slack/events`: a FetchReceiver inside the Hono app, `authorize`
 * resolving the workspace to a tenant and bot token, and one listener per kind of request, all
 * of them routing into the shared command layer.
 *
 * @example
 * const slack = createSlackApp({ runtime, signingSecret, clientOptions: slackClientOptions({ logger }) });
 * hono.post('/slack/events', (c) => slack.receiver.handle(c.req.raw));
 */
export function createSlackApp(options: SlackAppOptions): {
  app: App;
  receiver: FetchReceiver;
  tenancy: SlackTenancy;
  notifier: Notifier;
} {
  const { runtime } = options;
  const kit = options.kit ?? surfaceKitFor(runtime);
  const tenancy = slackTenancy({
    installations: kit.installations,
    tenants: kit.tenants,
    clientOptions: options.clientOptions,
    logger: runtime.logger,
    ...(options.singleWorkspace ? { singleWorkspace: options.singleWorkspace } : {}),
  });
  const receiver = new FetchReceiver({
    signingSecret: options.signingSecret,
    logger: runtime.logger,
    ...(options.nowMs ? { nowMs: options.nowMs } : {}),
  });
  const base = options.registry ?? createCommandRegistry();
  // Role changes are a Slack-side admin tool until the core grows a people service.
  const registry = base.find('promote')
    ? base
    : new CommandRegistry([...base.list(), promoteCommand(runtime.database)]);
  const app = new App({
    receiver,
    authorize: (source) => tenancy.authorize(source),
    clientOptions: options.clientOptions,
    logger: boltLogger(runtime.logger),
  });
  const deliveries = options.deliveries ?? databaseDeliveryLedger(runtime.database);
  const notifier = slackNotifier({
    identities: kit.identities,
    installations: kit.installations,
    tenancy,
    clientOptions: options.clientOptions,
    deliveries,
    ...(options.fallbackNotifier ? { fallback: options.fallbackNotifier } : {}),
  });
  const conversations = { ...runtime, kit };
  const deps: SlackListenerDeps = {
    deliveries,
    notifier,
    async afterCommand(conversation, line, answer, client) {
      try {
        await fanOutSessionChange(
          { runtime: conversations, registry, notifier },
          conversation,
          line,
          answer,
          client,
        );
      } catch (error) {
        runtime.logger.warn({ err: error }, 'could not DM the people in a session');
      }
    },
    ackBudgetMs: options.ackBudgetMs ?? DEFAULT_ACK_BUDGET_MS,
    logger: runtime.logger,
    database: runtime.database,
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
  app.error(async (error) => {
    runtime.logger.error({ err: error }, 'slack listener error');
  });
  return { app, receiver, tenancy, notifier };
}

import type { Config } from '../runtime/config.ts';
import type { SurfaceKit } from '../runtime/surface-kit.ts';
import type { WorkExecutor } from '../runtime/work-executor.ts';
import type { SlackRuntime } from './slack-conversation.ts';
import { createSlackSurface, type SlackSurface } from './slack-routes.ts';
import { slackClientOptions } from './web-client.ts';

/**
 * The Slack surface as configured by the environment, or undefined when SLACK_SIGNING_SECRET is
 * not set. SLACK_BOT_TOKEN serves one workspace bound to SLACK_TENANT; SLACK_CLIENT_ID and
 * SLACK_CLIENT_SECRET enable the OAuth install of any number of workspaces. Both may be on.
 */
export function slackSurfaceFromConfig(
  config: Config,
  runtime: SlackRuntime,
  options: { publicUrl: string; kit: SurfaceKit; executor?: WorkExecutor },
): SlackSurface | undefined {
  if (!config.SLACK_SIGNING_SECRET) return undefined;
  const clientOptions = slackClientOptions({
    logger: runtime.logger,
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
  });
  const singleWorkspace = config.SLACK_BOT_TOKEN
    ? { botToken: config.SLACK_BOT_TOKEN, tenantSlug: config.SLACK_TENANT }
    : undefined;
  const surface = createSlackSurface({
    runtime,
    signingSecret: config.SLACK_SIGNING_SECRET,
    clientOptions,
    kit: options.kit,
    ackBudgetMs: config.SLACK_ACK_BUDGET_MS,
    ...(options.executor ? { executor: options.executor } : {}),
    ...(singleWorkspace ? { singleWorkspace } : {}),
    ...(config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET
      ? {
          oauth: {
            clientId: config.SLACK_CLIENT_ID,
            clientSecret: config.SLACK_CLIENT_SECRET,
            redirectUri: `${options.publicUrl}/slack/oauth_redirect`,
          },
        }
      : {}),
  });
  return surface;
}

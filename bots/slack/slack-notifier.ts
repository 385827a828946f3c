import { webApi } from '@slack/bolt';
import type { Notifier } from '../../core/ports/notifier.ts';
import type { IdentityStore } from '../../core/surface/identity.ts';
import type { Installation, InstallationStore } from '../../core/surface/installations.ts';
import { renderReply } from './blocks.ts';
import { DELIVERY_TTL_MS, type DeliveryLedger } from './deliveries.ts';
import type { SlackTenancy } from './slack-installations.ts';
import type { WebClientOptions } from './web-client.ts';

export interface SlackNotifierOptions {
  identities: Pick<IdentityStore, 'reach'>;
  installations: InstallationStore;
  tenancy: Pick<SlackTenancy, 'tokenOf'>;
  clientOptions: WebClientOptions;
  deliveries: DeliveryLedger;
  /** Who gets the message when the person has no Slack identity (another surface, or the log). */
  fallback?: Notifier;
}

/**
 * The Notifier port over Slack DMs: reminders and feedback requests from the session sweep reach
 * people in the app's Messages tab, through the installation of the workspace their Slack identity
 * came from. The dedupe key is claimed before sending, so a retried sweep sends one copy; people
 * without a reachable Slack identity go to `fallback`.
 *
 * @example
 * startSessionSweeper(runtime, { notifier: slackNotifier({ identities, installations, tenancy, clientOptions, deliveries }) });
 */
export function slackNotifier(options: SlackNotifierOptions): Notifier {
  async function installationOf(reach: { tenantId: string; workspaceId: string | null }) {
    if (reach.workspaceId) {
      const found = await options.installations.find('slack', reach.workspaceId);
      return found?.tenantId === reach.tenantId ? found : undefined;
    }
    // Identities recorded before workspaces were: only unambiguous when the tenant has one workspace.
    const all = await options.installations.listForTenant(reach.tenantId, 'slack');
    return all.length === 1 ? all[0] : undefined;
  }

  async function target(userId: string): Promise<{ slackUserId: string; botToken: string } | undefined> {
    for (const reach of await options.identities.reach(userId, 'slack')) {
      const installation: Installation | undefined = await installationOf(reach);
      const botToken = installation && options.tenancy.tokenOf(installation);
      if (botToken) return { slackUserId: reach.externalUserId, botToken };
    }
    return undefined;
  }

  return {
    async notify(userId, message, { dedupeKey }) {
      const to = await target(userId);
      if (!to) {
        await options.fallback?.notify(userId, message, { dedupeKey });
        return;
      }
      if (!(await options.deliveries.claim(`notify:${dedupeKey}`, DELIVERY_TTL_MS.event))) return;
      const rendered = renderReply(message);
      await new webApi.WebClient(to.botToken, options.clientOptions).chat.postMessage({
        channel: to.slackUserId,
        text: rendered.text,
        blocks: rendered.blocks as never,
      });
    },
  };
}

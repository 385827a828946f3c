import { webApi } from '@slack/bolt';
import { type DeliveryLedger, sendOnce } from '../../core/surface/delivery-ledger.ts';
import type { IdentityStore } from '../../core/surface/identity.ts';
import type { Installation, InstallationStore } from '../../core/surface/installations.ts';
import type { SurfaceDeliverer } from '../../core/surface/notifier-router.ts';
import { renderReply } from './blocks.ts';
import { postRendered } from './post-message.ts';
import { sendReplyFiles } from './slack-files.ts';
import type { SlackTenancy } from './slack-installations.ts';
import type { WebClientOptions } from './web-client.ts';

export interface SlackNotifierOptions {
  identities: Pick<IdentityStore, 'reach'>;
  installations: InstallationStore;
  tenancy: Pick<SlackTenancy, 'tokenOf'>;
  clientOptions: WebClientOptions;
  deliveries: DeliveryLedger;
}

/**
 * Slack's deliverer for the notifier router: session changes, reminders and feedback requests reach
 * people in the app's Messages tab, through the installation of the workspace their Slack identity
 * came from. The dedupe key is claimed before sending (and given back when Slack refuses), so a
 * resent event sends one copy and a failed send is retried.
 *
 * @example
 * notifierRouter([slackDeliverer({ identities, installations, tenancy, clientOptions, deliveries })], logNotifier(logger));
 */
export function slackDeliverer(options: SlackNotifierOptions): SurfaceDeliverer {
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
    platform: 'slack',
    reaches: async (userId) => (await target(userId)) !== undefined,
    async notify(userId, message, { dedupeKey }) {
      const to = await target(userId);
      if (!to) return;
      const rendered = renderReply(message);
      const client = new webApi.WebClient(to.botToken, options.clientOptions);
      await sendOnce(options.deliveries, 'notify', `slack:${dedupeKey}`, async () => {
        await postRendered(client, rendered, { channel: to.slackUserId });
      });
      // Files (a session's invite) have their own key: a failed upload retries without a second message.
      if (message.files?.length) {
        await sendOnce(options.deliveries, 'notify', `slack:${dedupeKey}:files`, () =>
          sendReplyFiles(client, to.slackUserId, message),
        );
      }
    },
  };
}

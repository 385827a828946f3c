import type { App } from '@slack/bolt';
import { DELIVERY_TTL_MS } from '../../../core/surface/delivery-ledger.ts';
import { isBusyError } from '../../runtime/work-executor.ts';
import { homeView } from '../home.ts';
import type { SlackListenerDeps } from '../slack-app.ts';

/**
 * `app_home_opened` -> `views.publish` of the person's Home tab, in the executor (Bolt has acked the
 * event already). Retried deliveries publish once; when the server is too busy the tab keeps what
 * it showed last time.
 */
export function registerHomeListener(app: App, deps: SlackListenerDeps): void {
  app.event('app_home_opened', async ({ event, body, client, context }) => {
    if (event.tab !== 'home') return;
    await deps.executor
      .run(String(context.tenantId), async () => {
        if (!(await deps.deliveries.claim('slack', `event:${body.event_id}`, DELIVERY_TTL_MS.event))) return;
        const conversation = await deps.converse(context, event.user, client);
        await client.views.publish({ user_id: event.user, view: (await homeView(conversation)) as never });
      })
      .catch((error: unknown) => {
        if (!isBusyError(error)) throw error;
        deps.logger.warn({ reason: error.reason }, 'app home not refreshed: busy');
      });
  });
}

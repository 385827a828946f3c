import type { App, BlockAction, webApi } from '@slack/bolt';
import { ACTION_ID_PREFIX, renderReply } from '../blocks.ts';
import { DELIVERY_TTL_MS } from '../deliveries.ts';
import { homeView } from '../home.ts';
import { openModal } from '../open-modal.ts';
import type { SlackListenerDeps } from '../slack-app.ts';
import { errorReply } from '../slack-conversation.ts';
import { messageResponse } from '../slack-responses.ts';
import { modalFor } from '../slash-commands.ts';

const ACTION_ID = new RegExp(`^${ACTION_ID_PREFIX.replace('.', '\\.')}`);

/**
 * Buttons and overflow menus: the value is a command line, run as the person who pressed it.
 * A second press of the same button on the same message within ten minutes does nothing, so a
 * double-click never proposes twice. From a message the answer goes back through `response_url`;
 * from App Home (which has none) it goes to the person's DM and the Home tab is refreshed.
 * https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 */
export function registerActionListeners(app: App, deps: SlackListenerDeps): void {
  app.action<BlockAction>(
    { action_id: ACTION_ID },
    async ({ ack, body, action, respond, client, context }) => {
      await ack();
      const line =
        action.type === 'button'
          ? action.value
          : action.type === 'overflow'
            ? action.selected_option.value
            : undefined;
      if (!line) return;
      const where = body.container?.message_ts ?? body.container?.view_id ?? body.view?.id ?? '';
      const key = `action:${body.team?.id ?? body.enterprise?.id}:${body.user.id}:${where}:${line}`;
      if (!(await deps.deliveries.claim(key, DELIVERY_TTL_MS.action))) return;
      try {
        const conversation = await deps.converse(context, body.user.id, client);
        const modal = modalFor(line);
        if (modal) {
          await openModal(client, body.trigger_id, modal.kind, conversation);
          return;
        }
        const answer = await conversation.run(line);
        if (body.response_url) await respond({ ...messageResponse(answer), replace_original: false });
        else await directMessage(client, body.user.id, renderReply(answer));
        await deps.afterCommand(conversation, line, answer, client);
        if (body.view?.type === 'home') {
          await client.views.publish({
            user_id: body.user.id,
            view: (await homeView(conversation)) as never,
          });
        }
      } catch (error) {
        deps.logger.warn({ err: error }, 'button press failed');
        await directMessage(client, body.user.id, renderReply(errorReply(error))).catch(() => {});
      }
    },
  );
}

async function directMessage(
  client: webApi.WebClient,
  slackUserId: string,
  message: ReturnType<typeof renderReply>,
) {
  // Posting to a user id lands in the app's DM with them (the Messages tab).
  await client.chat.postMessage({
    channel: slackUserId,
    text: message.text,
    blocks: message.blocks as never,
  });
}

import type { App, BlockAction, webApi } from '@slack/bolt';
import { FORM_IDS, type FormId } from '../../../core/commands/forms/index.ts';
import type { Reply } from '../../../core/commands/reply.ts';
import { isActionToken } from '../../../core/surface/action-tokens.ts';
import { DELIVERY_TTL_MS } from '../../../core/surface/delivery-ledger.ts';
import { ACTION_ID_PREFIX, FORM_VALUE_PREFIX, renderReply } from '../blocks.ts';
import { homeView } from '../home.ts';
import { formModal } from '../modals.ts';
import { postRendered } from '../post-message.ts';
import type { SlackListenerDeps } from '../slack-app.ts';
import { errorReply } from '../slack-conversation.ts';
import { sendReplyFiles } from '../slack-files.ts';
import { messageResponse } from '../slack-responses.ts';

const ACTION_ID = new RegExp(`^${ACTION_ID_PREFIX.replace('.', '\\.')}`);

/**
 * Buttons and overflow menus. A value is an action token (the stored action, run as the person who
 * pressed it: a second press of a single-use button changes nothing) or `form:<id>` (opens that
 * form). A double-click on the same message is dropped before it reaches the command. From a
 * message the answer goes back through `response_url`; from App Home (which has none) it goes to
 * the person's DM and the Home tab is refreshed. The ack is empty and immediate (Slack shows the
 * progress); the work runs in the executor, and a press that cannot run soon enough is told so.
 * https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 */
export function registerActionListeners(app: App, deps: SlackListenerDeps): void {
  app.action<BlockAction>(
    { action_id: ACTION_ID },
    async ({ ack, body, action, respond, client, context }) => {
      await ack();
      const value =
        action.type === 'button'
          ? action.value
          : action.type === 'overflow'
            ? action.selected_option.value
            : undefined;
      if (!value) return;
      const where = body.container?.message_ts ?? body.container?.view_id ?? body.view?.id ?? '';
      const key = `action:${body.team?.id ?? body.enterprise?.id}:${body.user.id}:${where}:${value}`;
      const tell = async (answer: Reply) => {
        if (body.response_url) await respond({ ...messageResponse(answer), replace_original: false });
        else await directMessage(client, body.user.id, renderReply(answer));
      };
      try {
        await deps.executor.run(String(context.tenantId), async () => {
          if (!(await deps.deliveries.claim('slack', key, DELIVERY_TTL_MS.action))) return;
          const conversation = await deps.converse(context, body.user.id, client);
          const formId = value.slice(FORM_VALUE_PREFIX.length) as FormId;
          if (value.startsWith(FORM_VALUE_PREFIX) && FORM_IDS.includes(formId)) {
            const definition = await conversation.form(formId);
            await client.views.open({
              trigger_id: body.trigger_id,
              view: formModal(definition.form) as never,
            });
            return;
          }
          if (!isActionToken(value)) return;
          const answer = await conversation.press(value);
          await tell(answer);
          await sendReplyFiles(client, body.user.id, answer);
          if (body.view?.type === 'home') {
            await client.views.publish({
              user_id: body.user.id,
              view: (await homeView(conversation)) as never,
            });
          }
        });
      } catch (error) {
        deps.logger.warn({ err: error }, 'button press failed');
        await tell(errorReply(error)).catch(() => {});
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
  await postRendered(client, message, { channel: slackUserId });
}

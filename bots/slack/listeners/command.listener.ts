import type { App, webApi } from '@slack/bolt';
import type { Reply } from '../../../core/commands/reply.ts';
import { DELIVERY_TTL_MS } from '../../../core/surface/delivery-ledger.ts';
import { formModal } from '../modals.ts';
import type { SlackListenerDeps } from '../slack-app.ts';
import { errorReply, type SlackConversation } from '../slack-conversation.ts';
import { sendReplyFiles } from '../slack-files.ts';
import { messageResponse, settleWithin } from '../slack-responses.ts';
import { commandLineFor, formFor } from '../slash-commands.ts';

type Outcome =
  | { kind: 'answer'; response: ReturnType<typeof messageResponse>; reply: Reply }
  | { kind: 'form'; open: (client: webApi.WebClient) => Promise<void> };

/**
 * Every slash command (`/pair`, `/avail`, `/session`, `/profile`, `/align …`). The answer goes in
 * the ack when the command finishes within the budget; otherwise we ack at once and answer through
 * `response_url`. A replayed request (same trigger id) is acked and ignored.
 * https://docs.slack.dev/interactivity/implementing-slash-commands
 */
export function registerCommandListener(app: App, deps: SlackListenerDeps): void {
  app.command(/^\/[a-z0-9_-]+$/i, async ({ command, ack, respond, client, context }) => {
    if (
      !(await deps.deliveries.claim(
        'slack',
        `command:${command.team_id}:${command.trigger_id}`,
        DELIVERY_TTL_MS.trigger,
      ))
    ) {
      await ack();
      return;
    }
    const work = answer(context, command, client);
    const quick = await settleWithin(work, deps.ackBudgetMs);
    if (quick?.kind === 'answer') await ack(quick.response);
    else await ack();
    const outcome = await work;
    if (outcome.kind === 'form') await outcome.open(client);
    else {
      if (quick === undefined) await respond(outcome.response);
      await sendReplyFiles(client, command.user_id, outcome.reply).catch((error: unknown) =>
        deps.logger.warn({ err: error, command: command.command }, 'sending reply files failed'),
      );
    }
  });

  async function answer(
    context: Record<string, unknown>,
    command: { command: string; text: string; user_id: string; trigger_id: string },
    client: webApi.WebClient,
  ): Promise<Outcome> {
    let conversation: SlackConversation;
    try {
      conversation = await deps.converse(context, command.user_id, client);
      const line = commandLineFor(command.command, await conversation.translate(command.text));
      const form = formFor(line);
      if (form) {
        const definition = await conversation.form(form.form, { creators: form.creators });
        return {
          kind: 'form',
          open: async (slack) => {
            await slack.views.open({
              trigger_id: command.trigger_id,
              view: formModal(definition.form) as never,
            });
          },
        };
      }
      const reply = await conversation.run(line);
      return { kind: 'answer', response: messageResponse(reply), reply };
    } catch (error) {
      deps.logger.warn({ err: error, command: command.command }, 'slash command failed before dispatch');
      const reply = errorReply(error);
      return { kind: 'answer', response: messageResponse(reply), reply };
    }
  }
}

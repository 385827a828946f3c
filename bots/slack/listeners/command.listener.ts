import type { App, webApi } from '@slack/bolt';
import type { Reply } from '../../../core/commands/reply.ts';
import { DELIVERY_TTL_MS } from '../../../core/surface/delivery-ledger.ts';
import { formModal } from '../modals.ts';
import type { SlackListenerDeps } from '../slack-app.ts';
import { errorReply, type SlackConversation } from '../slack-conversation.ts';
import { sendReplyFiles } from '../slack-files.ts';
import { messageResponse, settleWithin, WORKING_ON_IT } from '../slack-responses.ts';
import { commandLineFor, formFor } from '../slash-commands.ts';

type Outcome =
  | { kind: 'answer'; response: ReturnType<typeof messageResponse>; reply: Reply }
  | { kind: 'form'; open: (client: webApi.WebClient) => Promise<void> }
  | { kind: 'replayed' };

const answerOf = (reply: Reply): Outcome => ({ kind: 'answer', response: messageResponse(reply), reply });

/**
 * Every slash command (`/pair`, `/avail`, `/session`, `/profile`, `/align …`). The work runs in the
 * executor (bounded, a fair share per tenant); the ack carries the answer when it is ready within
 * the budget, else "Working on it…", and the answer follows through `response_url`. A request that
 * cannot run soon enough is told so plainly. A replayed request (same trigger id) does nothing.
 * https://docs.slack.dev/interactivity/implementing-slash-commands
 */
export function registerCommandListener(app: App, deps: SlackListenerDeps): void {
  app.command(/^\/[a-z0-9_-]+$/i, async ({ command, ack, respond, client, context }) => {
    // The budget is for an idle server. With other work running (on PGlite, on this very thread)
    // waiting for the answer only delays the ack, so it goes at once.
    const budgetMs = deps.executor.isIdle() ? deps.ackBudgetMs : 0;
    const work = deps.executor
      .run(String(context.tenantId), () => answer(context, command, client))
      .catch((error: unknown) => answerOf(errorReply(error)));
    const quick = budgetMs > 0 ? await settleWithin(work, budgetMs) : undefined;
    if (quick?.kind === 'answer') await ack(quick.response);
    else if (quick) await ack();
    else await ack(WORKING_ON_IT);
    const outcome = await work;
    if (outcome.kind === 'replayed') return;
    if (outcome.kind === 'form') {
      await outcome.open(client);
      return;
    }
    if (quick === undefined) await respond(outcome.response);
    await sendReplyFiles(client, command.user_id, outcome.reply).catch((error: unknown) =>
      deps.logger.warn({ err: error, command: command.command }, 'sending reply files failed'),
    );
  });

  async function answer(
    context: Record<string, unknown>,
    command: { command: string; text: string; user_id: string; trigger_id: string; team_id: string },
    client: webApi.WebClient,
  ): Promise<Outcome> {
    let conversation: SlackConversation;
    try {
      const key = `command:${command.team_id}:${command.trigger_id}`;
      if (!(await deps.deliveries.claim('slack', key, DELIVERY_TTL_MS.trigger))) return { kind: 'replayed' };
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
      return answerOf(await conversation.run(line));
    } catch (error) {
      deps.logger.warn({ err: error, command: command.command }, 'slash command failed before dispatch');
      return answerOf(errorReply(error));
    }
  }
}

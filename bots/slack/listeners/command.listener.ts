import type { App, webApi } from '@slack/bolt';
import type { Reply } from '../../../core/commands/reply.ts';
import { DELIVERY_TTL_MS } from '../deliveries.ts';
import { openModal } from '../open-modal.ts';
import type { SlackListenerDeps } from '../slack-app.ts';
import { errorReply, type SlackConversation } from '../slack-conversation.ts';
import { messageResponse, settleWithin } from '../slack-responses.ts';
import { commandLineFor, type ModalKind, modalFor } from '../slash-commands.ts';

type Outcome =
  | {
      kind: 'answer';
      response: ReturnType<typeof messageResponse>;
      done?: { conversation: SlackConversation; line: string; answer: Reply };
    }
  | { kind: 'modal'; modal: ModalKind; conversation: SlackConversation };

/**
 * Every slash command (`/pair`, `/avail`, `/session`, `/profile`, `/align …`). The answer goes in
 * the ack when the command finishes within the budget; otherwise we ack at once and answer through
 * `response_url`. A replayed request (same trigger id) is acked and ignored.
 * https://docs.slack.dev/interactivity/implementing-slash-commands
 */
export function registerCommandListener(app: App, deps: SlackListenerDeps): void {
  app.command(/^\/[a-z0-9_-]+$/i, async ({ command, ack, respond, client, context }) => {
    const key = `command:${command.team_id}:${command.trigger_id}`;
    if (!(await deps.deliveries.claim(key, DELIVERY_TTL_MS.trigger))) {
      await ack();
      return;
    }
    const work = answer(deps, context, command, client);
    const quick = await settleWithin(work, deps.ackBudgetMs);
    if (quick?.kind === 'answer') await ack(quick.response);
    else await ack();
    const outcome = await work;
    if (outcome.kind === 'modal') {
      await openModal(client, command.trigger_id, outcome.modal, outcome.conversation);
      return;
    }
    if (quick === undefined) await respond(outcome.response);
    if (outcome.done)
      await deps.afterCommand(outcome.done.conversation, outcome.done.line, outcome.done.answer, client);
  });

  async function answer(
    deps: SlackListenerDeps,
    context: Record<string, unknown>,
    command: { command: string; text: string; user_id: string },
    client: webApi.WebClient,
  ): Promise<Outcome> {
    try {
      const conversation = await deps.converse(context, command.user_id, client);
      const line = commandLineFor(command.command, await conversation.translate(command.text));
      const modal = modalFor(line);
      if (modal) return { kind: 'modal', modal: modal.kind, conversation };
      const answer = await conversation.run(line);
      return { kind: 'answer', response: messageResponse(answer), done: { conversation, line, answer } };
    } catch (error) {
      deps.logger.warn({ err: error, command: command.command }, 'slash command failed before dispatch');
      return { kind: 'answer', response: messageResponse(errorReply(error)) };
    }
  }
}

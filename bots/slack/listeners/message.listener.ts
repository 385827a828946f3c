import type { App, webApi } from '@slack/bolt';
import { notice, privateReply, type Reply, text } from '../../../core/commands/reply.ts';
import { DELIVERY_TTL_MS } from '../../../core/surface/delivery-ledger.ts';
import { renderReply } from '../blocks.ts';
import { postRendered } from '../post-message.ts';
import type { SlackListenerDeps } from '../slack-app.ts';
import { errorReply } from '../slack-conversation.ts';
import { sendReplyFiles } from '../slack-files.ts';

/** What the bot says to words it does not read (the assistant will answer plain words later). */
export function whatICanDo(): Reply {
  return privateReply(
    notice('info', 'I answer commands. Try one of these, or type help for all of them:'),
    text(
      [
        '/pair @someone: who would write well with them, and when everyone is free',
        '/avail: your free time this week and next (/avail edit opens a form)',
        '/session: your sessions, with Accept and Decline',
        '/profile: your creator profile',
      ].join('\n'),
    ),
  );
}

/** The words of a message to the bot: the leading `<@BOT>` of a mention taken off. */
export function messageWords(textOfMessage: string): string {
  return textOfMessage.replace(/^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>[\s,:]*/, '').trim();
}

/**
 * Messages to the bot, in its DM (Messages tab) or mentioning it in a channel: a command line runs;
 * `help` answers with help; anything else says what the bot can do. Messages from bots (our own
 * answers included) and edits are left alone; a retried event is answered once.
 * https://docs.slack.dev/reference/events/message.im · https://docs.slack.dev/reference/events/app_mention
 */
export function registerMessageListeners(app: App, deps: SlackListenerDeps): void {
  const answer = async (input: {
    eventId: string;
    user: string | undefined;
    text: string;
    channel: string;
    threadTs?: string;
    client: webApi.WebClient;
    context: Record<string, unknown>;
  }) => {
    const user = input.user;
    if (!user) return;
    await deps.executor
      .run(String(input.context.tenantId), async () => {
        if (!(await deps.deliveries.claim('slack', `event:${input.eventId}`, DELIVERY_TTL_MS.event))) return;
        await answerWith(await replyTo(user, input));
      })
      .catch(async (error: unknown) => {
        deps.logger.warn({ err: error }, 'message to the bot not answered');
        await answerWith(errorReply(error)).catch(() => {});
      });

    async function answerWith(reply: Reply) {
      const rendered = renderReply(reply);
      await postRendered(input.client, rendered, {
        channel: input.channel,
        ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
      });
      await sendReplyFiles(input.client, user!, reply).catch((error: unknown) =>
        deps.logger.warn({ err: error }, 'sending reply files failed'),
      );
    }
  };

  const replyTo = async (
    user: string,
    input: { text: string; client: webApi.WebClient; context: Record<string, unknown> },
  ): Promise<Reply> => {
    try {
      const conversation = await deps.converse(input.context, user, input.client);
      const words = await conversation.translate(messageWords(input.text));
      if (words.startsWith('/')) return await conversation.run(words);
      if (/^(help|\?|commands)[.!?]*$/i.test(words)) return await conversation.run('/help');
      return whatICanDo();
    } catch (error) {
      deps.logger.warn({ err: error }, 'message to the bot failed');
      return errorReply(error);
    }
  };

  app.event('message', async ({ event, body, client, context }) => {
    const message = event as {
      channel_type?: string;
      subtype?: string;
      bot_id?: string;
      user?: string;
      text?: string;
      channel: string;
    };
    if (message.channel_type !== 'im' || message.subtype !== undefined || message.bot_id) return;
    await answer({
      eventId: body.event_id,
      user: message.user,
      text: message.text ?? '',
      channel: message.channel,
      client,
      context,
    });
  });

  app.event('app_mention', async ({ event, body, client, context }) => {
    if ((event as { bot_id?: string }).bot_id) return;
    await answer({
      eventId: body.event_id,
      user: event.user,
      text: event.text,
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      client,
      context,
    });
  });
}

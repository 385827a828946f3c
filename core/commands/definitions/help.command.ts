import { z } from 'zod';
import { AppError } from '../../shared/app-error.ts';
import type { ChatCommand, CommandCatalog } from '../command.ts';
import { defineCommand } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { closestWords } from '../did-you-mean.ts';
import { heading, list, privateReply, text } from '../reply.ts';

const visibleTo = (role: string) => (chat: ChatCommand) =>
  chat.roles.length === 0 || chat.roles.includes(role as never);

type HelpResult = { kind: 'all'; commands: readonly ChatCommand[] } | { kind: 'one'; chat: ChatCommand };

/** `/help` lists every command the actor may run; `/help pair` describes one. */
export const helpShow = defineCommand({
  name: 'help.show',
  summary: 'List the commands, or describe one',
  examples: ['/help', '/help pair'],
  effect: 'read',
  input: z.object({ topic: z.string().max(40).optional() }),
  chat: {
    command: 'help',
    usage: '/help [command]',
    parse: (line) => {
      const topic = (line.words[0] ?? line.words.at(-1))?.replace(/^\//, '');
      return topic ? { topic } : {};
    },
    format: (input) => (input.topic ? `/help ${input.topic}` : '/help'),
  },
  async handle(context, input): Promise<{ result: HelpResult }> {
    const visible = context.registry.chatCommands().filter(visibleTo(context.actor.role));
    const topic = input.topic?.toLowerCase();
    if (!topic || topic === 'help') return { result: { kind: 'all', commands: visible } };
    const chat = visible.find((entry) => entry.name === topic || entry.aliases.includes(topic));
    if (!chat) throw unknownTopic(topic, context.registry, context.actor.role);
    return { result: { kind: 'one', chat } };
  },
  present(result) {
    if (result.kind === 'one') {
      const { chat } = result;
      return privateReply(
        heading(`/${chat.name}`),
        text(chat.summary),
        text(`Usage: ${chat.usage}`),
        list([{ title: 'Examples', lines: [...chat.examples] }]),
      );
    }
    return privateReply(
      heading('Session Align commands'),
      list(result.commands.map((chat) => ({ title: chat.usage, lines: [chat.summary] }))),
      text('Type /help <command> for details and examples.'),
    );
  },
});

function unknownTopic(topic: string, registry: CommandCatalog, role: string): AppError {
  const names = registry
    .chatCommands()
    .filter(visibleTo(role))
    .flatMap((chat) => [chat.name, ...chat.aliases]);
  const guess = closestWords(topic, names, 1)[0];
  return new AppError(
    'commands.unknown_topic',
    `No command called /${topic}.${guess ? ` Did you mean /${guess}?` : ''} Type /help for the list.`,
  );
}

export const helpGroup: CommandGroup = {
  name: 'help',
  aliases: ['align'],
  summary: 'List the commands, or describe one',
  commands: [helpShow],
};

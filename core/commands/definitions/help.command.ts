import { AppError } from '../../shared/app-error.ts';
import { defineCommand } from '../command.ts';
import { heading, list, privateReply, text } from '../reply.ts';

/** `/help` lists every command the actor may run; `/help pair` describes one. */
export const helpCommand = defineCommand({
  name: 'help',
  aliases: ['align'],
  summary: 'List the commands, or describe one',
  usage: '/help [command]',
  examples: ['/help', '/help pair'],
  parse: (line) => ({ topic: (line.words[0] ?? line.words.at(-1))?.replace(/^\//, '') }),
  async run(context, { topic }) {
    const visible = context.registry
      .list()
      .filter((spec) => !spec.roles || spec.roles.includes(context.actor.role));
    if (topic && topic !== 'help') {
      const spec = visible.find((s) => s.name === topic || s.aliases?.includes(topic));
      if (!spec)
        throw new AppError('commands.unknown_topic', `No command called /${topic}. Type /help for the list.`);
      return privateReply(
        heading(`/${spec.name}`),
        text(spec.summary),
        text(`Usage: ${spec.usage}`),
        list([{ title: 'Examples', lines: [...spec.examples] }]),
      );
    }
    return privateReply(
      heading('Session Align commands'),
      list(visible.map((spec) => ({ title: spec.usage, lines: [spec.summary] }))),
      text('Type /help <command> for details and examples.'),
    );
  },
});

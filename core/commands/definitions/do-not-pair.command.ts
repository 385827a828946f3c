import { AppError } from '../../shared/app-error.ts';
import { PUBLISHER_ROLES } from '../../tenancy/roles.ts';
import { defineCommand } from '../command.ts';
import { heading, list, notice, reply, text } from '../reply.ts';
import { optionalTextField, TEXT_LIMITS } from '../text-field.ts';

type DoNotPairArgs =
  | { action: 'list' }
  | { action: 'add'; handles: [string, string]; reason?: string }
  | { action: 'remove'; handles: [string, string] };

/**
 * `/donotpair @a @b [reason:"…"]` keeps two creators out of each other's suggestions, both ways;
 * `/donotpair remove @a @b` lifts it; `/donotpair` lists the rules. Publishers only; audited.
 */
export const doNotPairCommand = defineCommand<DoNotPairArgs>({
  name: 'donotpair',
  aliases: ['dnp'],
  summary: 'Keep two creators out of each other’s suggestions (both ways), or list and lift such rules',
  usage: '/donotpair [@a @b [reason:"…"] | remove @a @b]',
  examples: ['/donotpair', '/donotpair @ana @ben reason:"label conflict"', '/donotpair remove @ana @ben'],
  roles: PUBLISHER_ROLES,
  parse(line) {
    const isRemove = line.words[0]?.toLowerCase() === 'remove';
    if (line.mentions.length === 0 && !isRemove && line.words.length === 0) return { action: 'list' };
    if (line.mentions.length !== 2 || line.mentions[0] === line.mentions[1]) {
      throw new AppError(
        'commands.bad_args',
        'creators: name exactly two different creators, like @ana @ben',
      );
    }
    const handles = [line.mentions[0]!, line.mentions[1]!] as [string, string];
    if (isRemove) return { action: 'remove', handles };
    const reason = optionalTextField('reason', line.options.reason?.[0], TEXT_LIMITS.doNotPairReason);
    return reason ? { action: 'add', handles, reason } : { action: 'add', handles };
  },
  async run(context, args) {
    const desk = context.services.doNotPair;
    const actor = { userId: context.actor.userId, label: context.actor.displayName };
    const pair = (handles: readonly string[]) => handles.map((handle) => `@${handle}`).join(' and ');
    switch (args.action) {
      case 'list': {
        const rules = await desk.list();
        if (rules.length === 0) return reply(text('No do-not-pair rules.'));
        return reply(
          heading('Never suggested together'),
          list(rules.map((rule) => ({ title: pair(rule.handles), lines: rule.reason ? [rule.reason] : [] }))),
        );
      }
      case 'add':
        await desk.add(args.handles, args.reason, actor);
        return reply(notice('success', `${pair(args.handles)} will not be suggested together.`));
      case 'remove':
        return (await desk.remove(args.handles, actor))
          ? reply(notice('success', `${pair(args.handles)} can be suggested together again.`))
          : reply(notice('info', `There was no rule for ${pair(args.handles)}.`));
    }
  },
});

import { z } from 'zod';
import { findCreators } from '../../profiles/find-creators.ts';
import { AppError } from '../../shared/app-error.ts';
import { byActor } from '../../shared/audit-log.ts';
import { PUBLISHER_ROLES } from '../../tenancy/roles.ts';
import { defineCommand, type HandlerContext } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { refuseExtraWords } from '../dispatch.ts';
import { boundedText, handle } from '../input-schema.ts';
import { heading, list, notice, reply, text } from '../reply.ts';

const pair = z
  .tuple([handle, handle], { error: 'name exactly two different creators, like @ana @ben' })
  .refine(([a, b]) => a !== b, { error: 'name exactly two different creators, like @ana @ben' });

const named = (handles: readonly string[]) => handles.map((h) => `@${h}`).join(' and ');

function twoMentions(mentions: readonly string[]): [string, string] {
  if (mentions.length !== 2) {
    throw new AppError('commands.bad_args', 'creators: name exactly two different creators, like @ana @ben');
  }
  return [mentions[0]!, mentions[1]!];
}

/** The two creators' ids, lower first: one rule covers both directions. */
async function pairIds(
  context: HandlerContext,
  handles: readonly [string, string],
): Promise<[string, string]> {
  const creators = await findCreators(context.stores.roster, handles, 'matching.unknown_creator');
  return creators.map((creator) => creator.creatorId).toSorted() as [string, string];
}

export const doNotPairList = defineCommand({
  name: 'donotpair.list',
  summary: 'List the pairs never suggested together',
  examples: ['/donotpair'],
  roles: PUBLISHER_ROLES,
  effect: 'read',
  input: z.object({}),
  chat: {
    command: 'donotpair',
    verbAliases: ['list'],
    usage: '/donotpair',
    parse(line) {
      refuseExtraWords(line);
      return {};
    },
    format: () => '/donotpair',
  },
  handle: async (context) => ({ result: await context.stores.doNotPair.list() }),
  present(rules) {
    if (rules.length === 0) return reply(text('No do-not-pair rules.'));
    return reply(
      heading('Never suggested together'),
      list(rules.map((rule) => ({ title: named(rule.handles), lines: rule.reason ? [rule.reason] : [] }))),
    );
  },
});

/** `/donotpair @a @b [reason:"…"]`: never suggested together, both ways (audited). */
export const doNotPairAdd = defineCommand({
  name: 'donotpair.add',
  summary: 'Keep two creators out of each other’s suggestions, both ways',
  examples: ['/donotpair @jonas-bello @hiro-mensah reason:"label conflict"'],
  roles: PUBLISHER_ROLES,
  effect: 'write',
  input: z.object({ creators: pair, reason: boundedText(500).optional() }),
  chat: {
    command: 'donotpair',
    verb: 'add',
    withoutVerbWhen: (line) => line.mentions.length > 0,
    usage: '/donotpair [add] @a @b [reason:"…"]',
    parse(line) {
      refuseExtraWords(line);
      const reason = line.options.reason?.[0];
      return { creators: twoMentions(line.mentions), ...(reason ? { reason } : {}) };
    },
    format: (input) =>
      `/donotpair @${input.creators[0]} @${input.creators[1]}${input.reason ? ` reason:"${input.reason.replace(/"/g, "'")}"` : ''}`,
  },
  async handle(context, input) {
    const ids = await pairIds(context, input.creators);
    const isNew = await context.stores.doNotPair.add(ids, {
      reason: input.reason ?? null,
      byUserId: context.actor.userId,
    });
    if (isNew) {
      await context.stores.audit.record({
        ...byActor(context.actor),
        action: 'matching.do_not_pair_added',
        entity: 'creator_pair',
        entityId: ids.join('/'),
        newValues: { handles: input.creators.toSorted(), reason: input.reason ?? null },
      });
    }
    return { result: { handles: input.creators } };
  },
  present: ({ handles }) => reply(notice('success', `${named(handles)} will not be suggested together.`)),
});

/** `/donotpair remove @a @b`: lifts the rule (audited). */
export const doNotPairRemove = defineCommand({
  name: 'donotpair.remove',
  summary: 'Lift a do-not-pair rule',
  examples: ['/donotpair remove @jonas-bello @hiro-mensah'],
  roles: PUBLISHER_ROLES,
  effect: 'write',
  input: z.object({ creators: pair }),
  chat: {
    command: 'donotpair',
    verb: 'remove',
    usage: '/donotpair remove @a @b',
    parse(line) {
      refuseExtraWords(line);
      return { creators: twoMentions(line.mentions) };
    },
    format: (input) => `/donotpair remove @${input.creators[0]} @${input.creators[1]}`,
  },
  async handle(context, input) {
    const ids = await pairIds(context, input.creators);
    const removed = await context.stores.doNotPair.remove(ids);
    if (removed) {
      await context.stores.audit.record({
        ...byActor(context.actor),
        action: 'matching.do_not_pair_removed',
        entity: 'creator_pair',
        entityId: ids.join('/'),
        oldValues: { handles: input.creators.toSorted(), reason: removed.reason },
      });
    }
    return { result: { handles: input.creators, wasThere: removed !== undefined } };
  },
  present: ({ handles, wasThere }) =>
    wasThere
      ? reply(notice('success', `${named(handles)} can be suggested together again.`))
      : reply(notice('info', `There was no rule for ${named(handles)}.`)),
});

export const doNotPairGroup: CommandGroup = {
  name: 'donotpair',
  aliases: ['dnp'],
  summary: 'Keep two creators out of each other’s suggestions (both ways), or list and lift such rules',
  commands: [doNotPairList, doNotPairAdd, doNotPairRemove],
};

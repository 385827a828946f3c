import { z } from 'zod';
import type { CreatorSummary } from '../../profiles/roster.store.ts';
import { defineCommand } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { refuseExtraWords } from '../dispatch.ts';
import { boundedText, wholeNumber } from '../input-schema.ts';
import { heading, list, reply, text } from '../reply.ts';

export const DEFAULT_ROSTER_LIMIT = 10;

/** `/roster [genre:X] [role:Y] [limit:N]` lists creators in the roster. */
export const rosterList = defineCommand({
  name: 'roster.list',
  summary: 'List creators in the roster, optionally by genre or role',
  examples: ['/roster', '/roster genre:pop role:topliner limit:5'],
  effect: 'read',
  input: z.object({
    genre: boundedText(60).optional(),
    role: boundedText(60).optional(),
    limit: wholeNumber(1, 50).default(DEFAULT_ROSTER_LIMIT),
  }),
  chat: {
    command: 'roster',
    usage: '/roster [genre:GENRE] [role:ROLE] [limit:N]',
    parse(line) {
      refuseExtraWords(line);
      const option = (key: string) => line.options[key]?.[0];
      return {
        ...(option('genre') ? { genre: option('genre') } : {}),
        ...(option('role') ? { role: option('role') } : {}),
        ...(option('limit') ? { limit: option('limit') as unknown as number } : {}),
      };
    },
    format: (input) =>
      [
        '/roster',
        input.genre && `genre:${input.genre}`,
        input.role && `role:${input.role}`,
        input.limit && `limit:${input.limit}`,
      ]
        .filter(Boolean)
        .join(' '),
  },
  handle: async (context, input) => ({ result: await context.stores.roster.list(input) }),
  present({ creators, total }: { creators: CreatorSummary[]; total: number }) {
    if (creators.length === 0) return reply(text('No creators match.'));
    return reply(
      heading(`Roster: ${total} creator${total === 1 ? '' : 's'}`),
      list(
        creators.map((creator) => ({
          title: `${creator.displayName} (@${creator.handle})`,
          lines: [
            [creator.roles.join(', '), creator.genres.join(', ')].filter(Boolean).join(' · '),
            [creator.city, creator.timeZone].filter(Boolean).join(' · '),
          ].filter(Boolean),
        })),
        total - creators.length,
      ),
    );
  },
});

export const rosterGroup: CommandGroup = {
  name: 'roster',
  summary: 'List creators in the roster, optionally by genre or role',
  commands: [rosterList],
};

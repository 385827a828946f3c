import { z } from 'zod';
import { AppError } from '../../shared/app-error.ts';
import { defineCommand } from '../command.ts';
import { heading, list, reply, text } from '../reply.ts';

const args = z.object({
  genre: z.string().min(1).optional(),
  role: z.string().min(1).optional(),
  limit: z.coerce
    .number({ error: 'limit: expected a number from 1 to 50' })
    .int('limit: expected a whole number from 1 to 50')
    .min(1, 'limit: expected a number from 1 to 50')
    .max(50, 'limit: expected a number from 1 to 50')
    .default(10),
});

/** `/roster [genre:X] [role:Y] [limit:N]` lists creators in the roster. */
export const rosterCommand = defineCommand({
  name: 'roster',
  summary: 'List creators in the roster, optionally by genre or role',
  usage: '/roster [genre:GENRE] [role:ROLE] [limit:N]',
  examples: ['/roster', '/roster genre:pop role:topliner limit:5'],
  parse(line) {
    const parsed = args.safeParse({
      genre: line.options.genre?.[0],
      role: line.options.role?.[0],
      limit: line.options.limit?.[0],
    });
    if (!parsed.success) throw new AppError('commands.bad_args', parsed.error.issues[0]!.message);
    return parsed.data;
  },
  async run(context, query) {
    const { creators, total } = await context.services.roster.list(query);
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

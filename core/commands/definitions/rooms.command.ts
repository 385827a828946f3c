import { z } from 'zod';
import { AppError } from '../../shared/app-error.ts';
import { byActor } from '../../shared/audit-log.ts';
import { PUBLISHER_ROLES } from '../../tenancy/roles.ts';
import { defineCommand } from '../command.ts';
import type { CommandGroup } from '../command-registry.ts';
import { refuseExtraWords } from '../dispatch.ts';
import { boundedText, wholeNumber } from '../input-schema.ts';
import { heading, list, notice, reply, text } from '../reply.ts';

const bad = (message: string) => new AppError('commands.bad_args', message);
const quote = (value: string) => `"${value.replace(/"/g, "'")}"`;

/** `/rooms`: the tenant's studios and their bookable rooms. */
export const roomsList = defineCommand({
  name: 'rooms.list',
  summary: 'Studios and rooms sessions can book',
  examples: ['/rooms'],
  effect: 'read',
  input: z.object({}),
  chat: {
    command: 'rooms',
    verbAliases: ['list'],
    usage: '/rooms',
    parse(line) {
      refuseExtraWords(line);
      return {};
    },
    format: () => '/rooms',
  },
  handle: async (context) => ({ result: await context.stores.rooms.list() }),
  present({ studios, rooms }) {
    if (studios.length === 0)
      return reply(text('No studios yet. Publisher staff: /rooms add-studio "NAME" city:CITY address:"…"'));
    return reply(
      heading('Studios and rooms'),
      list(
        studios.map((studio) => ({
          title: `${studio.name} · ${studio.city}`,
          lines: rooms
            .filter((room) => room.studioId === studio.id)
            .map((room) =>
              [room.name, room.capacity ? `${room.capacity} people` : null, room.gearNotes || null]
                .filter(Boolean)
                .join(' · '),
            ),
        })),
      ),
    );
  },
});

/** `/rooms add-studio "NAME" city:CITY address:"…"` (publisher staff; audited). */
export const roomsAddStudio = defineCommand({
  name: 'rooms.add-studio',
  summary: 'Add a studio (publisher staff)',
  examples: ['/rooms add-studio "Blackbird" city:Nashville address:"2806 Azalea Pl, Nashville, TN 37204"'],
  roles: PUBLISHER_ROLES,
  effect: 'write',
  input: z.object({ name: boundedText(120), city: boundedText(120), address: boundedText(300) }),
  chat: {
    command: 'rooms',
    verb: 'add-studio',
    usage: '/rooms add-studio "NAME" city:CITY address:"…"',
    parse(line) {
      const [name] = line.words;
      const city = line.options.city?.[0];
      const address = line.options.address?.[0];
      if (!name || !city || !address) throw bad('expected a studio name, city:CITY and address:"…"');
      return { name, city, address };
    },
    format: (input) =>
      `/rooms add-studio ${quote(input.name)} city:${quote(input.city)} address:${quote(input.address)}`,
  },
  async handle(context, input) {
    const studio = await context.stores.rooms.addStudio(input);
    await context.stores.audit.record({
      ...byActor(context.actor),
      action: 'studio.created',
      entity: 'studio',
      entityId: studio.id,
      newValues: { ...input },
    });
    return { result: studio };
  },
  present: (studio) =>
    reply(
      notice(
        'success',
        `Studio ${studio.name} (${studio.city}) added. Add rooms: /rooms add "ROOM" studio:${quote(studio.name)}`,
      ),
    ),
});

/** `/rooms add "ROOM" studio:NAME [capacity:N] [gear:"…"]` (publisher staff; audited). */
export const roomsAdd = defineCommand({
  name: 'rooms.add',
  summary: 'Add a bookable room to a studio (publisher staff)',
  examples: ['/rooms add "Studio A" studio:Blackbird capacity:6 gear:"Neve 8078, vocal booth"'],
  roles: PUBLISHER_ROLES,
  effect: 'write',
  input: z.object({
    name: boundedText(120),
    studio: boundedText(120),
    capacity: wholeNumber(1, 500).optional(),
    gear: boundedText(1000, { min: 0 }).optional(),
  }),
  chat: {
    command: 'rooms',
    verb: 'add',
    usage: '/rooms add "ROOM" studio:NAME [capacity:N] [gear:"…"]',
    parse(line) {
      const [name] = line.words;
      const studio = line.options.studio?.[0];
      if (!name || !studio) throw bad('expected a room name and studio:NAME');
      const capacity = line.options.capacity?.[0];
      const gear = line.options.gear?.[0];
      return {
        name,
        studio,
        ...(capacity === undefined ? {} : { capacity: capacity as unknown as number }),
        ...(gear === undefined ? {} : { gear }),
      };
    },
    format: (input) =>
      [
        `/rooms add ${quote(input.name)} studio:${quote(input.studio)}`,
        input.capacity === undefined ? '' : `capacity:${input.capacity}`,
        input.gear ? `gear:${quote(input.gear)}` : '',
      ]
        .filter(Boolean)
        .join(' '),
  },
  async handle(context, input) {
    const studio = await context.stores.rooms.findStudio(input.studio);
    if (!studio)
      throw new AppError('sessions.unknown_studio', `No studio called "${input.studio}". Type /rooms.`);
    const room = await context.stores.rooms.addRoom({
      studioId: studio.id,
      name: input.name,
      capacity: input.capacity ?? null,
      gearNotes: input.gear ?? '',
    });
    await context.stores.audit.record({
      ...byActor(context.actor),
      action: 'studio_room.created',
      entity: 'studio_room',
      entityId: room.id,
      newValues: { studio: studio.name, name: room.name, capacity: room.capacity, gearNotes: room.gearNotes },
    });
    return { result: room };
  },
  present: (room) =>
    reply(
      notice(
        'success',
        `Room ${room.studioName} / ${room.name} added. Book it with room:${quote(room.name)}.`,
      ),
    ),
});

export const roomsGroup: CommandGroup = {
  name: 'rooms',
  summary: 'Studios and rooms sessions can book',
  commands: [roomsList, roomsAddStudio, roomsAdd],
};

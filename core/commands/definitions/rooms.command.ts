import { AppError } from '../../shared/app-error.ts';
import { defineCommand } from '../command.ts';
import { heading, list, notice, reply, text } from '../reply.ts';
import { optionalTextField, TEXT_LIMITS, textField } from '../text-field.ts';

type RoomsArgs =
  | { action: 'list' }
  | { action: 'add-studio'; name: string; city: string; address: string }
  | { action: 'add'; name: string; studio: string; capacity?: number; gearNotes?: string };

const bad = (message: string) => new AppError('commands.bad_args', message);

/** `/rooms`: the tenant's studios and bookable rooms; publisher staff add them. */
export const roomsCommand = defineCommand<RoomsArgs>({
  name: 'rooms',
  summary: 'Studios and rooms sessions can book',
  usage:
    '/rooms | /rooms add-studio "NAME" city:CITY address:"…" | /rooms add "ROOM" studio:NAME [capacity:N] [gear:"…"]',
  examples: [
    '/rooms',
    '/rooms add-studio "Blackbird" city:Nashville address:"2806 Azalea Pl, Nashville, TN 37204"',
    '/rooms add "Studio A" studio:Blackbird capacity:6 gear:"Neve 8078, vocal booth"',
  ],
  parse(line) {
    const [verb = 'list', name] = line.words;
    if (verb === 'list') return { action: 'list' };
    if (verb === 'add-studio') {
      const city = line.options.city?.[0];
      const address = line.options.address?.[0];
      if (!name || !city || !address) throw bad('expected a studio name, city:CITY and address:"…"');
      return {
        action: 'add-studio',
        name: textField('name', name, TEXT_LIMITS.studioName, { isLabel: true, isRequired: true }),
        city: textField('city', city, TEXT_LIMITS.studioCity, { isLabel: true, isRequired: true }),
        address: textField('address', address, TEXT_LIMITS.studioAddress, { isRequired: true }),
      };
    }
    if (verb === 'add') {
      const studio = line.options.studio?.[0];
      if (!name || !studio) throw bad('expected a room name and studio:NAME');
      const capacityText = line.options.capacity?.[0];
      const capacity = capacityText === undefined ? undefined : Number(capacityText);
      if (capacity !== undefined && !(Number.isInteger(capacity) && capacity >= 1 && capacity <= 500)) {
        throw bad('capacity: expected a whole number of people from 1 to 500');
      }
      const gearNotes = optionalTextField('gear', line.options.gear?.[0], TEXT_LIMITS.roomGear);
      return {
        action: 'add',
        name: textField('name', name, TEXT_LIMITS.roomName, { isLabel: true, isRequired: true }),
        studio,
        ...(capacity === undefined ? {} : { capacity }),
        ...(gearNotes === undefined ? {} : { gearNotes }),
      };
    }
    throw bad(`unknown action "${verb}"`);
  },
  async run(context, args) {
    const rooms = context.services.rooms;
    if (args.action === 'add-studio') {
      await rooms.addStudio(context.actor, args);
      return reply(
        notice(
          'success',
          `Studio ${args.name} (${args.city}) added. Add rooms: /rooms add "ROOM" studio:"${args.name}"`,
        ),
      );
    }
    if (args.action === 'add') {
      const room = await rooms.addRoom(context.actor, args);
      return reply(
        notice('success', `Room ${room.studioName} / ${room.name} added. Book it with room:"${room.name}".`),
      );
    }
    const { studios, rooms: all } = await rooms.list();
    if (studios.length === 0)
      return reply(text('No studios yet. Publisher staff: /rooms add-studio "NAME" city:CITY address:"…"'));
    return reply(
      heading('Studios and rooms'),
      list(
        studios.map((studio) => ({
          title: `${studio.name} · ${studio.city}`,
          lines: all
            .filter((room) => room.studioName === studio.name)
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

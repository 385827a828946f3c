import { AppError } from '../shared/app-error.ts';
import type { RoomStore, RoomSummary } from './rooms.store.ts';
import type { SessionLocation } from './session.types.ts';

export interface ResolvedRoom {
  room: RoomSummary;
  label: string;
  location: SessionLocation & { kind: 'studio' };
}

/** The session location a room gives (the address is in it; `visibleLocation` decides who sees it). */
export function roomLocation(room: RoomSummary): ResolvedRoom {
  return {
    room,
    label: `${room.studioName} / ${room.name}`,
    location: {
      kind: 'studio',
      studioId: room.studioId,
      roomId: room.id,
      name: `${room.studioName} ${room.name}`,
      address: room.address,
      city: room.city,
    },
  };
}

/**
 * A room by `Room` (when only one room has that name) or `Studio/Room`, case-insensitive.
 *
 * @example
 * await resolveRoom(stores.rooms, 'Blackbird/Studio A');
 */
export async function resolveRoom(rooms: Pick<RoomStore, 'list'>, ref: string): Promise<ResolvedRoom> {
  const [studioPart, roomPart] = ref.includes('/') ? ref.split('/', 2) : [undefined, ref];
  const wanted = (roomPart ?? '').trim().toLowerCase();
  const matches = (await rooms.list()).rooms.filter(
    (room) =>
      room.name.toLowerCase() === wanted &&
      (studioPart === undefined || room.studioName.toLowerCase() === studioPart.trim().toLowerCase()),
  );
  if (matches.length === 0) {
    throw new AppError('sessions.unknown_room', `No room called "${ref}". Type /rooms to see them.`, { ref });
  }
  if (matches.length > 1) {
    const options = matches.map((r) => `${r.studioName}/${r.name}`).join(', ');
    throw new AppError('sessions.ambiguous_room', `Several rooms are called "${ref}": say ${options}`);
  }
  return roomLocation(matches[0]!);
}

export async function roomById(
  rooms: Pick<RoomStore, 'list'>,
  roomId: string,
): Promise<ResolvedRoom | undefined> {
  const room = (await rooms.list()).rooms.find((r) => r.id === roomId);
  return room && roomLocation(room);
}

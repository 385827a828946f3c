import { asc, eq, sql } from 'drizzle-orm';
import type { RoomStore, RoomSummary } from '../../core/sessions/rooms.store.ts';
import { AppError } from '../../core/shared/app-error.ts';
import type { Tx } from '../database.ts';
import { roomLabels } from '../repositories/rooms.repository.ts';
import { studioRooms, studios } from '../schema/index.ts';

function isUniqueViolation(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Studios and rooms in the command's transaction; a taken name is refused in a savepoint. */
export function roomStore(tx: Tx, tenantId: string): RoomStore {
  const rooms = (): Promise<RoomSummary[]> =>
    tx
      .select({
        id: studioRooms.id,
        studioId: studios.id,
        studioName: studios.name,
        name: studioRooms.name,
        city: studios.city,
        address: studios.address,
        capacity: studioRooms.capacity,
        gearNotes: studioRooms.gearNotes,
      })
      .from(studioRooms)
      .innerJoin(studios, eq(studios.id, studioRooms.studioId))
      .orderBy(asc(studios.name), asc(studioRooms.name));
  const unique = async <T>(write: (sp: Tx) => Promise<T>, taken: AppError): Promise<T> => {
    try {
      return await tx.transaction((sp) => write(sp as Tx));
    } catch (error) {
      if (isUniqueViolation(error)) throw taken;
      throw error;
    }
  };
  return {
    async list() {
      const all = await tx
        .select({ id: studios.id, name: studios.name, city: studios.city, address: studios.address })
        .from(studios)
        .orderBy(asc(studios.name));
      return { studios: all, rooms: await rooms() };
    },
    async findStudio(name) {
      const [row] = await tx
        .select({ id: studios.id, name: studios.name, city: studios.city, address: studios.address })
        .from(studios)
        .where(sql`lower(${studios.name}) = ${name.trim().toLowerCase()}`);
      return row;
    },
    addStudio: (input) =>
      unique(
        async (sp) => {
          const [row] = await sp
            .insert(studios)
            .values({ tenantId, ...input })
            .returning({ id: studios.id, name: studios.name, city: studios.city, address: studios.address });
          return row!;
        },
        new AppError('sessions.studio_exists', `There is already a studio called "${input.name}".`),
      ),
    async addRoom(input) {
      const [studio] = await tx
        .select({ name: studios.name })
        .from(studios)
        .where(eq(studios.id, input.studioId));
      const id = await unique(
        async (sp) => {
          const [row] = await sp
            .insert(studioRooms)
            .values({ tenantId, ...input })
            .returning({ id: studioRooms.id });
          return row!.id;
        },
        new AppError(
          'sessions.room_exists',
          `"${studio?.name ?? 'That studio'}" already has a room "${input.name}".`,
        ),
      );
      return (await rooms()).find((room) => room.id === id)!;
    },
    labels: (roomIds) => roomLabels(tx, roomIds),
  };
}

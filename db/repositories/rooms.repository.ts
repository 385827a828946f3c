import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../core/commands/command.ts';
import type { RoomService, RoomSummary } from '../../core/commands/session.services.ts';
import type { SessionLocation } from '../../core/sessions/index.ts';
import { AppError } from '../../core/shared/app-error.ts';
import { PUBLISHER_ROLES } from '../../core/tenancy/roles.ts';
import type { Database, Tx } from '../database.ts';
import { studioRooms, studios } from '../schema/index.ts';
import { recordAudit } from './audit.repository.ts';

async function listRooms(tx: Tx): Promise<RoomSummary[]> {
  return tx
    .select({
      id: studioRooms.id,
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
}

/**
 * A room by `Room` (when only one room has that name) or `Studio/Room`, case-insensitive, with the
 * session location it gives (the precise address is in it; `visibleLocation` decides who sees it).
 */
/** "Studio / Room" labels for room ids, in one query (no query when there are none). */
export async function roomLabels(tx: Tx, roomIds: readonly string[]): Promise<Map<string, string>> {
  if (roomIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: studioRooms.id, name: studioRooms.name, studio: studios.name })
    .from(studioRooms)
    .innerJoin(studios, eq(studios.id, studioRooms.studioId))
    .where(inArray(studioRooms.id, [...new Set(roomIds)]));
  return new Map(rows.map((row) => [row.id, `${row.studio} / ${row.name}`]));
}

export async function resolveRoom(
  tx: Tx,
  ref: string,
): Promise<{ room: RoomSummary; location: SessionLocation & { kind: 'studio' }; studioId: string }> {
  const [studioPart, roomPart] = ref.includes('/') ? ref.split('/', 2) : [undefined, ref];
  const wanted = (roomPart ?? '').trim().toLowerCase();
  const rows = (await listRooms(tx)).filter(
    (room) =>
      room.name.toLowerCase() === wanted &&
      (studioPart === undefined || room.studioName.toLowerCase() === studioPart.trim().toLowerCase()),
  );
  if (rows.length === 0) {
    throw new AppError('sessions.unknown_room', `No room called "${ref}". Type /rooms to see them.`, { ref });
  }
  if (rows.length > 1) {
    const options = rows.map((r) => `${r.studioName}/${r.name}`).join(', ');
    throw new AppError('sessions.ambiguous_room', `Several rooms are called "${ref}": say ${options}`);
  }
  const room = rows[0]!;
  const [studio] = await tx
    .select({ id: studioRooms.studioId })
    .from(studioRooms)
    .where(eq(studioRooms.id, room.id));
  return {
    room,
    studioId: studio!.id,
    location: {
      kind: 'studio',
      studioId: studio!.id,
      roomId: room.id,
      name: `${room.studioName} ${room.name}`,
      address: room.address,
      city: room.city,
    },
  };
}

function requirePublisher(actor: Actor, what: string): void {
  if (!PUBLISHER_ROLES.includes(actor.role)) {
    throw new AppError('sessions.forbidden', `Only publisher staff can ${what}.`);
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Studios and their rooms: bookable resources of the tenant. Publisher staff manage them. */
export function roomService(database: Database, tenantId: string): RoomService {
  return {
    async list() {
      return database.withTenant(tenantId, async (tx) => ({
        studios: await tx
          .select({ name: studios.name, city: studios.city, address: studios.address })
          .from(studios)
          .orderBy(asc(studios.name)),
        rooms: await listRooms(tx),
      }));
    },
    async addStudio(actor, input) {
      requirePublisher(actor, 'add studios');
      await database
        .withTenant(tenantId, async (tx) => {
          const [row] = await tx
            .insert(studios)
            .values({ tenantId, ...input })
            .returning({ id: studios.id });
          await recordAudit(tx, {
            tenantId,
            actorUserId: actor.userId,
            actorLabel: actor.displayName,
            action: 'studio.created',
            entity: 'studio',
            entityId: row!.id,
            newValues: input,
          });
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) {
            throw new AppError('sessions.studio_exists', `There is already a studio called "${input.name}".`);
          }
          throw error;
        });
    },
    async addRoom(actor, input) {
      requirePublisher(actor, 'add rooms');
      return database
        .withTenant(tenantId, async (tx) => {
          const [studio] = await tx
            .select({ id: studios.id })
            .from(studios)
            .where(sql`lower(${studios.name}) = ${input.studio.trim().toLowerCase()}`);
          if (!studio) {
            throw new AppError('sessions.unknown_studio', `No studio called "${input.studio}".`);
          }
          const values = {
            name: input.name,
            capacity: input.capacity ?? null,
            gearNotes: input.gearNotes ?? '',
          };
          const [row] = await tx
            .insert(studioRooms)
            .values({ tenantId, studioId: studio.id, ...values })
            .returning({ id: studioRooms.id });
          await recordAudit(tx, {
            tenantId,
            actorUserId: actor.userId,
            actorLabel: actor.displayName,
            action: 'studio_room.created',
            entity: 'studio_room',
            entityId: row!.id,
            newValues: { studio: input.studio, ...values },
          });
          return (await listRooms(tx)).find((room) => room.id === row!.id)!;
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) {
            throw new AppError(
              'sessions.room_exists',
              `"${input.studio}" already has a room "${input.name}".`,
            );
          }
          throw error;
        });
    },
  };
}

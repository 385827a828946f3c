import { asc, eq } from 'drizzle-orm';
import type { Actor } from '../../core/commands/command.ts';
import { fixedClock } from '../../core/shared/clock.ts';
import type { Database } from '../../db/database.ts';
import { findActorByIdentity } from '../../db/repositories/people.repository.ts';
import { availabilityRules, creators, users } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { roomStore } from '../../db/stores/room.store.ts';

export const hourMs = 3_600_000;
/** "Now" in session tests: far enough ahead that real time never catches up. */
export const t0 = Date.parse('2030-03-01T12:00:00Z');
/** A start two days after `t0`, inside the default 48 h hold. */
export const start = Date.parse('2030-03-03T15:00:00Z');

export interface SessionFixture {
  tenantId: string;
  admin: Actor;
  /** Four creators with e-mail addresses: ana, ben, cleo, dan (their real handles differ). */
  ana: Actor;
  ben: Actor;
  cleo: Actor;
  dan: Actor;
  clock: ReturnType<typeof fixedClock>;
}

/**
 * A tenant with an admin, four creators who have e-mail addresses, and one studio with rooms
 * "Studio A" and "Studio B" in Nashville. The creators have no weekly hours on record (the seed's are
 * removed), so any time is free by what they stated unless a test sets hours (`/avail add`).
 */
export async function sessionFixture(database: Database, slug = 'sessions'): Promise<SessionFixture> {
  const { tenant } = await seedTenant(database, { slug, creatorCount: 4, seed: 7 });
  const people = await database.withTenant(tenant.id, async (tx) => {
    const rows = await tx
      .select({ handle: creators.handle, userId: creators.userId })
      .from(creators)
      .orderBy(asc(creators.handle));
    for (const [index, row] of rows.entries()) {
      await tx
        .update(users)
        .set({ email: `creator${index}@${slug}.example` })
        .where(eq(users.id, row.userId!));
    }
    await tx.delete(availabilityRules);
    const admin = await findActorByIdentity(tx, 'console', 'admin');
    const actors = [];
    for (const row of rows) actors.push(await findActorByIdentity(tx, 'console', row.handle));
    return { admin: admin!, actors: actors as Actor[] };
  });
  await database.withTenant(tenant.id, async (tx) => {
    const rooms = roomStore(tx, tenant.id);
    const studio = await rooms.addStudio({
      name: 'Blackbird',
      address: '2806 Azalea Pl, Nashville, TN 37204',
      city: 'Nashville',
    });
    await rooms.addRoom({ studioId: studio.id, name: 'Studio A', capacity: 6, gearNotes: 'Neve 8078' });
    await rooms.addRoom({ studioId: studio.id, name: 'Studio B', capacity: 3, gearNotes: '' });
  });
  const [ana, ben, cleo, dan] = people.actors;
  return {
    tenantId: tenant.id,
    admin: people.admin,
    ana: ana!,
    ben: ben!,
    cleo: cleo!,
    dan: dan!,
    clock: fixedClock(t0),
  };
}

/** `@handle` of a creator actor. */
export const at = (actor: Actor) => actor.creatorHandle!;

import { and, count, eq, sql } from 'drizzle-orm';
import type { PeopleStore, PersonRecord } from '../../core/tenancy/people.store.ts';
import type { Tx } from '../database.ts';
import { findActorByIdentity } from '../repositories/people.repository.ts';
import { creators, identities, users } from '../schema/index.ts';

const columns = {
  userId: users.id,
  displayName: users.displayName,
  role: users.role,
  status: users.status,
  timeZone: users.timeZone,
  email: users.email,
};

export function peopleStore(tx: Tx): PeopleStore {
  const one = async (where: ReturnType<typeof eq>): Promise<PersonRecord | undefined> =>
    (await tx.select(columns).from(users).where(where).limit(1))[0];
  return {
    get: (userId) => one(eq(users.id, userId)),
    async actorOf(userId) {
      const [row] = await tx
        .select({ ...columns, handle: creators.handle, creatorZone: creators.timeZone })
        .from(users)
        .leftJoin(creators, eq(creators.userId, users.id))
        .where(and(eq(users.id, userId), eq(users.status, 'active')))
        .limit(1);
      if (!row) return undefined;
      return {
        userId: row.userId,
        displayName: row.displayName,
        role: row.role,
        timeZone: row.creatorZone ?? row.timeZone ?? 'UTC',
        ...(row.handle ? { creatorHandle: row.handle } : {}),
      };
    },
    actorByIdentity: (user) => findActorByIdentity(tx, user.platform, user.externalUserId),
    async findByReference(reference) {
      const platform = /^(slack|teams|discord):(.+)$/i.exec(reference);
      if (platform) {
        const [row] = await tx
          .select(columns)
          .from(identities)
          .innerJoin(users, eq(users.id, identities.userId))
          .where(
            and(
              eq(identities.platform, platform[1]!.toLowerCase() as 'slack'),
              eq(sql`upper(${identities.externalUserId})`, platform[2]!.toUpperCase()),
            ),
          )
          .limit(1);
        return row;
      }
      const [row] = await tx
        .select(columns)
        .from(creators)
        .innerJoin(users, eq(users.id, creators.userId))
        .where(eq(creators.handle, reference.toLowerCase()))
        .limit(1);
      return row;
    },
    async countWithRole(role) {
      const [row] = await tx
        .select({ value: count() })
        .from(users)
        .where(and(eq(users.role, role), eq(users.status, 'active')));
      return row?.value ?? 0;
    },
    async setRole(userId, role) {
      await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, userId));
    },
    async setTimeZone(userId, timeZone) {
      await tx.update(users).set({ timeZone, updatedAt: new Date() }).where(eq(users.id, userId));
    },
  };
}

import type { Database } from '../../db/database.ts';
import { insertUser } from '../../db/repositories/people.repository.ts';
import { availabilityRules, creators } from '../../db/schema/index.ts';

/** A creator with a user and a console identity (`handle`), for tests that need a specific profile. */
export async function insertCreatorForTest(
  database: Database,
  tenantId: string,
  profile: { handle: string; timeZone: string; displayName?: string; genres?: string[]; city?: string },
): Promise<string> {
  return database.withTenant(tenantId, async (tx) => {
    const displayName = profile.displayName ?? profile.handle;
    const userId = await insertUser(tx, {
      tenantId,
      displayName,
      role: 'creator',
      timeZone: profile.timeZone,
      identity: { platform: 'console', externalUserId: profile.handle },
    });
    const [row] = await tx
      .insert(creators)
      .values({
        tenantId,
        userId,
        handle: profile.handle,
        displayName,
        timeZone: profile.timeZone,
        genres: profile.genres ?? [],
        ...(profile.city ? { location: { city: profile.city }, isLocationOptIn: true } : {}),
      })
      .returning({ id: creators.id });
    return row!.id;
  });
}

/**
 * Removes every weekly-hours rule of a tenant's creators: for tests about something else than
 * availability, where a seeded roster's hours would turn proposals into availability warnings.
 */
export async function clearWeeklyHours(database: Database, tenantId: string): Promise<void> {
  await database.withTenant(tenantId, (tx) => tx.delete(availabilityRules));
}

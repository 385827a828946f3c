import { and, eq, inArray } from 'drizzle-orm';
import { generateDemoRoster } from '../core/demo/demo-roster.ts';
import type { Embedder } from '../core/matching/index.ts';
import { findCity } from '../core/profiles/cities.ts';
import { type Credit, validateCredit } from '../core/profiles/index.ts';
import type { Tenant } from '../core/tenancy/tenant.ts';
import type { Database, Tx } from './database.ts';
import { refreshPlannerStatistics } from './planner-statistics.ts';
import { syncCreditsBatch } from './repositories/creator-profile.rows.ts';
import { creatorContentHash } from './repositories/creators.repository.ts';
import { refreshEmbeddings } from './repositories/embeddings.repository.ts';
import { insertUser } from './repositories/people.repository.ts';
import { databaseTenantDirectory } from './repositories/tenant-directory.ts';
import { availabilityRules, creators, identities, users } from './schema/index.ts';

export interface SeedOptions {
  slug: string;
  name?: string;
  creatorCount: number;
  seed: number;
  /** Embeds the seeded profiles after the roster commits (stale or missing vectors only). */
  embedder?: Embedder;
}

export interface SeedResult {
  tenant: Tenant;
  isNewTenant: boolean;
  creatorsAdded: number;
}

const BATCH_SIZE = 500;
export const DEMO_TENANT = {
  slug: 'demo',
  name: 'Demo Music Publishing',
  creatorCount: 40,
  seed: 1,
} as const;
export const CONSOLE_ADMIN_IDENTITY = 'admin';

/**
 * Creates the tenant if needed, an admin reachable from the console as `admin`, and a deterministic
 * roster. Idempotent: creators whose handle exists are left alone, so running it twice adds nothing.
 */
export async function seedTenant(database: Database, options: SeedOptions): Promise<SeedResult> {
  const directory = databaseTenantDirectory(database);
  const existing = await directory.findBySlug(options.slug);
  const tenant =
    existing ??
    (await directory.create({
      slug: options.slug,
      name: options.name ?? (options.slug === DEMO_TENANT.slug ? DEMO_TENANT.name : titleCase(options.slug)),
    }));
  const roster = generateDemoRoster(options.creatorCount, options.seed);

  const creatorsAdded = await database.withTenant(tenant.id, async (tx) => {
    if (!(await hasConsoleAdmin(tx))) {
      await insertUser(tx, {
        tenantId: tenant.id,
        displayName: `${tenant.name} Admin`,
        role: 'tenant_admin',
        timeZone: 'UTC',
        identity: { platform: 'console', externalUserId: CONSOLE_ADMIN_IDENTITY },
      });
    }
    let added = 0;
    for (let offset = 0; offset < roster.length; offset += BATCH_SIZE) {
      const batch = roster.slice(offset, offset + BATCH_SIZE);
      const taken = new Set(
        (
          await tx
            .select({ handle: creators.handle })
            .from(creators)
            .where(
              inArray(
                creators.handle,
                batch.map((c) => c.handle),
              ),
            )
        ).map((row) => row.handle),
      );
      const fresh = batch.filter((creator) => !taken.has(creator.handle));
      if (fresh.length === 0) continue;
      const userRows = await tx
        .insert(users)
        .values(
          fresh.map((creator) => ({
            tenantId: tenant.id,
            displayName: creator.displayName,
            role: 'creator' as const,
            timeZone: creator.timeZone,
          })),
        )
        .returning({ id: users.id });
      await tx.insert(identities).values(
        fresh.map((creator, i) => ({
          tenantId: tenant.id,
          userId: userRows[i]!.id,
          platform: 'console' as const,
          externalUserId: creator.handle,
        })),
      );
      const creatorRows = await tx
        .insert(creators)
        .values(
          fresh.map((creator, i) => {
            const profile = {
              genres: creator.genres,
              tags: [],
              roles: creator.roles,
              skills: [],
              instruments: [],
              inspirations: creator.inspirations,
              credits: creator.credits,
              bio: '',
            };
            return {
              tenantId: tenant.id,
              userId: userRows[i]!.id,
              handle: creator.handle,
              displayName: creator.displayName,
              timeZone: creator.timeZone,
              location: demoLocation(creator.city, creator.region),
              isLocationOptIn: true,
              isWritingOptIn: creator.isWritingOptIn,
              ...profile,
              contentHash: creatorContentHash(profile),
            };
          }),
        )
        .returning({ id: creators.id });
      const rules = fresh.flatMap((creator, i) =>
        creator.availability.map((rule) => ({
          tenantId: tenant.id,
          creatorId: creatorRows[i]!.id,
          rrule: rule.rrule,
          startTime: rule.start,
          endTime: rule.end,
        })),
      );
      if (rules.length) await tx.insert(availabilityRules).values(rules);
      // The structured projection of the credits (works, creator_credits): the collaboration graph.
      const credits = new Map<string, Credit[]>(
        fresh.map((creator, i) => [
          creatorRows[i]!.id,
          creator.credits.flatMap((raw) => {
            const credit = validateCredit(raw);
            return credit.ok ? [credit.value] : [];
          }),
        ]),
      );
      await syncCreditsBatch(tx, tenant.id, credits);
      added += fresh.length;
    }
    return added;
  });
  if (options.embedder) await refreshEmbeddings(database, tenant.id, options.embedder);
  if (creatorsAdded > 0) await refreshPlannerStatistics(database);
  return { tenant, isNewTenant: !existing, creatorsAdded };
}

function titleCase(slug: string): string {
  return slug
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

/**
 * First run only: when the demo tenant is not there yet, create and seed it; a later run changes nothing.
 * The tenant row commits before its roster (they are written in two transactions, as two roles), so a
 * start that crashed in between left a tenant without its admin: the check is for the admin, which
 * commits together with the roster, and such a half-seeded tenant is completed (seedTenant is idempotent).
 */
export async function seedDemoOnFirstRun(
  database: Database,
  logger?: { info(fields: object, message: string): void },
): Promise<void> {
  const existing = await databaseTenantDirectory(database).findBySlug(DEMO_TENANT.slug);
  if (existing && (await database.withTenant(existing.id, hasConsoleAdmin))) return;
  const result = await seedTenant(database, {
    slug: DEMO_TENANT.slug,
    name: DEMO_TENANT.name,
    creatorCount: DEMO_TENANT.creatorCount,
    seed: DEMO_TENANT.seed,
  });
  logger?.info(
    { tenant: DEMO_TENANT.slug, creators: result.creatorsAdded, ...(existing ? { isResumed: true } : {}) },
    existing ? 'completed the half-seeded demo tenant' : 'seeded the demo tenant',
  );
}

async function hasConsoleAdmin(tx: Tx): Promise<boolean> {
  const rows = await tx
    .select({ id: identities.id })
    .from(identities)
    .where(and(eq(identities.platform, 'console'), eq(identities.externalUserId, CONSOLE_ADMIN_IDENTITY)))
    .limit(1);
  return rows.length > 0;
}

/** City-level location with coordinates from the gazetteer, so in-person radius filters work on the demo. */
function demoLocation(cityName: string, region: string): Record<string, unknown> {
  const city = findCity(cityName);
  return city
    ? { city: city.name, cityId: city.id, country: city.country, lat: city.lat, lon: city.lon, region }
    : { city: cityName, region };
}

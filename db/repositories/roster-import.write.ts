/**
 * The import's second pass, one batch at a time: a batch of creators (each with all of its credits) is
 * compared with what the tenant has and written in one short transaction. Creators match by handle,
 * credits by work (`workKey`); blank optional cells say nothing (an existing value is kept) and unchanged
 * rows are not touched, so writing the same batch twice changes nothing.
 */
import { eq, inArray } from 'drizzle-orm';
import type { RecurringRule } from '../../core/availability/recurring-rule.ts';
import { type CreatorProfile, type Credit, mergeCredits, validateCredit } from '../../core/profiles/index.ts';
import type { Tx } from '../database.ts';
import { creators, identities, users } from '../schema/index.ts';
import {
  type CreatorRow,
  type StoredCredit,
  syncCreditsBatch,
  toStoredCredit,
} from './creator-profile.rows.ts';
import { creatorContentHash } from './creators.repository.ts';
import { replaceWeeklyRules } from './roster-import.rules.ts';

/** One creator to write: from creators.csv (`profile`), or a roster creator gaining credits only. */
export interface BatchEntry {
  handle: string;
  profile?: CreatorProfile;
  /** Its credits from credits.csv. */
  credits: Credit[];
  /** Its availability cell's rules, replacing its weekly rules; absent: they are kept. */
  weeklyRules?: RecurringRule[];
}

export interface BatchCounts {
  created: number;
  updated: number;
  unchanged: number;
  creditsAdded: number;
  worksAdded: number;
  weeklyRulesWritten: number;
  changedHandles: string[];
}

type ImportFields = Pick<
  CreatorRow,
  'displayName' | 'timeZone' | 'genres' | 'tags' | 'roles' | 'inspirations' | 'location' | 'isLocationOptIn'
>;

/** What the file says about a creator; blank optional cells say nothing (an existing value is kept). */
function importedFields(profile: CreatorProfile): Partial<ImportFields> {
  const fields: Partial<ImportFields> = { displayName: profile.displayName };
  if (profile.timeZone) fields.timeZone = profile.timeZone;
  if (profile.genres.length + profile.tags.length > 0) {
    fields.genres = profile.genres;
    fields.tags = profile.tags;
  }
  if (profile.roles.length > 0) fields.roles = profile.roles;
  if (profile.inspirations.length > 0) fields.inspirations = profile.inspirations.map((i) => i.name);
  if (profile.location) {
    const { city, cityId, country, lat, lon } = profile.location;
    fields.location = { city, cityId, ...(country ? { country } : {}), lat, lon };
    fields.isLocationOptIn = true;
  }
  return fields;
}

/** JSON with object keys sorted: jsonb does not keep key order, so compare canonically. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

function storedCredits(row: CreatorRow): Credit[] {
  return (row.credits as StoredCredit[]).flatMap((raw) => {
    const credit = validateCredit(raw);
    return credit.ok ? [credit.value] : [];
  });
}

type Plan = {
  row?: CreatorRow;
  profile?: CreatorProfile;
  fields: Partial<ImportFields>;
  credits: Credit[];
  weeklyRules?: RecurringRule[];
};

/** Writes one batch inside `tx` (the caller's short tenant transaction). */
export async function writeRosterBatch(
  tx: Tx,
  tenantId: string,
  entries: readonly BatchEntry[],
): Promise<BatchCounts> {
  const handles = entries.map((entry) => entry.handle);
  const existing = new Map(
    (await tx.select().from(creators).where(inArray(creators.handle, handles))).map((row) => [
      row.handle,
      row,
    ]),
  );
  const plans: Plan[] = [];
  for (const entry of entries) {
    const row = existing.get(entry.handle);
    // A roster creator that disappeared since the check has nothing to attach credits to.
    if (!row && !entry.profile) continue;
    const stored = row ? storedCredits(row) : [];
    plans.push({
      ...(row ? { row } : {}),
      ...(entry.profile ? { profile: entry.profile } : {}),
      fields: entry.profile ? importedFields(entry.profile) : {},
      credits: mergeCredits([...stored, ...entry.credits]),
      ...(entry.weeklyRules ? { weeklyRules: entry.weeklyRules } : {}),
    });
  }
  return writePlans(tx, tenantId, plans);
}

async function writePlans(tx: Tx, tenantId: string, plans: readonly Plan[]): Promise<BatchCounts> {
  let [created, updated, unchanged] = [0, 0, 0];
  const creditsByCreator = new Map<string, Credit[]>();
  const rulesByCreator = new Map<string, RecurringRule[]>();
  const fresh = plans.filter((plan) => !plan.row);
  for (let offset = 0; offset < fresh.length; offset += 500) {
    const batch = fresh.slice(offset, offset + 500);
    const userRows = await tx
      .insert(users)
      .values(
        batch.map((plan) => ({
          tenantId: tenantId,
          displayName: plan.profile!.displayName,
          role: 'creator' as const,
          timeZone: plan.fields.timeZone ?? 'UTC',
        })),
      )
      .returning({ id: users.id });
    const taken = new Set(
      (
        await tx
          .select({ externalUserId: identities.externalUserId })
          .from(identities)
          .where(
            inArray(
              identities.externalUserId,
              batch.map((plan) => plan.profile!.handle),
            ),
          )
      ).map((row) => row.externalUserId),
    );
    const newIdentities = batch.flatMap((plan, i) =>
      taken.has(plan.profile!.handle)
        ? []
        : [
            {
              tenantId: tenantId,
              userId: userRows[i]!.id,
              platform: 'console' as const,
              externalUserId: plan.profile!.handle,
            },
          ],
    );
    if (newIdentities.length > 0) await tx.insert(identities).values(newIdentities);
    const inserted = await tx
      .insert(creators)
      .values(
        batch.map((plan, i) => {
          const profileFields = {
            genres: plan.fields.genres ?? [],
            tags: plan.fields.tags ?? [],
            roles: plan.fields.roles ?? [],
            skills: [],
            instruments: [],
            inspirations: plan.fields.inspirations ?? [],
            credits: plan.credits.map(toStoredCredit),
            bio: '',
          };
          return {
            tenantId: tenantId,
            userId: userRows[i]!.id,
            handle: plan.profile!.handle,
            displayName: plan.fields.displayName!,
            timeZone: plan.fields.timeZone ?? 'UTC',
            location: plan.fields.location ?? null,
            isLocationOptIn: plan.fields.isLocationOptIn ?? false,
            ...profileFields,
            contentHash: creatorContentHash(profileFields),
          };
        }),
      )
      .returning({ id: creators.id });
    for (const [i, plan] of batch.entries()) {
      creditsByCreator.set(inserted[i]!.id, plan.credits);
      if (plan.weeklyRules) rulesByCreator.set(inserted[i]!.id, plan.weeklyRules);
    }
    created += batch.length;
  }
  for (const plan of plans)
    if (plan.row && plan.weeklyRules) rulesByCreator.set(plan.row.id, plan.weeklyRules);
  const rules = await replaceWeeklyRules(tx, tenantId, rulesByCreator);
  const changedHandles: string[] = [];
  for (const plan of plans) {
    const row = plan.row;
    if (!row) continue;
    const patch: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(plan.fields)) {
      if (!same(row[key as keyof CreatorRow], value)) patch[key] = value;
    }
    const credits = plan.credits.map(toStoredCredit);
    if (!same(row.credits, credits)) patch.credits = credits;
    const isRulesChanged = rules.changed.has(row.id);
    if (Object.keys(patch).length === 0 && !isRulesChanged) {
      unchanged += 1;
      continue;
    }
    const next = { ...row, ...patch } as CreatorRow;
    await tx
      .update(creators)
      .set({ ...patch, contentHash: creatorContentHash(next), updatedAt: new Date() })
      .where(eq(creators.id, row.id));
    if (patch.credits) creditsByCreator.set(row.id, plan.credits);
    changedHandles.push(row.handle);
    updated += 1;
  }
  const { added, worksAdded } = await syncCreditsBatch(tx, tenantId, creditsByCreator);
  return {
    created,
    updated,
    unchanged,
    creditsAdded: added,
    worksAdded,
    weeklyRulesWritten: rules.written,
    changedHandles,
  };
}

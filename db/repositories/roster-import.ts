/**
 * The roster import behind `session-align import`: creators.csv (+ credits.csv) into a tenant.
 *
 * Everything is validated before anything is written, and every accepted row is written in one
 * transaction, so a creator is never half-imported: a creator whose credits have a bad row is held back
 * whole (reported), and a failure mid-write rolls the whole import back. Re-importing the same files
 * changes nothing: creators match by handle, credits by work (`workKey`), unchanged rows are not touched.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Embedder } from '../../core/matching/index.ts';
import {
  CREATORS_CSV_COLUMNS,
  CREDITS_CSV_COLUMNS,
  type CreatorProfile,
  type Credit,
  mergeCredits,
  parseRosterCsv,
  type RosterProblem,
  readCsvRecords,
  validateCredit,
} from '../../core/profiles/index.ts';
import type { Database, Tx } from '../database.ts';
import { refreshPlannerStatistics } from '../planner-statistics.ts';
import { creators, identities, users } from '../schema/index.ts';
import { recordAudit } from './audit.repository.ts';
import {
  type CreatorRow,
  type StoredCredit,
  syncCreditsBatch,
  toStoredCredit,
} from './creator-profile.rows.ts';
import { creatorContentHash } from './creators.repository.ts';
import { refreshEmbeddings } from './embeddings.repository.ts';

export interface RosterImportInput {
  tenantId: string;
  creatorsCsv: string;
  creditsCsv?: string;
  actorLabel: string;
  /** Embeds created and changed creators after the import commits; skipped when absent. */
  embedder?: Embedder;
}

export interface RosterImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** Creators in the file not imported because a row of theirs has problems. */
  heldBack: number;
  creditsAdded: number;
  worksAdded: number;
  embedded: number;
  /** Sorted by file, then row. */
  problems: RosterProblem[];
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

/** Creators (by handle) whose credits.csv rows have problems: they are held back whole. */
function handlesWithBadCredits(
  creditsCsv: string | undefined,
  problems: readonly RosterProblem[],
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (creditsCsv === undefined) return out;
  const badRows = new Set(problems.filter((p) => p.file === 'credits.csv').map((p) => p.row));
  for (const { row, values } of readCsvRecords('credits.csv', creditsCsv, CREDITS_CSV_COLUMNS).records) {
    if (!badRows.has(row)) continue;
    const handle = (values.handle ?? '').trim().toLowerCase();
    out.set(handle, [...(out.get(handle) ?? []), row]);
  }
  return out;
}

function creatorRows(creatorsCsv: string): Map<string, number> {
  const { records } = readCsvRecords('creators.csv', creatorsCsv, CREATORS_CSV_COLUMNS);
  return new Map(records.map(({ row, values }) => [(values.handle ?? '').trim().toLowerCase(), row]));
}

/**
 * @example
 * const report = await importRoster(database, { tenantId, creatorsCsv, creditsCsv, actorLabel: 'operator' });
 * report.problems // [{ file: 'credits.csv', row: 7, field: 'iswc', code: 'profiles.bad_iswc', problem: '…' }]
 */
export async function importRoster(
  database: Database,
  input: RosterImportInput,
): Promise<RosterImportReport> {
  const existingRows = await database.withTenant(input.tenantId, (tx) => tx.select().from(creators));
  const existing = new Map(existingRows.map((row) => [row.handle, row]));
  const parsed = parseRosterCsv({
    creatorsCsv: input.creatorsCsv,
    ...(input.creditsCsv !== undefined ? { creditsCsv: input.creditsCsv } : {}),
    existingHandles: new Set(existing.keys()),
  });
  const problems = [...parsed.problems];
  const held = handlesWithBadCredits(input.creditsCsv, problems);
  const rowOf = creatorRows(input.creatorsCsv);
  for (const [handle, rows] of held) {
    if (!rowOf.has(handle) && !existing.has(handle)) continue;
    problems.push({
      file: rowOf.has(handle) ? 'creators.csv' : 'credits.csv',
      row: rowOf.get(handle) ?? rows[0]!,
      field: 'handle',
      code: 'profiles.held_back',
      problem: `"${handle}" not imported: credits.csv row ${rows.join(', ')} has problems`,
    });
  }
  const profiles = parsed.profiles.filter((profile) => !held.has(profile.handle));
  const extraCredits = new Map([...parsed.creditsByExistingHandle].filter(([handle]) => !held.has(handle)));

  type Plan = {
    row?: CreatorRow;
    profile?: CreatorProfile;
    fields: Partial<ImportFields>;
    credits: Credit[];
  };
  const plans = new Map<string, Plan>();
  for (const profile of profiles) {
    const row = existing.get(profile.handle);
    plans.set(profile.handle, {
      ...(row ? { row } : {}),
      profile,
      fields: importedFields(profile),
      credits: mergeCredits([...(row ? storedCredits(row) : []), ...profile.credits]),
    });
  }
  for (const [handle, credits] of extraCredits) {
    const row = existing.get(handle)!;
    const plan = plans.get(handle) ?? { row, fields: {}, credits: storedCredits(row) };
    plan.credits = mergeCredits([...plan.credits, ...credits]);
    plans.set(handle, plan);
  }

  const report = await database.withTenant(input.tenantId, (tx) =>
    writePlans(tx, input, [...plans.values()]),
  );
  if (report.created + report.updated > 0) await refreshPlannerStatistics(database);
  const embedded = input.embedder
    ? (await refreshEmbeddings(database, input.tenantId, input.embedder)).embedded
    : 0;
  return {
    ...report,
    heldBack: [...held.keys()].filter((handle) => rowOf.has(handle) || existing.has(handle)).length,
    embedded,
    problems: problems.sort((a, b) => a.file.localeCompare(b.file) || a.row - b.row),
  };
}

type PlanToWrite = {
  row?: CreatorRow;
  profile?: CreatorProfile;
  fields: Partial<ImportFields>;
  credits: Credit[];
};

async function writePlans(
  tx: Tx,
  input: RosterImportInput,
  plans: readonly PlanToWrite[],
): Promise<Omit<RosterImportReport, 'heldBack' | 'embedded' | 'problems'>> {
  let [created, updated, unchanged] = [0, 0, 0];
  const creditsByCreator = new Map<string, Credit[]>();
  const fresh = plans.filter((plan) => !plan.row);
  for (let offset = 0; offset < fresh.length; offset += 500) {
    const batch = fresh.slice(offset, offset + 500);
    const userRows = await tx
      .insert(users)
      .values(
        batch.map((plan) => ({
          tenantId: input.tenantId,
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
              tenantId: input.tenantId,
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
            tenantId: input.tenantId,
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
    for (const [i, plan] of batch.entries()) creditsByCreator.set(inserted[i]!.id, plan.credits);
    created += batch.length;
  }
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
    if (Object.keys(patch).length === 0) {
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
  const { added, worksAdded } = await syncCreditsBatch(tx, input.tenantId, creditsByCreator);
  if (created + updated > 0) {
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actorLabel: input.actorLabel,
      action: 'roster.imported',
      entity: 'roster',
      newValues: { created, updated, creditsAdded: added, updatedHandles: changedHandles.slice(0, 200) },
    });
  }
  return { created, updated, unchanged, creditsAdded: added, worksAdded };
}

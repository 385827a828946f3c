/**
 * Weekly availability from the import's availability column, inside a batch's transaction: a creator's
 * rules are replaced by the cell's when they differ (in any order), and left alone when they are the
 * same, so importing the same file twice writes nothing. One-offs and calendars are never touched.
 */
import { inArray } from 'drizzle-orm';
import type { RecurringRule } from '../../core/availability/recurring-rule.ts';
import type { Tx } from '../database.ts';
import { availabilityRules } from '../schema/index.ts';

/** A stored availability_rules row as the rule it is. */
export function ruleOfRow(row: typeof availabilityRules.$inferSelect): RecurringRule {
  return {
    rrule: row.rrule,
    startTime: row.startTime,
    endTime: row.endTime,
    ...(row.fromDate ? { fromDate: row.fromDate } : {}),
    ...(row.untilDate ? { untilDate: row.untilDate } : {}),
  };
}

const ruleKey = (rule: RecurringRule) =>
  JSON.stringify([rule.rrule, rule.startTime, rule.endTime, rule.fromDate ?? '', rule.untilDate ?? '']);
const sameRules = (a: readonly RecurringRule[], b: readonly RecurringRule[]) =>
  a.length === b.length && a.map(ruleKey).sort().join('\n') === b.map(ruleKey).sort().join('\n');

/**
 * Makes each creator's weekly rules the ones given (creator id -> rules). Returns the creators whose
 * rules changed and how many rules were written.
 */
export async function replaceWeeklyRules(
  tx: Tx,
  tenantId: string,
  wanted: ReadonlyMap<string, readonly RecurringRule[]>,
): Promise<{ changed: Set<string>; written: number }> {
  const changed = new Set<string>();
  if (wanted.size === 0) return { changed, written: 0 };
  const creatorIds = [...wanted.keys()];
  const existing = new Map<string, RecurringRule[]>();
  for (const row of await tx
    .select()
    .from(availabilityRules)
    .where(inArray(availabilityRules.creatorId, creatorIds))) {
    existing.set(row.creatorId, [...(existing.get(row.creatorId) ?? []), ruleOfRow(row)]);
  }
  for (const [creatorId, rules] of wanted)
    if (!sameRules(existing.get(creatorId) ?? [], rules)) changed.add(creatorId);
  if (changed.size === 0) return { changed, written: 0 };
  await tx.delete(availabilityRules).where(inArray(availabilityRules.creatorId, [...changed]));
  // Created a millisecond apart, so `/avail` numbers them in the order the cell lists them.
  const nowMs = Date.now();
  const values = [...changed].flatMap((creatorId) =>
    (wanted.get(creatorId) ?? []).map((rule, index) => ({
      tenantId,
      creatorId,
      rrule: rule.rrule,
      startTime: rule.startTime,
      endTime: rule.endTime,
      fromDate: rule.fromDate ?? null,
      untilDate: rule.untilDate ?? null,
      createdAt: new Date(nowMs + index),
    })),
  );
  // 8 parameters a row: well under PostgreSQL's 65,535 a statement.
  for (let offset = 0; offset < values.length; offset += 2_000)
    await tx.insert(availabilityRules).values(values.slice(offset, offset + 2_000));
  return { changed, written: values.length };
}

/**
 * The shipped example roster (examples/roster/): it imports cleanly, and the imported roster can be
 * paired by time at once, through the same command every surface uses.
 */
import { join } from 'node:path';
import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairResult } from '../../core/commands/definitions/pair/pair.command.ts';
import { readAvailabilityCell } from '../../core/profiles/index.ts';
import { commandsAs, resultOf } from '../../test/support/commands.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import type { Database } from '../database.ts';
import { availabilityRules } from '../schema/index.ts';
import { CONSOLE_ADMIN_IDENTITY, seedTenant } from '../seed.ts';
import { findActorByIdentity } from './people.repository.ts';
import { importRosterFiles } from './roster-import.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples/roster');
const paths = { creatorsPath: join(EXAMPLES, 'creators.csv'), creditsPath: join(EXAMPLES, 'credits.csv') };
// Monday 30 November to Saturday 5 December 2026 (UTC); the test clock is the week before.
const window = { start: '2026-11-30T00:00:00Z', end: '2026-12-05T00:00:00Z' };
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

let database: Database;
let tenantId: string;

beforeAll(async () => {
  database = await openTestPglite();
  tenantId = (await seedTenant(database, { slug: 'examples', creatorCount: 0, seed: 1 })).tenant.id;
});
afterAll(() => database.close());

describe('examples/roster', { timeout: 60_000 }, () => {
  it('imports with no problem and no warning: 12 creators, 10 credits, weekly availability; again, nothing changes', async () => {
    const report = await importRosterFiles(database, paths, { tenantId, actorLabel: 'test' });
    expect(report).toMatchObject({
      created: 12,
      heldBack: 0,
      creditsAdded: 10,
      worksAdded: 5,
      weeklyRulesWritten: 13,
      problemCount: 0,
      warningCount: 0,
      rejectedFiles: [],
    });
    const again = await importRosterFiles(database, paths, { tenantId, actorLabel: 'test' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 12, weeklyRulesWritten: 0 });
  });

  const admin = async () => {
    const parts = testRuntimeParts(database);
    const actor = await database.withTenant(tenantId, (tx) =>
      findActorByIdentity(tx, 'console', CONSOLE_ADMIN_IDENTITY),
    );
    return commandsAs(parts, tenantId, actor!);
  };

  it('pairs two imported creators in different zones by their common weekly hours', async () => {
    const run = await admin();
    const result = resultOf<PairResult>(
      await run.run('pair.suggest', { creators: ['ana-rossi', 'elin-berg'], window, minMinutes: 120 }),
    );
    // Ana: Mon-Fri 10:00-18:00 Chicago (16:00-24:00 UTC); Elin: Mon-Fri 13:00-21:00 Stockholm (12:00-20:00 UTC).
    const [group] = result.answer.suggestions;
    expect(group!.violations).toEqual([]);
    expect(group!.windows.map((w) => [iso(w.startMs), iso(w.endMs)])).toEqual(
      ['11-30', '12-01', '12-02', '12-03', '12-04'].map((day) => [
        `2026-${day}T16:00:00Z`,
        `2026-${day}T20:00:00Z`,
      ]),
    );
  });

  it('finds partners for an imported creator, each with common free time in the window', async () => {
    const run = await admin();
    const result = resultOf<PairResult>(
      await run.run('pair.suggest', { creators: ['ana-rossi'], window, minMinutes: 120 }),
    );
    const partners = result.answer.suggestions;
    expect(partners.length).toBeGreaterThan(2);
    for (const suggestion of partners) expect(suggestion.windows.length).toBeGreaterThan(0);
    // Kira (Tokyo evenings) never overlaps Ana's Nashville days: not suggested when time is required.
    expect(partners.flatMap((s) => s.members.map((m) => m.handle))).not.toContain('kira-sato');
  });

  it('stores the same rule /avail add writes for the same words', async () => {
    const run = await admin();
    const words = 'mon,wed 17:00-19:00 every:2 from:2026-12-01';
    expect(await run.send(`/avail @leo-brandt add ${words}`)).toMatch(/Added/);
    const [added] = await database.withTenant(tenantId, (tx) =>
      tx.select().from(availabilityRules).orderBy(desc(availabilityRules.createdAt)).limit(1),
    );
    const fromCell = readAvailabilityCell(words);
    expect(fromCell).toEqual({
      rules: [
        {
          rrule: added!.rrule,
          startTime: added!.startTime,
          endTime: added!.endTime,
          fromDate: added!.fromDate,
        },
      ],
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarRecord } from '../../core/availability/availability.store.ts';
import type { Actor } from '../../core/commands/command.ts';
import type { Database } from '../../db/database.ts';
import { findActorByIdentity } from '../../db/repositories/people.repository.ts';
import { calendars } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { commandsAs, resultOf } from '../../test/support/commands.ts';
import { insertCreatorForTest } from '../../test/support/fixtures.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { memoryDeadLetters } from '../database-dead-letters.ts';
import { InProcessJobQueue } from '../in-process-job-queue.ts';
import { CALENDAR_REFRESH_MS, SYNC_DUE_CALENDARS_JOB } from './calendar-sync.job.ts';
import { createJobHandlers } from './index.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const FEED = 'https://cal.example.com/private-1/basic.ics';
const ics = (start: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:${start}\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

let database: Database;
let tenantId: string;
let parts: ReturnType<typeof testRuntimeParts>;
let ana: Actor;

beforeAll(async () => {
  database = await openTestPglite();
  parts = testRuntimeParts(database, NOW);
  tenantId = (await seedTenant(database, { slug: 'sync', creatorCount: 0, seed: 1 })).tenant.id;
  await insertCreatorForTest(database, tenantId, { handle: 'ana', timeZone: 'Europe/London' });
  parts.fetcher.feeds[FEED] = ics('20261124T100000Z');
  ana = (await database.withTenant(tenantId, (tx) => findActorByIdentity(tx, 'console', 'ana')))!;
  resultOf(await (await commandsAs(parts, tenantId, ana)).run('avail.calendar-add', { url: FEED }));
});
afterAll(() => database.close());

describe('calendar sync jobs', () => {
  it('refreshes stale URL calendars once per hour, whatever the number of sweeps', async () => {
    const fetched: string[] = [];
    const fetcher = {
      fetchIcs: async (url: string) => {
        fetched.push(url);
        return parts.fetcher.fetchIcs(url);
      },
    };
    let queue: InProcessJobQueue | undefined;
    const handlers = createJobHandlers({ ...parts, fetcher, queue: () => queue! });
    queue = new InProcessJobQueue({ handlers, deadLetters: memoryDeadLetters(), backoffBaseMs: 5 });

    // Fresh: synced "now" when it was added, so nothing is due.
    await queue.enqueue({ name: SYNC_DUE_CALENDARS_JOB, payload: {} });
    await queue.drain();
    expect(fetched).toEqual([]);

    parts.fetcher.feeds[FEED] = ics('20261125T100000Z');
    parts.clock.advance(CALENDAR_REFRESH_MS + 60_000);
    await queue.enqueue({ name: SYNC_DUE_CALENDARS_JOB, payload: {} });
    await queue.enqueue({ name: SYNC_DUE_CALENDARS_JOB, payload: {} });
    await queue.drain();
    expect(fetched).toEqual([FEED]);

    const [calendar] = await database.withTenant(tenantId, (tx) => tx.select().from(calendars));
    expect(calendar!.lastSyncedAt?.getTime()).toBe(parts.clock.nowMs());
    const listed = resultOf<{ calendars: CalendarRecord[] }>(
      await (await commandsAs(parts, tenantId, ana)).run('avail.calendars'),
    );
    expect(listed.calendars).toEqual([expect.objectContaining({ busyCount: 1 })]);
    await queue.close();
  });
});

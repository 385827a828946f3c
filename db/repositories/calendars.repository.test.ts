import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsAs, resultOf } from '../../test/support/commands.ts';
import { insertCreatorForTest } from '../../test/support/fixtures.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import type { Database } from '../database.ts';
import { busyBlocks, calendars } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { importCalendarFile, SYNC_LEASE_MS, syncCalendar } from './calendars.repository.ts';
import { findActorByIdentity } from './people.repository.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const FEED = 'https://cal.example.com/private-sync/basic.ics';
const ics = (...events: string[]) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n${events.join('')}END:VCALENDAR\r\n`;
const event = (uid: string, ...lines: string[]) =>
  `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20261101T000000Z\r\n${lines.map((l) => `${l}\r\n`).join('')}END:VEVENT\r\n`;
/** `count` busy times 20 minutes apart from NOW: never merged, all inside the window. */
const dense = (uid: string, count: number) =>
  ics(
    event(
      uid,
      'DTSTART:20261123T120000Z',
      'DURATION:PT10M',
      `RRULE:FREQ=MINUTELY;INTERVAL=20;COUNT=${count}`,
    ),
  );

let database: Database;
let tenantId: string;
let parts: ReturnType<typeof testRuntimeParts>;
const calendarRows = () => database.withTenant(tenantId, (tx) => tx.select().from(calendars));
const busyRows = () => database.withTenant(tenantId, (tx) => tx.select().from(busyBlocks));

beforeAll(async () => {
  database = await openTestPglite();
  parts = testRuntimeParts(database, NOW);
  tenantId = (await seedTenant(database, { slug: 'cals', creatorCount: 0, seed: 1 })).tenant.id;
  await insertCreatorForTest(database, tenantId, { handle: 'ana', timeZone: 'Europe/London' });
  await insertCreatorForTest(database, tenantId, { handle: 'ben', timeZone: 'Europe/London' });
  parts.fetcher.feeds[FEED] = ics(event('a', 'DTSTART:20261124T100000Z', 'DURATION:PT1H'));
  // Ana subscribes to her feed herself, as `/avail calendar URL` does.
  const ana = await database.withTenant(tenantId, (tx) => findActorByIdentity(tx, 'console', 'ana'));
  resultOf(await (await commandsAs(parts, tenantId, ana!)).run('avail.calendar-add', { url: FEED }));
});
afterAll(() => database.close());

async function anaCalendar() {
  const [calendar] = await database.withTenant(tenantId, (tx) =>
    tx.select().from(calendars).where(eq(calendars.source, 'ics_url')),
  );
  return calendar!;
}

describe('syncCalendar', () => {
  it('runs one sync of a calendar at a time: a second, concurrent one fetches nothing', async () => {
    const calendar = await anaCalendar();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fetched: string[] = [];
    const fetcher = {
      async fetchIcs(url: string) {
        fetched.push(url);
        await gate;
        return parts.fetcher.fetchIcs(url);
      },
    };
    const input = { tenantId, calendarId: calendar.id, nowMs: NOW };
    const first = syncCalendar({ ...parts, fetcher }, input);
    await expect.poll(() => fetched.length).toBe(1);
    expect(await syncCalendar({ ...parts, fetcher }, input)).toEqual({ skipped: 'in_progress' });
    release();
    expect(await first).toEqual({ busyCount: 1 });
    expect(fetched).toEqual([FEED]);
    // Finished: the claim is released, so the next sync runs.
    expect((await anaCalendar()).syncClaimedUntil).toBeNull();
    expect(await syncCalendar(parts, input)).toEqual({ busyCount: 1 });
  });

  it('takes over a claim whose lease ran out (a sync that died)', async () => {
    const calendar = await anaCalendar();
    await database.withTenant(tenantId, (tx) =>
      tx
        .update(calendars)
        .set({ syncClaimedUntil: new Date(NOW + SYNC_LEASE_MS) })
        .where(eq(calendars.id, calendar.id)),
    );
    const input = { tenantId, calendarId: calendar.id };
    expect(await syncCalendar(parts, { ...input, nowMs: NOW })).toEqual({ skipped: 'in_progress' });
    expect(await syncCalendar(parts, { ...input, nowMs: NOW + SYNC_LEASE_MS + 1 })).toEqual({ busyCount: 1 });
  });

  it('records a failure as a reason code only, keeps the busy set and frees the claim', async () => {
    const calendar = await anaCalendar();
    parts.fetcher.feeds[FEED] = ics(
      event('s', 'DTSTART:20261123T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY'),
    );
    const result = await syncCalendar(parts, { tenantId, calendarId: calendar.id, nowMs: NOW });
    expect(result).toEqual({ error: 'too_many_busy' });
    const after = await anaCalendar();
    expect([after.lastError, after.busyCount, after.syncClaimedUntil]).toEqual(['too_many_busy', 1, null]);
    expect((await busyRows()).filter((b) => b.calendarId === calendar.id)).toHaveLength(1);
    parts.fetcher.feeds[FEED] = ics(event('a', 'DTSTART:20261124T100000Z', 'DURATION:PT1H'));
  });

  it('stores nothing but a code in last_error, whatever writes it', async () => {
    const calendar = await anaCalendar();
    await expect(
      database.withTenant(tenantId, (tx) =>
        tx
          .update(calendars)
          .set({ lastError: 'Could not read https://cal.example.com/private-sync: <html>' })
          .where(eq(calendars.id, calendar.id)),
      ),
    ).rejects.toThrow();
  });
});

describe('importCalendarFile bounds', () => {
  const file = (label: string, icsText: string) =>
    importCalendarFile(parts, { tenantId, handle: 'ben', label, icsText, nowMs: NOW });

  it('refuses a file over 2 MB, or one that repeats too often, writing nothing', async () => {
    const before = (await calendarRows()).length;
    const huge = ics(
      event('h', 'DTSTART:20261124T100000Z', 'DURATION:PT1H', `X-PAD:${'x'.repeat(2 * 1024 * 1024)}`),
    );
    await expect(file('Huge', huge)).rejects.toMatchObject({
      message: 'That calendar is too large to import: more than 2 MB.',
    });
    const secondly = ics(event('s', 'DTSTART:20261123T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY'));
    await expect(file('Busy', secondly)).rejects.toMatchObject({
      message: 'That calendar repeats too often to import: more than 5,000 busy times in the next 8 weeks.',
    });
    expect(await calendarRows()).toHaveLength(before);
  });

  it('caps busy times across one person’s calendars, refusing the one that would pass the cap', async () => {
    expect((await file('Tour A', dense('a', 4_000))).busyCount).toBe(4_000);
    expect((await file('Tour B', dense('b', 4_000))).busyCount).toBe(4_000);
    await expect(file('Tour C', dense('c', 4_000))).rejects.toMatchObject({
      code: 'availability.calendar_too_big',
      details: { reason: 'creator_busy_limit' },
      message:
        'That would be more than 10,000 busy times from calendars for one person: remove a calendar first (/avail calendar remove N).',
    });
    const labels = (await calendarRows()).map((c) => c.label);
    expect(labels).not.toContain('Tour C');
    // Replacing a calendar's own set counts only the others.
    expect((await file('Tour B', dense('b', 2_500))).busyCount).toBe(2_500);
  });

  it('allows 5 calendars per person', async () => {
    await file('Three', dense('3', 1));
    await file('Four', dense('4', 1));
    await file('Five', dense('5', 1));
    await expect(file('Six', dense('6', 1))).rejects.toMatchObject({
      code: 'availability.too_many_calendars',
      message: 'calendar: at most 5 calendars per person; remove one first (/avail calendar remove N)',
    });
  });
});

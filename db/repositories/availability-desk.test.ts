import { createServer, type Server } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import { httpCalendarFetcher } from '../../jobs/http-calendar-fetcher.ts';
import { insertCreatorForTest } from '../../test/support/fixtures.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import type { Database } from '../database.ts';
import { auditEvents, busyBlocks, calendars } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { availabilityDesk } from './availability-desk.ts';
import { importCalendarFile, syncCalendar } from './calendars.repository.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z'); // a Monday
const HOUR = 3_600_000;
const window = { startMs: NOW, endMs: NOW + 7 * 24 * HOUR };

let database: Database;
let tenantId: string;
let otherTenantId: string;
let server: Server;
let feedBody = '';
let feedStatus = 200;
let feedUrl = '';

const ics = (events: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${events}END:VCALENDAR\r\n`;
const event = (uid: string, start: string, end: string, extra = '') =>
  `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:${start}\r\nDTEND:${end}\r\nSUMMARY:Secret meeting with label\r\n${extra}END:VEVENT\r\n`;

beforeAll(async () => {
  database = await openTestPglite();
  tenantId = (await seedTenant(database, { slug: 'avail', creatorCount: 0, seed: 1 })).tenant.id;
  otherTenantId = (await seedTenant(database, { slug: 'other', creatorCount: 0, seed: 1 })).tenant.id;
  parts = {
    ...testRuntimeParts(database, NOW),
    fetcher: httpCalendarFetcher({ timeoutMs: 2_000, allowPrivateAddresses: true }),
  };
  await insertCreatorForTest(database, tenantId, { handle: 'ana', timeZone: 'Europe/London' });
  await insertCreatorForTest(database, otherTenantId, { handle: 'ana', timeZone: 'America/New_York' });
  server = createServer((_request, response) => {
    response.writeHead(feedStatus, { 'content-type': 'text/calendar' });
    response.end(feedBody);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/private-abc123/basic.ics`;
});
afterAll(async () => {
  server.close();
  await database.close();
});

// One set of parts for the file: the secret box's key must stay the same between seal and open.
let parts: Omit<ReturnType<typeof testRuntimeParts>, 'fetcher'> & { fetcher: CalendarFetcher };
const desk = (forTenant = tenantId) => availabilityDesk(parts, forTenant);

describe('the availability desk on the database', () => {
  it('stores a weekly rule in the creator’s zone and computes free time from it', async () => {
    await desk().addRule(
      'ana',
      { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', startTime: '17:00', endTime: '19:00' },
      'test',
    );
    const free = await desk().freeIntervals('ana', window);
    // London is on GMT in late November: 17:00 local = 17:00Z.
    expect(free.map((i) => new Date(i.startMs).toISOString())).toEqual([
      '2026-11-23T17:00:00.000Z',
      '2026-11-25T17:00:00.000Z',
    ]);
    const record = await desk().record('ana', window);
    expect(record?.rules).toEqual([
      expect.objectContaining({ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', startTime: '17:00', endTime: '19:00' }),
    ]);
  });

  it('refuses a bad rule naming the field, and writes nothing', async () => {
    await expect(
      desk().addRule('ana', { rrule: 'FREQ=SOMETIMES', startTime: '17:00', endTime: '19:00' }, 'test'),
    ).rejects.toThrow(/^rule\.rrule/);
    await expect(
      desk().addRule('ana', { rrule: 'FREQ=WEEKLY;BYDAY=MO', startTime: '25:00', endTime: '19:00' }, 'test'),
    ).rejects.toThrow(/^rule\.start/);
    expect((await desk().record('ana', window))?.rules).toHaveLength(1);
  });

  it('lets a day off override the weekly rule, and extra time add to it', async () => {
    await desk().addBlock(
      'ana',
      {
        kind: 'unavailable',
        startMs: Date.parse('2026-11-25T00:00:00Z'),
        endMs: Date.parse('2026-11-26T00:00:00Z'),
      },
      'test',
    );
    await desk().addBlock(
      'ana',
      {
        kind: 'available',
        startMs: Date.parse('2026-11-28T10:00:00Z'),
        endMs: Date.parse('2026-11-28T12:00:00Z'),
      },
      'test',
    );
    const free = await desk().freeIntervals('ana', window);
    expect(free.map((i) => [new Date(i.startMs).toISOString(), new Date(i.endMs).toISOString()])).toEqual([
      ['2026-11-23T17:00:00.000Z', '2026-11-23T19:00:00.000Z'],
      ['2026-11-28T10:00:00.000Z', '2026-11-28T12:00:00.000Z'],
    ]);
    await expect(
      desk().addBlock('ana', { kind: 'unavailable', startMs: NOW, endMs: NOW }, 'test'),
    ).rejects.toThrow('end: expected a time after the start');
  });

  it('imports a calendar feed as busy time only, and re-import replaces the set', async () => {
    feedBody = ics(event('a', '20261123T170000Z', '20261123T180000Z'));
    const { busyCount } = await desk().addCalendarUrl('ana', feedUrl, 'test');
    expect(busyCount).toBe(1);
    const free = await desk().freeIntervals('ana', window);
    expect(free[0]).toEqual({
      startMs: Date.parse('2026-11-23T18:00:00Z'),
      endMs: Date.parse('2026-11-23T19:00:00Z'),
    });

    const [calendar] = await database.withTenant(tenantId, (tx) => tx.select().from(calendars));
    expect(calendar!.urlSealed).not.toContain('private-abc123');
    const stored = JSON.stringify(await database.withTenant(tenantId, (tx) => tx.select().from(busyBlocks)));
    expect(stored).not.toContain('Secret meeting');

    feedBody = ics(
      event('b', '20261124T090000Z', '20261124T100000Z') + event('c', '20261125T090000Z', '20261125T100000Z'),
    );
    expect(await syncCalendar(parts, { tenantId, calendarId: calendar!.id, nowMs: NOW })).toEqual({
      busyCount: 2,
    });
    const busy = await database.withTenant(tenantId, (tx) =>
      tx.select().from(busyBlocks).where(eq(busyBlocks.calendarId, calendar!.id)),
    );
    expect(busy.map((b) => new Date(b.during.startMs).toISOString()).toSorted()).toEqual([
      '2026-11-24T09:00:00.000Z',
      '2026-11-25T09:00:00.000Z',
    ]);
  });

  it('keeps the previous busy set when a sync fails, and records why', async () => {
    const [calendar] = await database.withTenant(tenantId, (tx) => tx.select().from(calendars));
    feedStatus = 500;
    const result = await syncCalendar(parts, { tenantId, calendarId: calendar!.id, nowMs: NOW });
    feedStatus = 200;
    expect(result).toEqual({ error: 'bad_status' });
    const busy = await database.withTenant(tenantId, (tx) =>
      tx.select().from(busyBlocks).where(eq(busyBlocks.calendarId, calendar!.id)),
    );
    expect(busy).toHaveLength(2);
    const [after] = await database.withTenant(tenantId, (tx) => tx.select().from(calendars));
    expect(after!.lastError).toBe('bad_status');
    expect((await desk().record('ana', window))?.calendars).toEqual([
      expect.objectContaining({ busyCount: 2, lastFailure: 'bad_status' }),
    ]);
  });

  it('refuses a malformed feed without touching the busy set', async () => {
    const before = await database.withTenant(tenantId, (tx) => tx.select().from(busyBlocks));
    await expect(
      importCalendarFile(parts, {
        tenantId,
        handle: 'ana',
        label: 'Upload',
        icsText: 'not a calendar',
        nowMs: NOW,
      }),
    ).rejects.toThrow(/ics/i);
    expect(await database.withTenant(tenantId, (tx) => tx.select().from(busyBlocks))).toHaveLength(
      before.length,
    );
  });

  it('imports a file calendar, and importing it again replaces its busy set', async () => {
    const first = await importCalendarFile(parts, {
      tenantId,
      handle: 'ana',
      label: 'Tour',
      icsText: ics(
        event('t1', '20261126T100000Z', '20261126T120000Z') +
          event('t2', '20261127T100000Z', '20261127T120000Z'),
      ),
      nowMs: NOW,
    });
    const second = await importCalendarFile(parts, {
      tenantId,
      handle: 'ana',
      label: 'Tour',
      icsText: ics(event('t1', '20261126T100000Z', '20261126T120000Z')),
      nowMs: NOW,
    });
    expect(second.calendarId).toBe(first.calendarId);
    expect([first.busyCount, second.busyCount]).toEqual([2, 1]);
    const rows = await database.withTenant(tenantId, (tx) =>
      tx.select().from(busyBlocks).where(eq(busyBlocks.calendarId, first.calendarId)),
    );
    expect(rows).toHaveLength(1);
  });

  it('writes nothing for a URL whose feed fails to read: no calendar, no busy time, no audit', async () => {
    const count = async () =>
      database.withTenant(tenantId, async (tx) => [
        (await tx.select().from(calendars)).length,
        (await tx.select().from(busyBlocks)).length,
        (await tx.select().from(auditEvents)).length,
      ]);
    const before = await count();
    const failing = [
      // Starts like a calendar (so it is read), then does not parse; ical.js would quote the line.
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:secret-body-line\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      ics(event('s', '20261123T000000Z', '20261123T000001Z', 'RRULE:FREQ=SECONDLY\r\n')),
    ];
    const messages: string[] = [];
    for (const body of failing) {
      feedBody = body;
      messages.push(
        await desk()
          .addCalendarUrl('ana', feedUrl, 'test')
          .then(String, (e: Error) => e.message),
      );
    }
    expect(messages).toEqual([
      "Couldn't read a calendar at that address.",
      "Couldn't read a calendar at that address. That calendar repeats too often to import: more than 5,000 busy times in the next 8 weeks.",
    ]);
    expect(await count()).toEqual(before);
  });

  it('removes a calendar with its busy time, audited', async () => {
    feedBody = ics(event('r', '20261126T150000Z', '20261126T160000Z'));
    await desk().addCalendarUrl('ana', `${feedUrl}?second`, 'test');
    const listed = (await desk().record('ana', window))!.calendars;
    const added = listed.find((c) => c.busyCount === 1 && c.source === 'ics_url' && !c.lastFailure)!;
    await desk().removeCalendar('ana', added.id, 'test');
    const left = await database.withTenant(tenantId, async (tx) => ({
      calendars: await tx.select().from(calendars).where(eq(calendars.id, added.id)),
      busy: await tx.select().from(busyBlocks).where(eq(busyBlocks.calendarId, added.id)),
      audit: await tx
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'availability.calendar_removed')),
    }));
    expect(left.calendars).toEqual([]);
    expect(left.busy).toEqual([]);
    expect(left.audit.map((a) => a.oldValues)).toEqual([
      { label: '127.0.0.1', source: 'ics_url', busyCount: 1 },
    ]);
    await expect(desk().removeCalendar('ana', added.id, 'test')).rejects.toThrow(
      'That calendar does not exist any more.',
    );
  });

  it('audits every change and keeps tenants apart', async () => {
    const actions = (await database.withTenant(tenantId, (tx) => tx.select().from(auditEvents))).map(
      (e) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'availability.rule_added',
        'availability.unavailable_added',
        'availability.available_added',
        'availability.calendar_added',
      ]),
    );
    expect((await desk(otherTenantId).record('ana', window))?.rules).toEqual([]);
    expect(await desk(otherTenantId).freeIntervals('ana', window)).toEqual([]);
  });

  it('toggles the writing opt-in', async () => {
    await desk().setWritingOptIn('ana', false, 'test');
    expect((await desk().record('ana', window))?.isWritingOptIn).toBe(false);
    await desk().setWritingOptIn('ana', true, 'test');
    expect((await desk().record('ana', window))?.isWritingOptIn).toBe(true);
  });
});

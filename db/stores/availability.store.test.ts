import { createServer, type Server } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarRecord } from '../../core/availability/availability.store.ts';
import type { Actor } from '../../core/commands/command.ts';
import type { AvailabilityPicture } from '../../core/commands/definitions/avail/avail-target.ts';
import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import { httpCalendarFetcher } from '../../jobs/http-calendar-fetcher.ts';
import { commandsAs, errorOf, resultOf } from '../../test/support/commands.ts';
import { insertCreatorForTest } from '../../test/support/fixtures.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import type { Database } from '../database.ts';
import { importCalendarFile, syncCalendar } from '../repositories/calendars.repository.ts';
import { findActorByIdentity } from '../repositories/people.repository.ts';
import { auditEvents, busyBlocks, calendars } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z'); // a Monday

let database: Database;
let tenantId: string;
let otherTenantId: string;
let server: Server;
let feedBody = '';
let feedStatus = 200;
let feedUrl = '';
/** Ana, a creator in London, changing her own availability; and the Ana of another tenant. */
let ana: Actor;
let otherAna: Actor;

const ics = (events: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${events}END:VCALENDAR\r\n`;
const event = (uid: string, start: string, end: string, extra = '') =>
  `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:${start}\r\nDTEND:${end}\r\nSUMMARY:Secret meeting with label\r\n${extra}END:VEVENT\r\n`;

const consoleActor = async (forTenant: string, handle: string) =>
  (await database.withTenant(forTenant, (tx) => findActorByIdentity(tx, 'console', handle)))!;

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
  ana = await consoleActor(tenantId, 'ana');
  otherAna = await consoleActor(otherTenantId, 'ana');
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
const run = async (command: string, input: Record<string, unknown> = {}, who = ana, forTenant = tenantId) =>
  (await commandsAs(parts as ReturnType<typeof testRuntimeParts>, forTenant, who)).run(command, input);
const picture = async (who = ana, forTenant = tenantId) =>
  resultOf<AvailabilityPicture>(await run('avail.show', {}, who, forTenant));
const calendarList = async () =>
  resultOf<{ calendars: CalendarRecord[] }>(await run('avail.calendars')).calendars;
const isoRanges = (intervals: readonly { startMs: number; endMs: number }[]) =>
  intervals.map((i) => [new Date(i.startMs).toISOString(), new Date(i.endMs).toISOString()]);

describe('availability through the commands, on the database', () => {
  it('stores a weekly rule in the creator’s zone and computes free time from it', async () => {
    resultOf(await run('avail.add', { days: ['MO', 'WE'], start: '17:00', end: '19:00' }));
    const shown = await picture();
    // London is on GMT in late November: 17:00 local = 17:00Z.
    expect(isoRanges(shown.thisWeek)).toEqual([
      ['2026-11-23T17:00:00.000Z', '2026-11-23T19:00:00.000Z'],
      ['2026-11-25T17:00:00.000Z', '2026-11-25T19:00:00.000Z'],
    ]);
    expect(shown.rules).toEqual([
      expect.objectContaining({ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', startTime: '17:00', endTime: '19:00' }),
    ]);
  });

  it('refuses a bad rule naming the field, and writes nothing', async () => {
    const badDays = await run('avail.add', { days: ['SOMETIMES'], start: '17:00', end: '19:00' });
    expect(badDays.problem?.path).toBe('days[0]');
    const badStart = await run('avail.add', { days: ['MO'], start: '25:00', end: '19:00' });
    expect(badStart.problem?.path).toBe('start');
    expect(errorOf(badStart)).toBe('start: expected a start time like 17:00');
    // Past the schema, the rule itself is compiled before anything is written.
    const badFrom = await run('avail.add', {
      days: ['MO'],
      start: '17:00',
      end: '19:00',
      from: '2026-02-30',
    });
    expect(badFrom.problem?.path).toBe('from');
    expect((await picture()).rules).toHaveLength(1);
  });

  it('lets a day off override the weekly rule, and extra time add to it', async () => {
    resultOf(await run('avail.one-off', { kind: 'unavailable', from: '2026-11-25' }));
    resultOf(
      await run('avail.one-off', { kind: 'available', from: '2026-11-28', start: '10:00', end: '12:00' }),
    );
    expect(isoRanges((await picture()).thisWeek)).toEqual([
      ['2026-11-23T17:00:00.000Z', '2026-11-23T19:00:00.000Z'],
      ['2026-11-28T10:00:00.000Z', '2026-11-28T12:00:00.000Z'],
    ]);
    // A span that ends before it starts is refused, naming the field (an end time at or before the
    // start time reads as overnight, so only the dates can be backwards).
    const backwards = await run('avail.one-off', {
      kind: 'unavailable',
      from: '2026-11-26',
      to: '2026-11-25',
    });
    expect(backwards.problem).toEqual({ path: 'to', message: 'expected a date on or after the first' });
    expect((await picture()).blocks).toHaveLength(2);
  });

  it('imports a calendar feed as busy time only, and re-import replaces the set', async () => {
    feedBody = ics(event('a', '20261123T170000Z', '20261123T180000Z'));
    const { busyCount } = resultOf<{ busyCount: number }>(await run('avail.calendar-add', { url: feedUrl }));
    expect(busyCount).toBe(1);
    expect((await picture()).thisWeek[0]).toEqual({
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
    expect(await calendarList()).toEqual([
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
      messages.push(errorOf(await run('avail.calendar-add', { url: feedUrl })));
    }
    expect(messages).toEqual([
      "Couldn't read a calendar at that address.",
      "Couldn't read a calendar at that address. That calendar repeats too often to import: more than 5,000 busy times in the next 8 weeks.",
    ]);
    expect(await count()).toEqual(before);
  });

  it('removes a calendar with its busy time, audited', async () => {
    feedBody = ics(event('r', '20261126T150000Z', '20261126T160000Z'));
    resultOf(await run('avail.calendar-add', { url: `${feedUrl}?second` }));
    const listed = await calendarList();
    const number = listed.findIndex((c) => c.busyCount === 1 && c.source === 'ics_url' && !c.lastFailure) + 1;
    const added = listed[number - 1]!;
    const removed = resultOf<{ removed: CalendarRecord; calendars: CalendarRecord[] }>(
      await run('avail.calendar-remove', { number }),
    );
    expect(removed.removed.id).toBe(added.id);
    expect(removed.calendars.map((c) => c.id)).toEqual(
      listed.filter((c) => c.id !== added.id).map((c) => c.id),
    );
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
    const past = listed.length; // one fewer now: the last number names nothing
    expect(errorOf(await run('avail.calendar-remove', { number: past })).split('\n')[0]).toBe(
      `number: there is no calendar ${past}`,
    );
  });

  it('answers typed input (forms, --json, tools) without the chat usage line', async () => {
    // The chat line's usage belongs to chat: a refusal of a typed invocation says only what was wrong.
    expect(errorOf(await run('avail.calendar-remove', { number: 99 }))).toBe(
      'number: there is no calendar 99',
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
    const other = await picture(otherAna, otherTenantId);
    expect(other.rules).toEqual([]);
    expect(other.calendars).toEqual([]);
    expect([...other.thisWeek, ...other.nextWeek]).toEqual([]);
  });

  it('toggles the writing opt-in', async () => {
    resultOf(await run('avail.writing', { isOptedIn: false }));
    expect((await picture()).creator.isWritingOptIn).toBe(false);
    resultOf(await run('avail.writing', { isOptedIn: true }));
    expect((await picture()).creator.isWritingOptIn).toBe(true);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALENDAR_UNREACHABLE_MESSAGE } from '../../core/availability/calendar-failures.ts';
import type { Database } from '../../db/database.ts';
import { syncCalendar } from '../../db/repositories/calendars.repository.ts';
import { auditEvents, calendars } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { type HostResolver, httpCalendarFetcher } from '../../jobs/http-calendar-fetcher.ts';
import {
  type HostileCalendarServer,
  hostileCalendarServer,
} from '../../jobs/testing/hostile-calendar-server.ts';
import { insertCreatorForTest } from '../../test/support/fixtures.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { createLogger } from '../runtime/logger.ts';
import { openConsoleSession } from './console-session.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const REFUSED = `✗ ${CALENDAR_UNREACHABLE_MESSAGE}\n`;
const SECRET = 'private-9f3a7c';

let database: Database;
let tenantId: string;
let server: HostileCalendarServer;
let port: string;
const logLines: string[] = [];
const logger = createLogger('trace', { write: (line: string) => void logLines.push(line) });
let base: ReturnType<typeof testRuntimeParts>;

const dns: HostResolver = async (hostname) => {
  const table: Record<string, string> = {
    'calendar.example.com': '10.1.2.3',
    'inside.example.com': '127.0.0.2',
  };
  if (!table[hostname]) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return [{ address: table[hostname]!, family: 4 }];
};
/** The console as ana, with a fetcher configured as the runtime would be. */
const ana = (fetcherOptions: Parameters<typeof httpCalendarFetcher>[0]) =>
  openConsoleSession(
    { ...base, fetcher: httpCalendarFetcher({ timeoutMs: 1_500, resolve: dns, ...fetcherOptions }), logger },
    { tenantSlug: 'demo', as: 'ana' },
  );
const storedCalendars = () => database.withTenant(tenantId, (tx) => tx.select().from(calendars));

beforeAll(async () => {
  database = await openTestPglite();
  base = testRuntimeParts(database, NOW);
  tenantId = (await seedTenant(database, { slug: 'demo', creatorCount: 0, seed: 1 })).tenant.id;
  await insertCreatorForTest(database, tenantId, { handle: 'ana', timeZone: 'Europe/London' });
  server = await hostileCalendarServer('127.0.0.1');
  port = new URL(server.origin).port;
});
afterAll(async () => {
  await server.close();
  await database.close();
});

describe('/avail calendar URL, as a user sends it', () => {
  it('refuses inward addresses with one sentence, reaching nothing and writing nothing', async () => {
    const session = await ana({});
    const hosts = [
      '127.0.0.1',
      'localhost',
      '2130706433',
      '0x7f.1',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '10.0.0.1',
      '172.16.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '169.254.1.1',
      '[fc00::1]',
      '[fe80::1]',
      '224.0.0.1',
      '[ff02::1]',
      '0.0.0.0',
      'calendar.example.com', // DNS answers 10.1.2.3
    ];
    for (const host of hosts) {
      expect(await session.send(`/avail calendar http://${host}:${port}/${SECRET}/basic.ics`), host).toBe(
        REFUSED,
      );
    }
    // Allowed first hop (by exact address, as an on-premise server), redirecting inward.
    const redirected = await ana({ allowedAddresses: ['127.0.0.1'] });
    for (const target of [`http://inside.example.com:${port}/feed/small`, 'http://169.254.169.254/latest']) {
      const url = `${server.origin}/to?${encodeURIComponent(target)}`;
      expect(await redirected.send(`/avail calendar ${url}`)).toBe(REFUSED);
    }
    expect(server.requests.filter((path) => path !== '/to')).toEqual([]);
    expect(await storedCalendars()).toEqual([]);
  });

  it('refuses what breaks a bound (CALENDAR_FETCH_ALLOW_PRIVATE=true): the same sentence, naming the bound', async () => {
    const session = await ana({ allowPrivateAddresses: true });
    const secondly =
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:s\r\nDTSTART:20261123T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const forty = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${Array.from(
      { length: 40 },
      (_, i) =>
        `BEGIN:VEVENT\r\nUID:e${i}\r\nDTSTART:19900101T0000${String(i).padStart(2, '0')}Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n`,
    ).join('')}END:VCALENDAR\r\n`;
    server.feeds[`/${SECRET}/secondly.ics`] = secondly;
    server.feeds[`/${SECRET}/forty.ics`] = forty;
    expect(Buffer.byteLength(forty)).toBeLessThan(5_000);
    const cases: Array<[string, string]> = [
      [
        `/${SECRET}/secondly.ics`,
        'That calendar repeats too often to import: more than 5,000 busy times in the next 8 weeks.',
      ],
      [
        `/${SECRET}/forty.ics`,
        'That calendar repeats too often to import: more than 100,000 repeats to work through.',
      ],
      ['/huge', 'That calendar is too large to import: more than 2 MB.'],
      ['/lying', 'That calendar is too large to import: more than 2 MB.'],
      ['/slow', ''],
      ['/loop/0', ''],
      ['/html', ''],
      ['/status/500', ''],
    ];
    for (const [path, bound] of cases) {
      const expected = bound ? `✗ ${CALENDAR_UNREACHABLE_MESSAGE} ${bound}\n` : REFUSED;
      expect(await session.send(`/avail calendar ${server.origin}${path}`), path).toBe(expected);
    }
    expect(await storedCalendars()).toEqual([]);
  });

  it('connects, lists, records a failing sync as a code only, and removes', async () => {
    const session = await ana({ allowPrivateAddresses: true });
    server.rewrites[`/${SECRET}/ana.ics`] = '/feed/small';
    const url = `${server.origin}/${SECRET}/ana.ics`;
    expect(await session.send(`/avail calendar ${url}`)).toContain(
      '✓ Calendar connected: 1 busy blocks imported',
    );
    expect(await session.send('/avail calendar')).toContain('Calendars:\n   1. 127.0.0.1: 1 busy blocks');

    const fetcher = httpCalendarFetcher({ allowPrivateAddresses: true, timeoutMs: 1_500 });
    const [calendar] = await storedCalendars();
    for (const [hostile, reason] of [
      ['/html', 'not_ics'],
      ['/slow', 'timeout'],
      ['/huge', 'too_large'],
    ] as const) {
      server.rewrites[`/${SECRET}/ana.ics`] = hostile;
      const outcome = await syncCalendar(
        { ...base, fetcher },
        { tenantId, calendarId: calendar!.id, nowMs: NOW + 3_600_000 },
      );
      expect(outcome).toEqual({ error: reason });
      const [after] = await storedCalendars();
      expect(after!.lastError).toBe(reason);
    }
    expect(await session.send('/avail')).toContain(
      `1. 127.0.0.1: 1 busy blocks · last sync failed: ${CALENDAR_UNREACHABLE_MESSAGE} That calendar is too large to import: more than 2 MB.`,
    );

    expect(await session.send('/avail calendar remove 1')).toContain(
      '✓ Removed the calendar 127.0.0.1 and its 1 busy blocks.',
    );
    expect(await session.send('/avail calendar')).toContain('No calendars yet.');
    expect(await session.send('/avail calendar remove 1')).toContain('✗ number: there is no calendar 1\n');
    expect(await session.send('/avail calendar remove one')).toContain(
      '✗ number: expected the number shown by /avail, like 2\nUsage: /avail [@handle] calendar remove N\n',
    );
    const audit = await database.withTenant(tenantId, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.action, 'availability.calendar_removed')),
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it('never logs a calendar address, at any level', () => {
    const logged = logLines.join('\n');
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(`:${port}`);
    expect(logged).not.toContain('169.254.169.254');
  });
});

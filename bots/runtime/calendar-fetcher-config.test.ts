import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALENDAR_UNREACHABLE_MESSAGE } from '../../core/availability/calendar-failures.ts';
import {
  type HostileCalendarServer,
  hostileCalendarServer,
  SMALL_FEED,
} from '../../jobs/testing/hostile-calendar-server.ts';
import { loadConfig } from './config.ts';
import { calendarFetcherFor } from './runtime.ts';

let server: HostileCalendarServer;
beforeAll(async () => {
  server = await hostileCalendarServer('127.0.0.1');
});
afterAll(() => server.close());

describe('the runtime’s calendar fetcher', () => {
  it('refuses private addresses unless CALENDAR_FETCH_ALLOW_PRIVATE=true', async () => {
    const url = `${server.origin}/feed/small`;
    await expect(calendarFetcherFor(loadConfig({})).fetchIcs(url)).rejects.toThrow(
      CALENDAR_UNREACHABLE_MESSAGE,
    );
    expect(server.requests).toEqual([]);
    const onPremise = calendarFetcherFor(loadConfig({ CALENDAR_FETCH_ALLOW_PRIVATE: 'true' }));
    expect(await onPremise.fetchIcs(url)).toBe(SMALL_FEED);
  });
});

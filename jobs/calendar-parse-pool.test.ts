import { afterAll, describe, expect, it } from 'vitest';
import { icsBusyIntervals } from '../core/availability/ics-busy.ts';
import { calendarParsePool } from './calendar-parse-pool.ts';

const calendar = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...events, 'END:VCALENDAR'].join('\r\n');
const event = (...lines: string[]) =>
  ['BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');
const options = {
  window: { startMs: Date.parse('2026-03-01T00:00Z'), endMs: Date.parse('2026-04-01T00:00Z') },
  fallbackTimeZone: 'Europe/London',
};
const weekly = calendar(
  event('DTSTART:20260302T100000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3'),
);
// ical.js spins inside a single step on a rule that can never match: only ending the thread stops it.
const endless = calendar(event('DTSTART:20260301T000000Z', 'RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30'));

// The default 2 s budget: the refusal names it.
const pool = calendarParsePool({ size: 1, maxQueued: 1 });
afterAll(() => pool.close());

describe('calendarParsePool', () => {
  it('reads a feed on a worker thread with the same answer as the pure function', async () => {
    expect(await pool.busyIntervals(weekly, options)).toEqual(icsBusyIntervals(weekly, options));
  });

  it('passes bound refusals and bad feeds back as AppErrors', async () => {
    const secondly = calendar(event('DTSTART:20260301T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY'));
    await expect(pool.busyIntervals(secondly, options)).rejects.toMatchObject({
      name: 'AppError',
      code: 'availability.calendar_too_big',
      details: { reason: 'too_many_busy' },
    });
    await expect(pool.busyIntervals('not a calendar', options)).rejects.toMatchObject({
      code: 'availability.bad_ics',
    });
  });

  it('ends a feed that outlasts its budget, keeping the event loop free meanwhile', async () => {
    const reading = pool.busyIntervals(endless, options);
    let hasSettled = false;
    void reading
      .catch(() => {})
      .finally(() => {
        hasSettled = true;
      });
    await new Promise((resolve) => setImmediate(resolve));
    expect(hasSettled).toBe(false);
    await expect(reading).rejects.toMatchObject({
      code: 'availability.calendar_too_big',
      details: { reason: 'too_complex' },
      message: 'That calendar is too complex to import: reading it takes more than 2 seconds.',
    });
    // The terminated worker is replaced.
    expect(await pool.busyIntervals(weekly, options)).toHaveLength(3);
  });

  it('refuses a feed when the queue is full, instead of piling up work', async () => {
    const first = expect(pool.busyIntervals(endless, options)).rejects.toMatchObject({
      details: { reason: 'too_complex' },
    });
    const second = pool.busyIntervals(weekly, options);
    await expect(pool.busyIntervals(weekly, options)).rejects.toMatchObject({
      code: 'availability.calendar_readers_busy',
      message: 'Calendars are busy being read right now: try again in a minute.',
    });
    await first;
    expect(await second).toHaveLength(3);
  });

  it('rejects what is still waiting when closed', async () => {
    const closing = calendarParsePool({ size: 1 });
    const reading = expect(closing.busyIntervals(weekly, options)).rejects.toThrow(
      'the calendar parse pool is closed',
    );
    await closing.close();
    await reading;
    await expect(closing.busyIntervals(weekly, options)).rejects.toThrow('closed');
  });
});

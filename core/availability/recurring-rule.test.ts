import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personFreeIntervals } from './free-time.ts';
import type { Interval } from './intervals.ts';
import { findOverlapWindows } from './overlap.ts';
import { compileRule, expandRule, type RecurringRule } from './recurring-rule.ts';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const windowOf = (start: string, end: string): Interval => ({
  startMs: Date.parse(start),
  endMs: Date.parse(end),
});
const expand = (rule: RecurringRule, timeZone: string, window: Interval) =>
  expandRule(compileRule(rule, timeZone), window).map((i) => `${iso(i.startMs)}/${iso(i.endMs)}`);

describe('expandRule', () => {
  it('keeps 17:00 local across the US change (UTC moves an hour)', () => {
    const rule = { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', startTime: '17:00', endTime: '19:00' };
    expect(expand(rule, 'America/New_York', windowOf('2026-03-02T00:00Z', '2026-03-12T00:00Z'))).toEqual([
      '2026-03-02T22:00/2026-03-03T00:00',
      '2026-03-04T22:00/2026-03-05T00:00',
      '2026-03-09T21:00/2026-03-09T23:00',
      '2026-03-11T21:00/2026-03-11T23:00',
    ]);
  });

  it('moves a time in the spring-forward gap forward by the gap (02:30 -> 03:30 EDT)', () => {
    const rule = {
      rrule: 'FREQ=DAILY',
      startTime: '02:30',
      endTime: '04:00',
      fromDate: '2026-03-07',
      untilDate: '2026-03-09',
    };
    expect(expand(rule, 'America/New_York', windowOf('2026-03-01T00:00Z', '2026-03-20T00:00Z'))).toEqual([
      '2026-03-07T07:30/2026-03-07T09:00',
      '2026-03-08T07:30/2026-03-08T08:00',
      '2026-03-09T06:30/2026-03-09T08:00',
    ]);
  });

  it('takes the first (EDT) 01:30 on the fall-back day', () => {
    const rule = {
      rrule: 'FREQ=DAILY',
      startTime: '01:30',
      endTime: '02:30',
      fromDate: '2026-11-01',
      untilDate: '2026-11-01',
    };
    expect(expand(rule, 'America/New_York', windowOf('2026-10-30T00:00Z', '2026-11-03T00:00Z'))).toEqual([
      '2026-11-01T05:30/2026-11-01T07:30',
    ]);
  });

  it('follows the southern-hemisphere change in Sydney (April)', () => {
    const rule = { rrule: 'FREQ=DAILY', startTime: '09:00', endTime: '10:00' };
    expect(expand(rule, 'Australia/Sydney', windowOf('2026-04-03T12:00Z', '2026-04-06T12:00Z'))).toEqual([
      '2026-04-03T22:00/2026-04-03T23:00',
      '2026-04-04T23:00/2026-04-05T00:00',
      '2026-04-05T23:00/2026-04-06T00:00',
    ]);
  });

  it('handles half-hour zones and rules past midnight (Kolkata 22:00-01:00)', () => {
    const rule = { rrule: 'FREQ=WEEKLY;BYDAY=TU', startTime: '22:00', endTime: '01:00' };
    expect(expand(rule, 'Asia/Kolkata', windowOf('2026-03-01T00:00Z', '2026-03-08T00:00Z'))).toEqual([
      '2026-03-03T16:30/2026-03-03T19:30',
    ]);
  });

  it('counts INTERVAL=2 weeks from the from date, whatever the window', () => {
    const rule = {
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
      startTime: '10:00',
      endTime: '11:00',
      fromDate: '2026-03-03',
    };
    const whole = expand(rule, 'UTC', windowOf('2026-03-01T00:00Z', '2026-04-05T00:00Z'));
    expect(whole).toEqual([
      '2026-03-03T10:00/2026-03-03T11:00',
      '2026-03-17T10:00/2026-03-17T11:00',
      '2026-03-31T10:00/2026-03-31T11:00',
    ]);
    expect(expand(rule, 'UTC', windowOf('2026-03-20T00:00Z', '2026-04-05T00:00Z'))).toEqual([whole[2]]);
  });

  it('drops impossible dates instead of rolling them over (Feb 30)', () => {
    const rule = { rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', startTime: '10:00', endTime: '11:00' };
    expect(expand(rule, 'UTC', windowOf('2026-01-01T00:00Z', '2026-12-31T00:00Z'))).toEqual([]);
  });

  it('uses the from date for parts the rule leaves out (monthly on the 31st)', () => {
    const rule = { rrule: 'FREQ=MONTHLY', startTime: '10:00', endTime: '11:00', fromDate: '2026-01-31' };
    const starts = expand(rule, 'UTC', windowOf('2026-01-01T00:00Z', '2026-06-01T00:00Z')).map((s) =>
      s.slice(0, 10),
    );
    expect(starts).toEqual(['2026-01-31', '2026-03-31', '2026-05-31']);
  });

  it.each([
    ['FREQ=FOO', 'rule.rrule'],
    ['garbage', 'rule.rrule'],
    ['FREQ=WEEKLY;BYDAY=XX', 'rule.rrule'],
    ['FREQ=HOURLY', 'rule.rrule'],
    ['FREQ=DAILY;BYHOUR=9', 'rule.rrule'],
    ['DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY', 'rule.rrule'],
    ['FREQ=DAILY;TZID=Europe/London', 'rule.rrule'],
    ['FREQ=DAILY;COUNT=3', 'rule.rrule'],
    ['FREQ=WEEKLY', 'rule.rrule'],
  ])('rejects the rule %j naming %s', (rrule, field) => {
    expect(() => compileRule({ rrule, startTime: '10:00', endTime: '11:00' }, 'UTC')).toThrow(
      expect.objectContaining({
        code: 'availability.bad_rrule',
        details: expect.objectContaining({ field }),
      }),
    );
  });

  it('rejects bad times, dates, date order and zones naming the field', () => {
    const base = { rrule: 'FREQ=DAILY', startTime: '10:00', endTime: '11:00' };
    const fieldOf = (rule: RecurringRule, zone = 'UTC') => {
      try {
        compileRule(rule, zone);
      } catch (error) {
        return (error as { details: { field: string } }).details.field;
      }
      return 'no error';
    };
    expect(fieldOf({ ...base, startTime: '25:00' })).toBe('rule.start');
    expect(fieldOf({ ...base, endTime: '9:00' })).toBe('rule.end');
    expect(fieldOf({ ...base, fromDate: '2026-02-30' })).toBe('rule.from');
    expect(fieldOf({ ...base, fromDate: '2026-03-02', untilDate: '2026-03-01' })).toBe('rule.until');
    expect(fieldOf(base, 'Mars/Base')).toBe('timeZone');
  });
});

describe('New York 17:00-19:00 vs London 22:00-23:30 across the 2026 clock changes', () => {
  const common = (start: string, end: string) => {
    const window = windowOf(start, end);
    const rule = (startTime: string, endTime: string) => [
      { rrule: 'FREQ=WEEKLY;BYDAY=MO', startTime, endTime },
    ];
    const people = [
      {
        id: 'ny',
        free: personFreeIntervals({ timeZone: 'America/New_York', rules: rule('17:00', '19:00') }, window),
      },
      {
        id: 'ldn',
        free: personFreeIntervals({ timeZone: 'Europe/London', rules: rule('22:00', '23:30') }, window),
      },
    ];
    return findOverlapWindows({ people, window, minMinutes: 0 }).map(
      (w) => `${iso(w.startMs)}/${iso(w.endMs)}`,
    );
  };

  it('overlaps 90, 60, then 90 minutes around the March changes (US 8th, UK 29th)', () => {
    expect(common('2026-03-02T00:00Z', '2026-04-04T00:00Z')).toEqual([
      '2026-03-02T22:00/2026-03-02T23:30',
      '2026-03-09T22:00/2026-03-09T23:00',
      '2026-03-16T22:00/2026-03-16T23:00',
      '2026-03-23T22:00/2026-03-23T23:00',
      '2026-03-30T21:00/2026-03-30T22:30',
    ]);
  });

  it('overlaps 90, 60, then 90 minutes around the autumn changes (UK 25 Oct, US 1 Nov)', () => {
    expect(common('2026-10-19T00:00Z', '2026-11-04T00:00Z')).toEqual([
      '2026-10-19T21:00/2026-10-19T22:30',
      '2026-10-26T22:00/2026-10-26T23:00',
      '2026-11-02T22:00/2026-11-02T23:30',
    ]);
  });
});

describe('rule expansion properties', () => {
  const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
  it('the day-arithmetic fast path agrees with ical.js', () => {
    const ruleArb = fc.record({
      freq: fc.constantFrom('DAILY', 'WEEKLY'),
      interval: fc.integer({ min: 1, max: 4 }),
      days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      wkst: fc.constantFrom(...WEEKDAYS),
      fromOffset: fc.integer({ min: 0, max: 400 }),
      startOffset: fc.integer({ min: 0, max: 800 }),
    });
    fc.assert(
      fc.property(ruleArb, (r) => {
        const fromDate = new Date(Date.UTC(2025, 0, 1) + r.fromOffset * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const startMs = Date.UTC(2025, 0, 1) + r.startOffset * 86_400_000;
        const window = { startMs, endMs: startMs + 60 * 86_400_000 };
        const text = `FREQ=${r.freq};INTERVAL=${r.interval};BYDAY=${r.days.join(',')};WKST=${r.wkst}`;
        const base = { startTime: '09:00', endTime: '10:00', fromDate };
        // A no-op BYMONTH list sends the same rule through ical.js.
        const viaIcal = `${text};BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12`;
        expect(expandRule(compileRule({ ...base, rrule: text }, 'Europe/Paris'), window)).toEqual(
          expandRule(compileRule({ ...base, rrule: viaIcal }, 'Europe/Paris'), window),
        );
      }),
      { numRuns: 150 },
    );
  });
});

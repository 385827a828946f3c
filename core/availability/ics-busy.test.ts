import { describe, expect, it } from 'vitest';
import { icsBusyIntervals } from './ics-busy.ts';

const calendar = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Session Align//test//EN', ...events, 'END:VCALENDAR'].join(
    '\r\n',
  );
const event = (...lines: string[]) =>
  ['BEGIN:VEVENT', 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');
const window = { startMs: Date.parse('2026-03-01T00:00Z'), endMs: Date.parse('2026-04-01T00:00Z') };
const busy = (ics: string, fallbackTimeZone = 'Europe/London') =>
  icsBusyIntervals(ics, { window, fallbackTimeZone }).map(
    (i) =>
      `${new Date(i.startMs).toISOString().slice(0, 16)}/${new Date(i.endMs).toISOString().slice(0, 16)}`,
  );

describe('icsBusyIntervals', () => {
  it('reads a UTC event and a TZID event', () => {
    const ics = calendar(
      event('UID:a', 'DTSTART:20260302T100000Z', 'DTEND:20260302T110000Z', 'SUMMARY:Private'),
      event(
        'UID:b',
        'DTSTART;TZID=America/New_York:20260310T090000',
        'DTEND;TZID=America/New_York:20260310T100000',
      ),
    );
    expect(busy(ics)).toEqual(['2026-03-02T10:00/2026-03-02T11:00', '2026-03-10T13:00/2026-03-10T14:00']);
  });

  it('expands a weekly RRULE across the US change, minus EXDATE, with a moved and a cancelled instance', () => {
    const ics = calendar(
      event(
        'UID:weekly',
        'DTSTART;TZID=America/New_York:20260302T170000',
        'DTEND;TZID=America/New_York:20260302T180000',
        'RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260330T220000Z',
        'EXDATE;TZID=America/New_York:20260309T170000',
      ),
      event(
        'UID:weekly',
        'RECURRENCE-ID;TZID=America/New_York:20260316T170000',
        'DTSTART;TZID=America/New_York:20260317T080000',
        'DTEND;TZID=America/New_York:20260317T083000',
      ),
      event(
        'UID:weekly',
        'RECURRENCE-ID;TZID=America/New_York:20260323T170000',
        'DTSTART;TZID=America/New_York:20260323T170000',
        'STATUS:CANCELLED',
      ),
    );
    expect(busy(ics)).toEqual([
      '2026-03-02T22:00/2026-03-02T23:00',
      '2026-03-17T12:00/2026-03-17T12:30',
      '2026-03-30T21:00/2026-03-30T22:00',
    ]);
  });

  it('uses a VTIMEZONE for a non-IANA TZID', () => {
    const ics = calendar(
      [
        'BEGIN:VTIMEZONE',
        'TZID:Eastern Standard Time',
        'BEGIN:STANDARD',
        'DTSTART:16010101T020000',
        'TZOFFSETFROM:-0400',
        'TZOFFSETTO:-0500',
        'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11',
        'END:STANDARD',
        'BEGIN:DAYLIGHT',
        'DTSTART:16010101T020000',
        'TZOFFSETFROM:-0500',
        'TZOFFSETTO:-0400',
        'RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3',
        'END:DAYLIGHT',
        'END:VTIMEZONE',
      ].join('\r\n'),
      event(
        'UID:w',
        'DTSTART;TZID=Eastern Standard Time:20260305T090000',
        'DTEND;TZID=Eastern Standard Time:20260305T100000',
      ),
      event('UID:x', 'DTSTART;TZID=Eastern Standard Time:20260312T090000', 'DURATION:PT1H'),
    );
    expect(busy(ics)).toEqual(['2026-03-05T14:00/2026-03-05T15:00', '2026-03-12T13:00/2026-03-12T14:00']);
  });

  it('makes all-day events busy for the whole local day of the fallback zone', () => {
    const ics = calendar(event('UID:d', 'DTSTART;VALUE=DATE:20260330', 'DTEND;VALUE=DATE:20260331'));
    expect(busy(ics, 'Europe/London')).toEqual(['2026-03-29T23:00/2026-03-30T23:00']);
    expect(busy(ics, 'Asia/Kolkata')).toEqual(['2026-03-29T18:30/2026-03-30T18:30']);
  });

  it('ignores transparent and cancelled events', () => {
    const ics = calendar(
      event('UID:t', 'DTSTART:20260302T100000Z', 'DTEND:20260302T110000Z', 'TRANSP:TRANSPARENT'),
      event('UID:c', 'DTSTART:20260303T100000Z', 'DTEND:20260303T110000Z', 'STATUS:CANCELLED'),
    );
    expect(busy(ics)).toEqual([]);
  });

  it('clips to the window and merges overlapping events', () => {
    const ics = calendar(
      event('UID:1', 'DTSTART:20260228T230000Z', 'DTEND:20260301T010000Z'),
      event('UID:2', 'DTSTART:20260301T003000Z', 'DTEND:20260301T020000Z'),
    );
    expect(busy(ics)).toEqual(['2026-03-01T00:00/2026-03-01T02:00']);
  });

  it('rejects malformed ICS with availability.bad_ics', () => {
    for (const text of [
      'not a calendar',
      'BEGIN:VCALENDAR\r\nfoo\r\nEND:VCALENDAR',
      calendar(event('UID:n', 'SUMMARY:no start')),
    ]) {
      expect(() => busy(text)).toThrow(expect.objectContaining({ code: 'availability.bad_ics' }));
    }
  });

  it('refuses a feed with more busy times in the window than the bound, naming it', () => {
    // 300 bytes: a never-ending SECONDLY rule used to become 100,000 busy rows.
    const secondly = calendar(
      event('UID:s', 'DTSTART:20260301T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY'),
    );
    expect(() => busy(secondly)).toThrow(
      expect.objectContaining({
        code: 'availability.calendar_too_big',
        details: { reason: 'too_many_busy' },
        message: 'That calendar repeats too often to import: more than 5,000 busy times in the next 8 weeks.',
      }),
    );
    const hourly = calendar(event('UID:h', 'DTSTART:20260301T000000Z', 'DURATION:PT1H', 'RRULE:FREQ=HOURLY'));
    expect(icsBusyIntervals(hourly, { window, fallbackTimeZone: 'UTC' })).toEqual([window]);
    expect(() =>
      icsBusyIntervals(hourly, { window, fallbackTimeZone: 'UTC', limits: { busyPerFeed: 100 } }),
    ).toThrow(expect.objectContaining({ details: { reason: 'too_many_busy' } }));
  });

  it('counts busy times across events, so forty small rules cannot add up past the bound', () => {
    const events = Array.from({ length: 40 }, (_, i) =>
      event(
        `UID:e${i}`,
        `DTSTART:202603${String((i % 28) + 1).padStart(2, '0')}T100000Z`,
        'DURATION:PT1M',
        'RRULE:FREQ=MINUTELY;INTERVAL=7',
      ),
    );
    expect(() => busy(calendar(...events))).toThrow(
      expect.objectContaining({ details: { reason: 'too_many_busy' } }),
    );
  });

  it('refuses rules that step through too many occurrences before the window, without expanding them', () => {
    const sinceLongAgo = calendar(
      event('UID:old', 'DTSTART:19000101T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY'),
    );
    expect(() => busy(sinceLongAgo)).toThrow(
      expect.objectContaining({
        details: { reason: 'too_many_repeats' },
        message: 'That calendar repeats too often to import: more than 100,000 repeats to work through.',
      }),
    );
    // A weekly meeting since 1990 is about 1,900 steps: well inside the bound.
    const weekly = calendar(
      event('UID:w', 'DTSTART:19900305T100000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;BYDAY=MO'),
    );
    expect(busy(weekly)).toHaveLength(5);
  });

  it('turns a value ical.js cannot read into availability.bad_ics, not a crash', () => {
    // ICAL.parse accepts this; reading the DURATION later throws a plain Error.
    const badDuration = calendar(event('UID:r', 'DTSTART:20260302T100000Z', 'DURATION:garbage'));
    expect(() => busy(badDuration)).toThrow(
      expect.objectContaining({ code: 'availability.bad_ics', message: 'ics: not valid iCalendar' }),
    );
  });
});

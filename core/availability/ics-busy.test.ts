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
});

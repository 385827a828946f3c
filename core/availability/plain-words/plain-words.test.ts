import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/app-error.ts';
import { readPlainWords } from './index.ts';

const CHICAGO = 'America/Chicago';
// Tuesday 1 December 2026, 10:00 in Chicago (CST, -06:00).
const TUE_10AM = '2026-12-01T10:00:00-06:00';

const read = (text: string, now: string = TUE_10AM, timeZone = CHICAGO) =>
  readPlainWords({ text, timeZone, now });
const times = (text: string, now?: string, timeZone?: string) =>
  read(text, now, timeZone).understood.map(({ kind, start, end, rrule }) => ({
    kind,
    start,
    end,
    ...(rrule ? { rrule } : {}),
  }));
const available = (start: string, end: string, rrule?: string) => ({
  kind: 'available',
  start,
  end,
  ...(rrule ? { rrule } : {}),
});
const unavailable = (start: string, end: string) => ({ kind: 'unavailable', start, end });

describe('readPlainWords: the issue example', () => {
  it('reads "Tue after 6, Thu 2-5pm, not Friday, I\'m in LA next week" with sources and a note', () => {
    expect(read("Tue after 6, Thu 2-5pm, not Friday, I'm in LA next week")).toEqual({
      understood: [
        { ...available('2026-12-01T18:00:00-06:00', '2026-12-01T21:00:00-06:00'), source: 'Tue after 6' },
        { ...available('2026-12-03T14:00:00-06:00', '2026-12-03T17:00:00-06:00'), source: 'Thu 2-5pm' },
        { ...unavailable('2026-12-04T00:00:00-06:00', '2026-12-05T00:00:00-06:00'), source: 'not Friday' },
      ],
      notUnderstood: [],
      notes: [
        {
          text: "I'm in LA next week",
          timeZoneHint: 'America/Los_Angeles',
          from: '2026-12-07',
          to: '2026-12-13',
        },
      ],
    });
  });
});

describe('DST-correct offsets', () => {
  it('gives each date its own offset across the US change (1 Nov 2026)', () => {
    // Friday 30 October 2026, noon CDT.
    const now = '2026-10-30T12:00:00-05:00';
    expect(times('Sat 2-5pm, Tue after 6', now)).toEqual([
      available('2026-10-31T14:00:00-05:00', '2026-10-31T17:00:00-05:00'),
      available('2026-11-03T18:00:00-06:00', '2026-11-03T21:00:00-06:00'),
    ]);
  });

  it('a whole day on the EU change day is 23 hours, its end in summer time (London, 28 Mar 2027)', () => {
    const now = '2027-03-26T12:00:00Z';
    expect(times('Sun all day, Mon 10-1', now, 'Europe/London')).toEqual([
      available('2027-03-28T00:00:00+00:00', '2027-03-29T00:00:00+01:00'),
      available('2027-03-29T10:00:00+01:00', '2027-03-29T13:00:00+01:00'),
    ]);
  });

  it('Sydney leaves summer time on 4 Apr 2027', () => {
    // Thursday 1 April 2027, 09:00 AEDT.
    expect(times('Mon evening', '2027-04-01T09:00:00+11:00', 'Australia/Sydney')).toEqual([
      available('2027-04-05T17:00:00+10:00', '2027-04-05T21:00:00+10:00'),
    ]);
  });

  it('a recurring rule started before the US spring change keeps its wall-clock time (14 Mar 2027)', () => {
    // Saturday 13 March 2027, noon CST: the first occurrence is Monday, in CDT.
    expect(times('weekdays after 5', '2027-03-13T12:00:00-06:00')).toEqual([
      available('2027-03-15T17:00:00-05:00', '2027-03-15T21:00:00-05:00', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'),
    ]);
  });
});

describe('a bare weekday is the next one after now', () => {
  it('today while the stated time is still ahead', () => {
    expect(times('Tue after 6')).toEqual([
      available('2026-12-01T18:00:00-06:00', '2026-12-01T21:00:00-06:00'),
    ]);
  });
  it('next week once it has started', () => {
    expect(times('Tue morning')).toEqual([
      available('2026-12-08T09:00:00-06:00', '2026-12-08T12:00:00-06:00'),
    ]);
    expect(times('tuesday')).toEqual([available('2026-12-08T00:00:00-06:00', '2026-12-09T00:00:00-06:00')]);
  });
  it('"this week", "next week" and "the week after" scope the days (weeks start on Monday)', () => {
    expect(times('this week Mon')).toEqual([
      available('2026-11-30T00:00:00-06:00', '2026-12-01T00:00:00-06:00'),
    ]);
    expect(times('Thu next week 2-5pm, the week after Fri evening')).toEqual([
      available('2026-12-10T14:00:00-06:00', '2026-12-10T17:00:00-06:00'),
      available('2026-12-18T17:00:00-06:00', '2026-12-18T21:00:00-06:00'),
    ]);
  });
});

describe('ranges', () => {
  it.each([
    ['Thu 2-5pm', '14:00', '17:00'],
    ['Thu 10 to 1', '10:00', '13:00'],
    ['Thu 10-2', '10:00', '14:00'],
    ['Thu 11-1pm', '11:00', '13:00'],
    ['Thu 9-5', '09:00', '17:00'],
    ['Thu 7-9', '19:00', '21:00'],
    ['Thu 10am-2', '10:00', '14:00'],
    ['Thu after 6', '18:00', '21:00'],
    ['Thu after 10am', '10:00', '21:00'],
    ['Thu after 9', '09:00', '21:00'],
    ['Thu before noon', '09:00', '12:00'],
    ['Thu before 5', '09:00', '17:00'],
    ['Thu morning', '09:00', '12:00'],
    ['Thu afternoon', '12:00', '17:00'],
    ['Thu evening', '17:00', '21:00'],
    ['Thu between 2 and 4:30', '14:00', '16:30'],
    ['Thu from 1:30 to 3', '13:30', '15:00'],
    ['Thu noon-3', '12:00', '15:00'],
  ])('%s is %s-%s', (text, start, end) => {
    expect(times(text)).toEqual([available(`2026-12-03T${start}:00-06:00`, `2026-12-03T${end}:00-06:00`)]);
  });

  it('all day is 00:00 to the next 00:00; a range past midnight ends the next day', () => {
    expect(times('Thu all day')).toEqual([
      available('2026-12-03T00:00:00-06:00', '2026-12-04T00:00:00-06:00'),
    ]);
    expect(times('Thu 10pm-2am')).toEqual([
      available('2026-12-03T22:00:00-06:00', '2026-12-04T02:00:00-06:00'),
    ]);
    expect(times('Thu after 9pm')).toEqual([
      available('2026-12-03T21:00:00-06:00', '2026-12-04T00:00:00-06:00'),
    ]);
  });
});

describe('negation', () => {
  it.each([
    ['not Friday', '2026-12-04'],
    ['busy Wed', '2026-12-02'],
    ['no Thursday', '2026-12-03'],
    ["can't do Thursday", '2026-12-03'],
    ['off on the 14th', '2026-12-14'],
  ])('"%s" is a whole day unavailable', (text, date) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const next = `${year}-${String(month).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`;
    expect(times(text)).toEqual([unavailable(`${date}T00:00:00-06:00`, `${next}T00:00:00-06:00`)]);
  });
  it('keeps a stated time', () => {
    expect(times("can't do Monday morning")).toEqual([
      unavailable('2026-12-07T09:00:00-06:00', '2026-12-07T12:00:00-06:00'),
    ]);
  });
  it('"not Fri and Sat" is both off; "Mon, but not Tue" one each way', () => {
    expect(times('not Fri and Sat')).toEqual([
      unavailable('2026-12-04T00:00:00-06:00', '2026-12-05T00:00:00-06:00'),
      unavailable('2026-12-05T00:00:00-06:00', '2026-12-06T00:00:00-06:00'),
    ]);
    expect(times('Mon after 6 but not Tue')).toEqual([
      available('2026-12-07T18:00:00-06:00', '2026-12-07T21:00:00-06:00'),
      unavailable('2026-12-08T00:00:00-06:00', '2026-12-09T00:00:00-06:00'),
    ]);
  });
});

describe('recurrence: the first occurrence on or after now, with its RRULE', () => {
  it('every Tuesday 10-1 said on a Tuesday at 11:00 starts next week', () => {
    expect(times('every Tuesday 10-1', '2026-12-01T11:00:00-06:00')).toEqual([
      available('2026-12-08T10:00:00-06:00', '2026-12-08T13:00:00-06:00', 'FREQ=WEEKLY;BYDAY=TU'),
    ]);
  });
  it('"Tuesdays", "Tuesday mornings", "weekends" and "every other Thu"', () => {
    // Said at 10:00 on a Tuesday: 10-1 today starts now (on or after), the morning has begun.
    expect(times('Tuesdays 10-1, Tuesday mornings, every weekend, every other Thu after 6')).toEqual([
      available('2026-12-01T10:00:00-06:00', '2026-12-01T13:00:00-06:00', 'FREQ=WEEKLY;BYDAY=TU'),
      available('2026-12-03T18:00:00-06:00', '2026-12-03T21:00:00-06:00', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'),
      available('2026-12-05T00:00:00-06:00', '2026-12-06T00:00:00-06:00', 'FREQ=WEEKLY;BYDAY=SA,SU'),
      available('2026-12-08T09:00:00-06:00', '2026-12-08T12:00:00-06:00', 'FREQ=WEEKLY;BYDAY=TU'),
    ]);
  });
});

describe('what is not understood comes back verbatim', () => {
  it('quotes unknown clauses, trimmed, in order', () => {
    const result = read('  Tue after my dentist appt ; Thu 2-5pm,  ask my manager  ');
    expect(result.notUnderstood).toEqual(['Tue after my dentist appt', 'ask my manager']);
    expect(result.understood.map((item) => item.source)).toEqual(['Thu 2-5pm']);
  });
  it('does not guess an ambiguous numeric date (12/3), but reads 12/13', () => {
    expect(read('12/3').notUnderstood).toEqual(['12/3']);
    expect(times('12/13')).toEqual([available('2026-12-13T00:00:00-06:00', '2026-12-14T00:00:00-06:00')]);
  });
  it('a city not in the table is quoted, never a time', () => {
    expect(read("I'm in Reykjavik next week")).toEqual({
      understood: [],
      notUnderstood: ["I'm in Reykjavik next week"],
      notes: [],
    });
  });
});

describe('bad input names the field', () => {
  const codeOf = (input: Parameters<typeof readPlainWords>[0]) => {
    try {
      readPlainWords(input);
    } catch (error) {
      if (isAppError(error)) return { code: error.code, message: error.message };
      throw error;
    }
    return undefined;
  };
  it.each([
    [{ text: '  ', timeZone: CHICAGO, now: TUE_10AM }, /^text: is empty/],
    [{ text: 'x'.repeat(2001), timeZone: CHICAGO, now: TUE_10AM }, /^text: is 2001 characters; at most 2000/],
    [
      { text: 'Tue', timeZone: 'Mars/Base', now: TUE_10AM },
      /^timeZone: "Mars\/Base" is not an IANA time zone$/,
    ],
    [{ text: 'Tue', timeZone: CHICAGO, now: 'yesterday' }, /^now: "yesterday" is not an ISO 8601 date-time$/],
    [{ text: 'Tue', timeZone: CHICAGO, now: new Date(Number.NaN) }, /^now: /],
    [{ text: 'every day next week, the week after', timeZone: CHICAGO, now: TUE_10AM }, undefined],
  ])('%#', (input, message) => {
    const failure = codeOf(input);
    if (message === undefined) expect(failure).toBeUndefined();
    else {
      expect(failure?.code).toBe('availability.bad_plain_words');
      expect(failure?.message).toMatch(message);
    }
  });
  it('bounds the items', () => {
    expect(() => read(Array.from({ length: 8 }, () => 'busy next week').join('. '))).toThrow(
      /^text: reads as 56 items; at most 50/,
    );
  });
});

describe('lists, runs and narrowing', () => {
  it('days listed with commas share the time that follows, quoted as one statement', () => {
    expect(read('Mon, Wed, Fri mornings').understood).toEqual([
      {
        ...available('2026-12-02T09:00:00-06:00', '2026-12-02T12:00:00-06:00', 'FREQ=WEEKLY;BYDAY=MO,WE,FR'),
        source: 'Mon, Wed, Fri mornings',
      },
    ]);
    expect(times('Tue, Thu 2-5pm')).toEqual([
      available('2026-12-01T14:00:00-06:00', '2026-12-01T17:00:00-06:00'),
      available('2026-12-03T14:00:00-06:00', '2026-12-03T17:00:00-06:00'),
    ]);
    // A negated or timed clause keeps to itself.
    expect(times('Monday, not Tuesday')).toEqual([
      available('2026-12-07T00:00:00-06:00', '2026-12-08T00:00:00-06:00'),
      unavailable('2026-12-08T00:00:00-06:00', '2026-12-09T00:00:00-06:00'),
    ]);
  });

  it('reads runs of days and dates, and the week of a date', () => {
    expect(times('Mon-Wed after 6').map((item) => item.start)).toEqual([
      '2026-12-01T18:00:00-06:00',
      '2026-12-02T18:00:00-06:00',
      '2026-12-07T18:00:00-06:00',
    ]);
    expect(times('out Dec 14-16')).toEqual([
      unavailable('2026-12-14T00:00:00-06:00', '2026-12-15T00:00:00-06:00'),
      unavailable('2026-12-15T00:00:00-06:00', '2026-12-16T00:00:00-06:00'),
      unavailable('2026-12-16T00:00:00-06:00', '2026-12-17T00:00:00-06:00'),
    ]);
    expect(times('away the week of the 16th').map((item) => item.start.slice(0, 10))).toEqual([
      '2026-12-14',
      '2026-12-15',
      '2026-12-16',
      '2026-12-17',
      '2026-12-18',
      '2026-12-19',
      '2026-12-20',
    ]);
  });

  it('a part of the day and a stated time narrow each other', () => {
    expect(times('weeknights after 7')).toEqual([
      available('2026-12-01T19:00:00-06:00', '2026-12-01T21:00:00-06:00', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'),
    ]);
    expect(times('Thu morning and 2-4')).toEqual([
      available('2026-12-03T09:00:00-06:00', '2026-12-03T12:00:00-06:00'),
      available('2026-12-03T14:00:00-06:00', '2026-12-03T16:00:00-06:00'),
    ]);
  });
});

describe('except, weekday-settled dates, greetings', () => {
  it('"except" takes days out of a rule or of a week', () => {
    expect(times('free every afternoon except Fridays')).toEqual([
      available(
        '2026-12-01T12:00:00-06:00',
        '2026-12-01T17:00:00-06:00',
        'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,SA,SU',
      ),
    ]);
    expect(times('weekdays after 5 except Wednesday')).toEqual([
      available('2026-12-01T17:00:00-06:00', '2026-12-01T21:00:00-06:00', 'FREQ=WEEKLY;BYDAY=MO,TU,TH,FR'),
    ]);
    expect(times('busy next week apart from the 9th').map((item) => item.start.slice(0, 10))).toEqual([
      '2026-12-07',
      '2026-12-08',
      '2026-12-10',
      '2026-12-11',
      '2026-12-12',
      '2026-12-13',
    ]);
  });

  it('a weekday beside a date is that date; it settles a numeric date that reads both ways', () => {
    expect(times('Wed the 9th 1-3')).toEqual([
      available('2026-12-09T13:00:00-06:00', '2026-12-09T15:00:00-06:00'),
    ]);
    // 12/10 is Thursday 10 December or Monday 12 October 2027.
    expect(times('Thursday 12/10 after 6')).toEqual([
      available('2026-12-10T18:00:00-06:00', '2026-12-10T21:00:00-06:00'),
    ]);
    expect(times('Tuesday 12/10 after 6')).toEqual([
      available('2027-10-12T18:00:00-05:00', '2027-10-12T21:00:00-05:00'),
    ]);
    expect(read('Friday 12/10 after 6')).toEqual({
      understood: [],
      notUnderstood: ['Friday 12/10 after 6'],
      notes: [],
    });
  });

  it('a time said first is shared by the days after it', () => {
    expect(times('9-12 on Monday and Wednesday')).toEqual([
      available('2026-12-02T09:00:00-06:00', '2026-12-02T12:00:00-06:00'),
      available('2026-12-07T09:00:00-06:00', '2026-12-07T12:00:00-06:00'),
    ]);
  });

  it('greetings and thanks alone are not quoted back; anything else is', () => {
    expect(read('Hi! Thanks. Wed after 6, ok?').notUnderstood).toEqual([]);
    expect(read("Hi! I'm free").notUnderstood).toEqual(["I'm free"]);
  });
});

describe('sources: the words quoted back on the card', () => {
  it('each statement keeps its own words, without a joining "and"', () => {
    const result = read(
      "Tue after 6 and Thu 2-5pm, wed 2-5pm and, um, not fri. Tue after 6 I'm in LA next week",
    );
    // The second "Tue after 6" is the same item as the first: listed once.
    expect(result.understood.map((item) => item.source)).toEqual([
      'Tue after 6',
      'wed 2-5pm',
      'Thu 2-5pm',
      'not fri',
    ]);
    expect(result.notes.map((note) => note.text)).toEqual(["I'm in LA next week"]);
    expect(result.notUnderstood).toEqual([]);
  });
});

describe('location notes', () => {
  it('give a zone hint and dates, never a time item', () => {
    expect(read('in Tokyo until the 20th, Fri after 5').notes).toEqual([
      { text: 'in Tokyo until the 20th', timeZoneHint: 'Asia/Tokyo', from: '2026-12-01', to: '2026-12-20' },
    ]);
    expect(read('flying to Stockholm on Thursday')).toEqual({
      understood: [],
      notUnderstood: [],
      notes: [
        {
          text: 'flying to Stockholm on Thursday',
          timeZoneHint: 'Europe/Stockholm',
          from: '2026-12-03',
          to: '2026-12-03',
        },
      ],
    });
  });
});

describe('any words at all', () => {
  const WORDS = [
    'tue',
    'after',
    '6',
    '-',
    '5pm',
    'not',
    'every',
    'next',
    'week',
    'the',
    '14th',
    'dec',
    '31st',
    'feb',
    '30',
    ',',
    'and',
    '.',
    'mornings',
    'weekdays',
    'in',
    'la',
    'until',
    'of',
    '12/13',
    'noon',
    'midnight',
    'between',
    'to',
    'onwards',
    'fri',
    'weekend',
    'busy',
    '2026-02-30',
    'through',
    'sun',
    'all',
    'day',
    'tonight',
    '0',
    '24',
    '13:00',
    '99',
    '7am',
    'x',
  ];
  it('never throws anything but a bounded-input AppError; items are non-empty; what is not understood is verbatim', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('America/Chicago', 'Australia/Sydney', 'Europe/London', 'UTC'),
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2028-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (words, timeZone, now) => {
          const text = words.join(' ');
          let result: ReturnType<typeof readPlainWords>;
          try {
            result = readPlainWords({ text, timeZone, now });
          } catch (error) {
            expect(isAppError(error) && error.code).toBe('availability.bad_plain_words');
            return;
          }
          for (const item of result.understood)
            expect(Date.parse(item.start)).toBeLessThan(Date.parse(item.end));
          for (const words of result.notUnderstood) expect(text).toContain(words);
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });
});

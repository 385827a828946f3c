import { describe, expect, it } from 'vitest';
import type { RecurringRule } from '../availability/recurring-rule.ts';
import { formatWeeklyRules, MAX_IMPORTED_RULES, readAvailabilityCell } from './roster-csv-availability.ts';

const weekly = (byDay: string, startTime: string, endTime: string, extra: Partial<RecurringRule> = {}) => ({
  rrule: `FREQ=WEEKLY;BYDAY=${byDay}`,
  startTime,
  endTime,
  ...extra,
});

describe('readAvailabilityCell', () => {
  it('reads weekly rules in the /avail add syntax, with day ranges, separated by "|"', () => {
    expect(
      readAvailabilityCell(
        'mon-fri 10:00-18:00 | sat,sun 9:30-13:00|fri-mon 22:00-02:00+1 every:2 from:2026-12-05 until:2027-03-27',
      ),
    ).toEqual({
      rules: [
        weekly('MO,TU,WE,TH,FR', '10:00', '18:00'),
        weekly('SA,SU', '09:30', '13:00'),
        {
          rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR,SA,SU',
          startTime: '22:00',
          endTime: '02:00',
          fromDate: '2026-12-05',
          untilDate: '2027-03-27',
        },
      ],
    });
    expect(readAvailabilityCell('weekdays 09:00-24:00')).toEqual({
      rules: [weekly('MO,TU,WE,TH,FR', '09:00', '24:00')],
    });
    expect(readAvailabilityCell('Mon,Wed,Thu-Fri 17:00-19:00')).toEqual({
      rules: [weekly('MO,WE,TH,FR', '17:00', '19:00')],
    });
  });

  it('says nothing for a blank cell (the creator keeps their rules)', () => {
    expect(readAvailabilityCell('')).toEqual({});
    expect(readAvailabilityCell(' | ')).toEqual({});
    expect(readAvailabilityCell(undefined)).toEqual({});
  });

  it('names the rule and what is wrong with it, in words', () => {
    const problem = (cell: string) => (readAvailabilityCell(cell) as { problem: string }).problem;
    expect(problem('mon-fri 10:00-18:00|tue 25:00-26:00')).toBe(
      'rule 2 of 2 "tue 25:00-26:00": expected a local time range like 10:00-18:00 (or 22:00-02:00+1 past midnight) after the days, got "25:00-26:00"',
    );
    expect(problem('mon 19:00-17:00')).toBe(
      '"mon 19:00-17:00": 19:00-17:00 ends before it starts: for hours past midnight write 19:00-17:00+1',
    );
    expect(problem('mon 17:00-17:00')).toMatch(/is empty/);
    expect(problem('someday 10:00-12:00')).toBe(
      '"someday 10:00-12:00": expected days like mon-fri, mon,wed or weekends first, got "someday"',
    );
    expect(problem('mon 10:00-12:00 every:12')).toBe(
      '"mon 10:00-12:00 every:12": "every:12" is not every:N (1-9 weeks), from:YYYY-MM-DD or until:YYYY-MM-DD',
    );
    expect(problem('mon 10:00-12:00 from:2026-02-30')).toMatch(/"from:2026-02-30" is not every:N/);
    expect(problem('mon 10:00-12:00 from:2027-01-02 until:2027-01-01')).toBe(
      '"mon 10:00-12:00 from:2027-01-02 until:2027-01-01": until:2027-01-01 is before from:2027-01-02',
    );
    expect(problem(Array.from({ length: MAX_IMPORTED_RULES + 1 }, () => 'mon 10:00-11:00').join('|'))).toBe(
      `at most ${MAX_IMPORTED_RULES} weekly rules, separated by "|"; got ${MAX_IMPORTED_RULES + 1}`,
    );
  });
});

describe('formatWeeklyRules', () => {
  it('writes rules back in the cell syntax, which reads back as the same rules', () => {
    const rules = [
      weekly('MO,TU,WE,TH,FR', '10:00', '18:00'),
      weekly('MO,WE,SA', '17:00', '19:00', { fromDate: '2026-12-01' }),
      {
        rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,WE,TH,SU',
        startTime: '22:00',
        endTime: '24:00',
        untilDate: '2027-01-31',
      },
    ];
    const { cell, skipped } = formatWeeklyRules(rules);
    expect(cell).toBe(
      'mon-fri 10:00-18:00|mon,wed,sat 17:00-19:00 from:2026-12-01|tue-thu,sun 22:00-24:00 every:2 until:2027-01-31',
    );
    expect(skipped).toBe(0);
    expect(readAvailabilityCell(cell)).toEqual({ rules });
  });

  it('writes hours past midnight with +1, as /avail add reads them', () => {
    const rules = [weekly('FR', '22:00', '02:00')];
    expect(readAvailabilityCell('fri 22:00-02:00+1')).toEqual({ rules });
    expect(formatWeeklyRules(rules)).toEqual({ cell: 'fri 22:00-02:00+1', skipped: 0 });
  });

  it('counts the rules the syntax cannot say instead of writing them wrong', () => {
    expect(
      formatWeeklyRules([
        weekly('MO', '10:00', '11:00'),
        { rrule: 'FREQ=MONTHLY;BYMONTHDAY=1', startTime: '10:00', endTime: '12:00' },
      ]),
    ).toEqual({ cell: 'mon 10:00-11:00', skipped: 1 });
  });
});

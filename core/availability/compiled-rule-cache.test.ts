import { describe, expect, it } from 'vitest';
import { compileRuleCached } from './compiled-rule-cache.ts';
import { compileRule } from './recurring-rule.ts';

const rule = { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', startTime: '17:00', endTime: '19:00' };

describe('compileRuleCached', () => {
  it('compiles as compileRule does, once per rule and zone', () => {
    const first = compileRuleCached(rule, 'Europe/London');
    expect(first).toEqual(compileRule(rule, 'Europe/London'));
    expect(compileRuleCached({ ...rule }, 'Europe/London')).toBe(first);
    expect(compileRuleCached(rule, 'Asia/Tokyo')).not.toBe(first);
    expect(compileRuleCached(rule, 'Asia/Tokyo').timeZone).toBe('Asia/Tokyo');
  });

  it('reports every bad rule under the field it was asked with, however often it is asked', () => {
    const bad = { ...rule, rrule: 'FREQ=HOURLY' };
    expect(() => compileRuleCached(bad, 'UTC', 'people[0].rules[1]')).toThrow(
      /^people\[0\]\.rules\[1\]\.rrule/,
    );
    expect(() => compileRuleCached(bad, 'UTC', 'people[3].rules[0]')).toThrow(
      /^people\[3\]\.rules\[0\]\.rrule/,
    );
  });

  it('keeps an empty date apart from an absent one', () => {
    compileRuleCached(rule, 'UTC');
    expect(() => compileRuleCached({ ...rule, fromDate: '' }, 'UTC')).toThrow(/rule\.from: "" is not a date/);
  });
});

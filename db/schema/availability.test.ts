import { describe, expect, it } from 'vitest';
import { parsePgRange, parsePgTimestamp } from './availability.ts';

describe('tstzrange text parsing', () => {
  it('reads UTC and offset timestamps, with and without fractions', () => {
    expect(parsePgTimestamp('2026-03-08 07:30:00+00')).toBe(Date.parse('2026-03-08T07:30:00Z'));
    expect(parsePgTimestamp('2026-03-08 07:30:00.123+00')).toBe(Date.parse('2026-03-08T07:30:00.123Z'));
    expect(parsePgTimestamp('2026-03-08 13:00:00+05:30')).toBe(Date.parse('2026-03-08T07:30:00Z'));
    expect(parsePgTimestamp('2026-03-08 02:30:00-05')).toBe(Date.parse('2026-03-08T07:30:00Z'));
  });

  it('reads a half-open range and refuses anything else', () => {
    expect(parsePgRange('["2026-03-08 07:30:00+00","2026-03-08 09:00:00+00")')).toEqual({
      startMs: Date.parse('2026-03-08T07:30:00Z'),
      endMs: Date.parse('2026-03-08T09:00:00Z'),
    });
    expect(() => parsePgRange('empty')).toThrow(/bounded/);
    expect(() => parsePgRange('["2026-03-08 07:30:00+00",)')).toThrow(/bounded/);
  });
});

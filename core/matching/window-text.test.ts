import { describe, expect, it } from 'vitest';
import { datedRange, durationText, spanText } from './window-text.ts';

const span = (start: string, end: string) => ({ startMs: Date.parse(start), endMs: Date.parse(end) });

describe('windows with their dates', () => {
  it('names the day and month, on a 24-hour clock, in the zone asked for', () => {
    expect(datedRange(span('2026-12-08T21:00Z', '2026-12-08T22:00Z'), 'UTC')).toBe('Tue 8 Dec 21:00–22:00');
    expect(datedRange(span('2026-12-08T21:00Z', '2026-12-08T22:00Z'), 'America/Chicago')).toBe(
      'Tue 8 Dec 15:00–16:00',
    );
  });

  it('shows both days for a window across midnight, and 24:00 for one ending at it', () => {
    expect(datedRange(span('2026-12-08T23:00Z', '2026-12-09T01:00Z'), 'UTC')).toBe(
      'Tue 8 Dec 23:00 – Wed 9 Dec 01:00',
    );
    expect(datedRange(span('2026-12-08T22:00Z', '2026-12-09T00:00Z'), 'UTC')).toBe('Tue 8 Dec 22:00–24:00');
    // The same instant is already the next day in Tokyo.
    expect(datedRange(span('2026-12-08T23:00Z', '2026-12-09T01:00Z'), 'Asia/Tokyo')).toBe(
      'Wed 9 Dec 08:00–10:00',
    );
  });

  it('spans by their local days, end exclusive; durations as people say them', () => {
    expect(spanText(span('2026-11-30T00:00Z', '2026-12-07T00:00Z'), 'UTC')).toBe('Mon 30 Nov – Sun 6 Dec');
    expect(spanText(span('2026-11-30T00:00Z', '2026-12-01T00:00Z'), 'UTC')).toBe('Mon 30 Nov');
    expect([30, 60, 90, 120, 150, 180].map(durationText)).toEqual([
      '30 min',
      '1 h',
      '90 min',
      '2 h',
      '2 h 30 min',
      '3 h',
    ]);
  });
});

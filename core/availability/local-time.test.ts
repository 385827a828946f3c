import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, floatingToUtcConverter, floatingToUtcMs, MINUTE_MS } from './local-time.ts';

// Zones with spring-forward gaps, fall-back overlaps, half-hour offsets, a southern-hemisphere DST
// and a 30-minute DST shift (Lord Howe), so the converter's slow days are exercised as well as its fast ones.
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'UTC',
];

describe('floatingToUtcConverter', () => {
  it('answers exactly as floatingToUtcMs for every floating time in its range, DST days included', () => {
    const base = Date.UTC(2026, 0, 1);
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.integer({ min: 0, max: 61 * 24 * 60 }), { minLength: 1, maxLength: 40 }),
        (zone, startDay, days, minutes) => {
          const from = base + startDay * DAY_MS;
          const to = from + days * DAY_MS + DAY_MS;
          const toUtc = floatingToUtcConverter(zone, from, to);
          for (const minute of minutes) {
            // Some probes fall outside [from, to]: the converter must still be right there.
            const floating = from - DAY_MS + minute * MINUTE_MS;
            expect(toUtc(floating)).toBe(floatingToUtcMs(floating, zone));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('resolves a spring-forward gap and a fall-back overlap as RFC 5545 says', () => {
    const toUtc = floatingToUtcConverter('America/New_York', Date.UTC(2026, 2, 1), Date.UTC(2026, 10, 30));
    // 02:30 on 2026-03-08 does not exist: it moves forward to 03:30 EDT (07:30Z).
    expect(toUtc(Date.UTC(2026, 2, 8, 2, 30))).toBe(Date.UTC(2026, 2, 8, 7, 30));
    // 01:30 on 2026-11-01 happens twice: the first one (EDT, 05:30Z).
    expect(toUtc(Date.UTC(2026, 10, 1, 1, 30))).toBe(Date.UTC(2026, 10, 1, 5, 30));
    expect(toUtc(Date.UTC(2026, 5, 1, 12))).toBe(Date.UTC(2026, 5, 1, 16));
  });
});

import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from './iso-instant.ts';

const luxonMs = (text: string) => {
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  return parsed.isValid ? parsed.toMillis() : undefined;
};

const digits = (length: number, max: number) =>
  fc.integer({ min: 0, max }).map((n) => String(n).padStart(length, '0'));

/** Strings of the common ISO shape, with out-of-range fields (month 13, day 31 of April, 24:xx) on purpose. */
const isoLike = fc
  .record({
    year: digits(4, 9999),
    month: digits(2, 14),
    day: digits(2, 32),
    time: fc.option(
      fc.record({
        hour: digits(2, 25),
        minute: digits(2, 60),
        second: fc.option(digits(2, 60)),
        fraction: fc.option(fc.integer({ min: 1, max: 9 }).chain((n) => digits(n, 10 ** n - 1))),
        offset: fc.option(
          fc.oneof(
            fc.constant('Z'),
            fc
              .tuple(fc.constantFrom('+', '-'), digits(2, 25), digits(2, 60))
              .map(([sign, h, m]) => `${sign}${h}:${m}`),
          ),
        ),
      }),
    ),
  })
  .map(({ year, month, day, time }) => {
    let text = `${year}-${month}-${day}`;
    if (!time) return text;
    text += `T${time.hour}:${time.minute}`;
    if (time.second !== null) text += `:${time.second}${time.fraction !== null ? `.${time.fraction}` : ''}`;
    return text + (time.offset ?? '');
  });

describe('parseIsoInstant', () => {
  it('agrees with luxon (zone utc) on every string of the common ISO shape, valid or not', () => {
    fc.assert(
      fc.property(isoLike, (text) => {
        expect(parseIsoInstant(text)).toBe(luxonMs(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads offsets, Z and no offset (UTC, never the process zone)', () => {
    expect(parseIsoInstant('2026-03-09T22:00:00+01:00')).toBe(Date.UTC(2026, 2, 9, 21));
    expect(parseIsoInstant('2026-03-09T22:00:00.250Z')).toBe(Date.UTC(2026, 2, 9, 22, 0, 0, 250));
    expect(parseIsoInstant('2026-03-09T22:00')).toBe(Date.UTC(2026, 2, 9, 22));
    expect(parseIsoInstant('2026-03-09')).toBe(Date.UTC(2026, 2, 9));
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    expect(parseIsoInstant('2026-02-29T10:00Z')).toBeUndefined();
    expect(parseIsoInstant('2028-02-29T10:00Z')).toBe(Date.UTC(2028, 1, 29, 10));
    expect(parseIsoInstant('2026-04-31')).toBeUndefined();
  });

  it('still accepts the rarer ISO forms luxon knows, and refuses what is not ISO', () => {
    expect(parseIsoInstant('2026-03-09T22')).toBe(Date.UTC(2026, 2, 9, 22));
    expect(parseIsoInstant('2026-03-09T22:00+05')).toBe(Date.UTC(2026, 2, 9, 17));
    expect(parseIsoInstant('2026-03-09T24:00Z')).toBe(Date.UTC(2026, 2, 10));
    expect(parseIsoInstant('next tuesday')).toBeUndefined();
    expect(parseIsoInstant('2026-03-09 22:00')).toBe(luxonMs('2026-03-09 22:00'));
    expect(parseIsoInstant('')).toBeUndefined();
  });
});

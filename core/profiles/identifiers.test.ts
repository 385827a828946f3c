import { describe, expect, it } from 'vitest';
import { formatIsrc, iswcCheckDigit, parseIpi, parseIsrc, parseIswc } from './identifiers.ts';

describe('ISRC', () => {
  it('normalises hyphens, spaces and case to the compact form', () => {
    expect(parseIsrc('us-rc1-76-07839')).toBe('USRC17607839');
    expect(parseIsrc('GB AYE 03 00531')).toBe('GBAYE0300531');
    expect(parseIsrc('ISRC: USRC17607839')).toBe('USRC17607839');
    expect(formatIsrc('USRC17607839')).toBe('US-RC1-76-07839');
  });

  it('rejects a digit in the country code, a short code, or letters in the designation', () => {
    expect(parseIsrc('U1-RC1-76-07839')).toBeUndefined();
    expect(parseIsrc('USRC1760783')).toBeUndefined();
    expect(parseIsrc('USRC176078AB')).toBeUndefined();
  });
});

describe('ISWC', () => {
  it('verifies the check digit of known real codes', () => {
    expect(iswcCheckDigit('034524680')).toBe(1);
    expect(parseIswc('T-034.524.680-1')).toBe('T-034.524.680-1');
    expect(parseIswc('T-000.000.001-0')).toBe('T-000.000.001-0');
  });

  it('accepts compact and spaced forms and returns the dotted form', () => {
    expect(parseIswc('t0345246801')).toBe('T-034.524.680-1');
    expect(parseIswc('T 034 524 680 1')).toBe('T-034.524.680-1');
  });

  it('rejects a wrong check digit', () => {
    expect(parseIswc('T-034.524.680-2')).toBeUndefined();
    // Often quoted as an example, but under ISO 15707 its check digit is 3, not 1.
    expect(iswcCheckDigit('345246800')).toBe(3);
    expect(parseIswc('T-345.246.800-1')).toBeUndefined();
    expect(parseIswc('T-345.246.800-3')).toBe('T-345.246.800-3');
  });

  it('rejects other shapes', () => {
    expect(parseIswc('X-034.524.680-1')).toBeUndefined();
    expect(parseIswc('T-034.524.68-1')).toBeUndefined();
  });
});

describe('IPI name number', () => {
  it('accepts 9 to 11 digits and pads to 11', () => {
    expect(parseIpi('00052210040')).toBe('00052210040');
    expect(parseIpi('522100401')).toBe('00522100401');
    expect(parseIpi('52210040')).toBeUndefined();
    expect(parseIpi('5221004O1')).toBeUndefined();
  });
});

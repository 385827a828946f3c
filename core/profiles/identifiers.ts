/**
 * Industry identifiers on credits and creators: ISRC (recordings), ISWC (works), IPI name numbers (people).
 * Each parser accepts the usual written variants and returns one canonical form, or undefined.
 */

const ISRC_COMPACT = /^([A-Z]{2})([A-Z0-9]{3})(\d{2})(\d{5})$/;

/**
 * ISRC (ISO 3901): country code (2 letters), registrant (3 alphanumerics), year (2 digits), designation (5 digits).
 * Hyphens, spaces and case are ignored; the canonical form is the compact 12 characters.
 *
 * @example
 * parseIsrc('us-rc1-76-07839') // 'USRC17607839'
 */
export function parseIsrc(text: string): string | undefined {
  const compact = text
    .replace(/^ISRC[:\s]*/i, '')
    .replace(/[\s-]/g, '')
    .toUpperCase();
  return ISRC_COMPACT.test(compact) ? compact : undefined;
}

/** The hyphenated display form CC-XXX-YY-NNNNN of a canonical ISRC. */
export function formatIsrc(isrc: string): string {
  const match = ISRC_COMPACT.exec(isrc);
  return match ? `${match[1]}-${match[2]}-${match[3]}-${match[4]}` : isrc;
}

/**
 * ISWC check digit (ISO 15707): S = 1 + Σ i·d_i over the nine digits, C = (10 − S mod 10) mod 10.
 * T-034.524.680-1 and T-000.000.001-0 ("Dancing Queen", the first ISWC) verify.
 */
export function iswcCheckDigit(nineDigits: string): number {
  let sum = 1;
  for (let i = 0; i < 9; i += 1) sum += (i + 1) * Number(nineDigits[i]);
  return (10 - (sum % 10)) % 10;
}

/**
 * ISWC with a verified check digit. Accepts "T-034.524.680-1", "T0345246801", "t 034 524 680 1".
 * Canonical form is the dotted one, `T-034.524.680-1`.
 *
 * @example
 * parseIswc('T0345246801') // 'T-034.524.680-1'
 * parseIswc('T-034.524.680-2') // undefined (bad check digit)
 */
export function parseIswc(text: string): string | undefined {
  const compact = text
    .replace(/^ISWC[:\s]*/i, '')
    .replace(/[\s.-]/g, '')
    .toUpperCase();
  const match = /^T(\d{9})(\d)$/.exec(compact);
  if (!match) return undefined;
  const digits = match[1]!;
  if (iswcCheckDigit(digits) !== Number(match[2])) return undefined;
  return `T-${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${match[2]}`;
}

/**
 * IPI name number: 9 to 11 digits, canonically left-padded with zeros to 11 (the CISAC form).
 * The last two digits are a check in CISAC's scheme, which is not published openly, so only the
 * format is verified here.
 *
 * @example
 * parseIpi('00052210040') // '00052210040'
 * parseIpi('52210040 ')   // undefined (8 digits)
 */
export function parseIpi(text: string): string | undefined {
  const digits = text.replace(/[\s.-]/g, '');
  if (!/^\d{9,11}$/.test(digits)) return undefined;
  return digits.padStart(11, '0');
}

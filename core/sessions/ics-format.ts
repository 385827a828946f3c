/**
 * RFC 5545 content-line primitives: text escaping, parameter quoting, UTC date-times and
 * UTF-8-safe folding. https://www.rfc-editor.org/rfc/rfc5545#section-3.1
 */

/**
 * Control characters are not allowed in TEXT or parameter values (3.3.11, 3.2), except HTAB; CR and
 * LF are kept here for the escaper. Lone UTF-16 surrogates cannot be encoded, so they become U+FFFD.
 */
function wellFormed(value: string): string {
  let result = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const isControl = (code <= 0x1f && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
    if (isControl) continue;
    result += code >= 0xd800 && code <= 0xdfff ? '\uFFFD' : char;
  }
  return result;
}

/**
 * TEXT value escaping (3.3.11): backslash, semicolon, comma and newlines.
 *
 * @example
 * escapeText('Mix; master, \\ done\nnext') // => 'Mix\\; master\\, \\\\ done\\nnext'
 */
export function escapeText(value: string): string {
  return wellFormed(value)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value, always quoted; DQUOTE cannot appear inside one, so it becomes an apostrophe. */
export function quoteParam(value: string): string {
  const safe = wellFormed(value)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/"/g, "'");
  return `"${safe}"`;
}

/** A value that must stay one token (URI, UID): no whitespace or control characters at all. */
export function plainToken(value: string): string {
  return wellFormed(value).replace(/[\s"]/g, '');
}

/**
 * UTC DATE-TIME form (3.3.5), seconds precision.
 *
 * @example
 * formatUtcDateTime(Date.parse('2026-03-10T15:00:00.250Z')) // => '20260310T150000Z'
 */
export function formatUtcDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

function utf8Length(char: string): number {
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

export const maxLineOctets = 75;

/**
 * Folds one content line so no physical line exceeds 75 octets (3.1), never splitting a UTF-8
 * sequence: breaks fall between code points. Continuation lines start with one space, which
 * counts toward their 75.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let currentOctets = 0;
  let limit = maxLineOctets;
  for (const char of line) {
    const octets = utf8Length(char);
    if (currentOctets + octets > limit) {
      parts.push(current);
      current = '';
      currentOctets = 0;
      limit = maxLineOctets - 1;
    }
    current += char;
    currentOctets += octets;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export type IcsParams = Readonly<Record<string, string>>;

/** `NAME;PARAM=value:value`, folded. Parameter values must already be quoted or be plain tokens. */
export function contentLine(name: string, value: string, params: IcsParams = {}): string {
  const paramText = Object.entries(params)
    .map(([key, paramValue]) => `;${key}=${paramValue}`)
    .join('');
  return foldLine(`${name}${paramText}:${value}`);
}

/** Lines joined with CRLF, the calendar ending with one too. */
export function joinLines(lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, formatUtcDateTime, joinLines } from './ics-format.ts';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** What a TEXT value should read as after a round trip: controls dropped, newlines normalised. */
function expectedText(value: string): string {
  const allowed = new Set(['\t', '\n']);
  return [...value.replace(/\r\n|\r/g, '\n')]
    .filter((char) => allowed.has(char) || (char >= ' ' && char !== '\u007f'))
    .join('');
}

function summaryViaIcalJs(title: string): unknown {
  const ics = joinLines([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    'UID:x@y',
    'DTSTAMP:20260101T000000Z',
    foldLine(`SUMMARY:${escapeText(title)}`),
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
  return new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')?.getFirstPropertyValue('summary');
}

describe('foldLine', () => {
  it('never exceeds 75 octets, never splits a character, and unfolds to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const folded = foldLine(`SUMMARY:${text}`);
        const physical = folded.split('\r\n');
        for (const [index, line] of physical.entries()) {
          const bytes = encoder.encode(line);
          expect(bytes.length).toBeLessThanOrEqual(75);
          expect(strictDecoder.decode(bytes)).toBe(line);
          if (index > 0) expect(line.startsWith(' ')).toBe(true);
        }
        expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${text}`);
      }),
    );
  });

  it('fills lines to the limit', () => {
    const folded = foldLine('X'.repeat(200));
    expect(folded.split('\r\n').map((line) => line.length)).toEqual([75, 75, 52]);
    // A 4-octet emoji that would straddle octet 75 moves whole to the next line.
    expect(foldLine(`${'a'.repeat(73)}😀b`).split('\r\n')).toEqual(['a'.repeat(73), ' 😀b']);
  });
});

describe('escapeText', () => {
  it('round-trips any text through ical.js', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(summaryViaIcalJs(text)).toBe(expectedText(text));
      }),
    );
    for (const tricky of ['a\\,b', '\\n literal', 'end\\', ';;,,', 'x\r\ny\rz\n']) {
      expect(summaryViaIcalJs(tricky)).toBe(expectedText(tricky));
    }
  });

  it('drops control characters and repairs lone surrogates', () => {
    expect(escapeText('a\u0000b\u0007c\td')).toBe('abc\td');
    expect(escapeText('x\uD800y')).toBe('x\uFFFDy');
  });
});

describe('formatUtcDateTime', () => {
  it('formats UTC to the second', () => {
    expect(formatUtcDateTime(Date.parse('2026-03-29T01:30:45.999Z'))).toBe('20260329T013045Z');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPlainWords } from './index.ts';

interface Phrase {
  text: string;
  timeZone: string;
  now: string;
  expected: {
    understood: { kind: string; start: string; end: string; rrule?: string }[];
    notUnderstood: string[];
  };
  /** Why the reader gets this one wrong: it stays in the set, and the test checks it still misses. */
  knownMiss?: string;
}

// Expected results were written by hand as wall-clock times; offsets come from Python's zoneinfo
// (phrases.authoring.py), not from luxon or from this reader.
const PHRASES: Phrase[] = JSON.parse(readFileSync(new URL('./phrases.json', import.meta.url), 'utf8'));
const FLOOR = 0.9;

function answer(phrase: Phrase) {
  const result = readPlainWords({ text: phrase.text, timeZone: phrase.timeZone, now: phrase.now });
  return {
    understood: result.understood.map(({ kind, start, end, rrule }) => ({
      kind,
      start,
      end,
      ...(rrule ? { rrule } : {}),
    })),
    notUnderstood: result.notUnderstood,
  };
}

describe('the phrase set', () => {
  it('has at least 200 phrases in several zones, across clock changes', () => {
    expect(PHRASES.length).toBeGreaterThanOrEqual(200);
    expect(new Set(PHRASES.map((phrase) => phrase.timeZone)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(PHRASES.map((phrase) => phrase.text.toLowerCase())).size).toBeGreaterThanOrEqual(200);
  });

  it(`reads at least ${FLOOR * 100} % exactly right, and misses exactly the known misses`, () => {
    const misses = PHRASES.filter((phrase) => {
      try {
        return JSON.stringify(answer(phrase)) !== JSON.stringify(phrase.expected);
      } catch {
        return true;
      }
    });
    const share = (PHRASES.length - misses.length) / PHRASES.length;
    console.log(
      `plain words: ${PHRASES.length - misses.length}/${PHRASES.length} phrases read exactly right (${(share * 100).toFixed(1)} %)`,
    );
    expect(misses.map((phrase) => `${phrase.text} @ ${phrase.now}`)).toEqual(
      PHRASES.filter((phrase) => phrase.knownMiss).map((phrase) => `${phrase.text} @ ${phrase.now}`),
    );
    expect(share).toBeGreaterThanOrEqual(FLOOR);
  });
});

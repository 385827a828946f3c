import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { readPlainWords } from '../../core/availability/plain-words/index.ts';

/**
 * The plain-word reader over the phrase set, and over the longest reply it takes (2,000 characters,
 * 50 items). Baseline, same run: what any reader must do for a reply, the zone maths only (read
 * `now` in the creator's zone, print two instants with their offsets). Machine load moves both alike.
 */

interface Phrase {
  text: string;
  timeZone: string;
  now: string;
}

const PHRASES: Phrase[] = JSON.parse(
  readFileSync(new URL('../../core/availability/plain-words/phrases.json', import.meta.url), 'utf8'),
);

function medianMs(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    work();
    if (run > 0) times.push(performance.now() - started);
  }
  return times.toSorted((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function runPlainWordsBench(): Promise<string[]> {
  const all = () => {
    for (const phrase of PHRASES) readPlainWords(phrase);
  };
  const baseline = () => {
    for (const phrase of PHRASES) {
      const now = DateTime.fromISO(phrase.now, { zone: phrase.timeZone });
      now.plus({ days: 1 }).toISO();
      now.plus({ days: 2 }).toISO();
    }
  };
  // The longest reply taken: 2,000 characters of mixed statements.
  const longest = {
    text: Array.from({ length: 25 }, (_, k) => (k % 2 ? 'not Fri' : 'Tue after 6, Thu 2-5pm'))
      .join('; ')
      .padEnd(2_000, ' thanks'),
    timeZone: 'America/Chicago',
    now: '2026-12-01T10:00:00-06:00',
  };
  const reader = medianMs(20, all);
  const zoneMaths = medianMs(20, baseline);
  const long = medianMs(50, () => readPlainWords(longest));
  const items = readPlainWords(longest).understood.length;
  return [
    `phrase set (${PHRASES.length} replies), median of 20 runs`,
    `  reader:              ${reader.toFixed(1)} ms (${((reader / PHRASES.length) * 1000).toFixed(0)} us a reply)`,
    `  baseline, zone maths: ${zoneMaths.toFixed(1)} ms  -> ratio ${(reader / zoneMaths).toFixed(1)}x`,
    `longest reply taken (2,000 characters, ${items} items), median of 50 runs: ${long.toFixed(2)} ms`,
  ];
}

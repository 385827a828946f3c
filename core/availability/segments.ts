import type { Interval } from './intervals.ts';

/**
 * The window cut at every boundary of anyone's free time: between two consecutive boundaries the
 * set of free people is constant. Sets are bitsets of `words` 32-bit words per segment (person
 * index = rank of their id), stored flat. Adjacent segments always have different sets.
 */
export interface Segments {
  count: number;
  words: number;
  startMs: Float64Array;
  endMs: Float64Array;
  bits: Uint32Array;
  sizes: Uint16Array;
}

/** `freeByPerson[k]` must be normalised and clipped to `window`. */
export function buildSegments(freeByPerson: readonly (readonly Interval[])[], window: Interval): Segments {
  const words = Math.max(1, Math.ceil(freeByPerson.length / 32));
  let boundaryCount = 0;
  for (const free of freeByPerson) boundaryCount += free.length * 2;
  // Each boundary toggles one person (a normalised list never touches itself), so sort
  // (time, person) pairs packed into one float array by time.
  const times = new Float64Array(boundaryCount);
  const owners = new Uint32Array(boundaryCount);
  let k = 0;
  for (let person = 0; person < freeByPerson.length; person++) {
    for (const interval of freeByPerson[person]!) {
      times[k] = interval.startMs;
      owners[k++] = person;
      times[k] = interval.endMs;
      owners[k++] = person;
    }
  }
  const order = Array.from({ length: boundaryCount }, (_, i) => i).sort((a, b) => times[a]! - times[b]!);
  const maxSegments = boundaryCount + 1;
  const startMs = new Float64Array(maxSegments);
  const endMs = new Float64Array(maxSegments);
  const bits = new Uint32Array(maxSegments * words);
  const sizes = new Uint16Array(maxSegments);
  const current = new Uint32Array(words);
  let count = 0;
  let cursor = window.startMs;
  let size = 0;
  const close = (untilMs: number) => {
    if (untilMs <= cursor) return;
    startMs[count] = cursor;
    endMs[count] = untilMs;
    bits.set(current, count * words);
    sizes[count] = size;
    count++;
    cursor = untilMs;
  };
  for (const index of order) {
    close(times[index]!);
    const person = owners[index]!;
    const word = person >>> 5;
    const mask = 1 << (person & 31);
    current[word] = current[word]! ^ mask;
    size += current[word]! & mask ? 1 : -1;
  }
  close(window.endMs);
  return { count, words, startMs, endMs, bits, sizes };
}

/** Number of set bits in a 32-bit word. */
export function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

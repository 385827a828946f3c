import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/app-error.ts';
import { decodeTimeline, encodeTimeline } from './timeline.codec.ts';
import { type TimelineInput, timelineModel } from './timeline.model.ts';

const H = 3_600_000;
const MIN = 60_000;
const MONDAY = Date.parse('2026-03-02T00:00:00Z');
const week = { startMs: MONDAY, endMs: MONDAY + 7 * 24 * H };

const input = (overrides: Partial<TimelineInput> = {}): TimelineInput => ({
  people: [
    {
      label: 'AS',
      zone: 'Europe/Lisbon',
      free: [{ startMs: MONDAY + 9 * H + 7 * MIN, endMs: MONDAY + 12 * H }],
    },
    { label: 'BO', zone: 'America/New_York', free: [{ startMs: MONDAY + 10 * H, endMs: MONDAY + 14 * H }] },
  ],
  common: [{ startMs: MONDAY + 10 * H, endMs: MONDAY + 12 * H }],
  span: week,
  viewerZone: 'Europe/London',
  ...overrides,
});

/** A busy week: `count` short windows a row, 10 rows. */
const dense = (count: number) =>
  input({
    people: Array.from({ length: 10 }, (_, p) => ({
      label: `P${p}`,
      zone: 'UTC',
      free: Array.from({ length: count }, (_, i) => ({
        startMs: MONDAY + i * 20 * MIN + p * MIN,
        endMs: MONDAY + i * 20 * MIN + p * MIN + 9 * MIN,
      })),
    })),
  });

describe('timeline codec', () => {
  it('round-trips a model exactly when it fits', () => {
    const model = timelineModel(input());
    const encoded = encodeTimeline(model, 2048)!;
    expect(encoded.model).toEqual(model);
    expect(decodeTimeline(encoded.bytes)).toEqual(model);
    // Two people and a shared window: a few dozen bytes, not kilobytes.
    expect(encoded.bytes.length).toBeLessThan(80);
  });

  it('rounds times to a coarser step when the exact bytes do not fit, and says so in the model', () => {
    const model = timelineModel(dense(400));
    const exact = encodeTimeline(model, 1_000_000)!;
    const encoded = encodeTimeline(model, 2048)!;
    expect(exact.model.roundedToMinutes).toBe(1);
    expect(encoded.bytes.length).toBeLessThanOrEqual(2048);
    expect(encoded.model.roundedToMinutes).toBeGreaterThan(1);
    expect(decodeTimeline(encoded.bytes)).toEqual(encoded.model);
  });

  it('leaves out the last windows of the longest rows past 60-minute steps, counting them', () => {
    const model = timelineModel(
      input({ people: dense(500).people.map((p, i) => ({ ...p, free: hourly(i) })) }),
    );
    const encoded = encodeTimeline(model, 600)!;
    expect(encoded.bytes.length).toBeLessThanOrEqual(600);
    expect(encoded.model.roundedToMinutes).toBe(60);
    const kept = encoded.model.rows.reduce((sum, row) => sum + row.free.length, 0);
    const clipped = encoded.model.rows.reduce((sum, row) => sum + row.clipped, 0);
    expect(clipped).toBeGreaterThan(0);
    expect(kept + clipped).toBe(10 * 84);
    expect(decodeTimeline(encoded.bytes)).toEqual(encoded.model);
  });

  it('keeps a short window at one step rather than rounding it away', () => {
    const short = { startMs: MONDAY + 9 * H + 20 * MIN, endMs: MONDAY + 9 * H + 27 * MIN };
    const people = dense(500).people.map((p) => ({ ...p, free: [...hourly(0), short] }));
    const encoded = encodeTimeline(timelineModel(input({ people })), 300)!;
    expect(encoded.model.roundedToMinutes).toBe(60);
    const row = decodeTimeline(encoded.bytes).rows[0]!;
    expect(row.free.some((i) => i.startMs <= short.startMs && i.endMs >= short.endMs)).toBe(true);
  });

  it('gives up when not even the labels fit', () => {
    expect(encodeTimeline(timelineModel(input()), 10)).toBeUndefined();
  });

  it('round-trips any bounded model within its budget', () => {
    const window = fc
      .tuple(fc.integer({ min: 0, max: 7 * 24 * 60 }), fc.integer({ min: 1, max: 600 }))
      .map(([start, length]) => ({ startMs: MONDAY + start * MIN, endMs: MONDAY + (start + length) * MIN }));
    const row = fc.record({
      label: fc.string({ maxLength: 30 }),
      zone: fc.constantFrom('UTC', 'Europe/London', 'Asia/Kolkata', 'America/St_Johns'),
      free: fc.array(window, { maxLength: 60 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), fc.array(window, { maxLength: 30 }), (people, common) => {
        const model = timelineModel({ people, common, span: week, viewerZone: 'Asia/Kolkata' });
        const encoded = encodeTimeline(model, 2048);
        if (!encoded) return;
        expect(encoded.bytes.length).toBeLessThanOrEqual(2048);
        expect(decodeTimeline(encoded.bytes)).toEqual(encoded.model);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses bytes it did not write, naming the part', () => {
    const bytes = encodeTimeline(timelineModel(input()), 2048)!.bytes;
    const codeOf = (data: Uint8Array) => {
      try {
        decodeTimeline(data);
        return 'decoded';
      } catch (error) {
        return isAppError(error) ? `${error.code} ${String(error.details.part)}` : String(error);
      }
    };
    expect(codeOf(bytes.subarray(0, bytes.length - 1))).toBe('timeline.bad_payload truncated');
    expect(codeOf(Uint8Array.from([...bytes, 0]))).toBe('timeline.bad_payload trailing bytes');
    expect(codeOf(Uint8Array.from([2, ...bytes.subarray(1)]))).toBe('timeline.bad_payload version');
    expect(codeOf(Uint8Array.from([1, 7]))).toBe('timeline.bad_payload step');
    expect(codeOf(Uint8Array.from([1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe(
      'timeline.bad_payload varint',
    );
    expect(codeOf(new Uint8Array(0))).toBe('timeline.bad_payload truncated');
  });
});

/** Every other hour of the week free: 84 one-hour windows. */
function hourly(offsetMinutes: number) {
  return Array.from({ length: 84 }, (_, i) => ({
    startMs: MONDAY + i * 2 * H + offsetMinutes * MIN,
    endMs: MONDAY + (i * 2 + 1) * H + offsetMinutes * MIN,
  }));
}

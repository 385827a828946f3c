import { describe, expect, it } from 'vitest';
import type { OverlapWindow } from './overlap.ts';
import { describeInterval, localRange } from './slot-explanation.ts';
import { suggestSlots } from './slots.ts';

const at = (text: string) => Date.parse(text);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe('suggestSlots', () => {
  const people = [
    { id: 'ana', timeZone: 'America/New_York' },
    { id: 'ben', timeZone: 'Europe/London' },
  ];

  it('keeps sessions inside waking hours and prefers the least late local end', () => {
    // 16:00-19:00 in New York = 21:00-00:00 in London; London must stop by 23:00.
    const windows = [
      { startMs: at('2026-03-02T21:00Z'), endMs: at('2026-03-03T00:00Z'), people: ['ana', 'ben'] },
    ];
    const slots = suggestSlots(windows, people, { durationMinutes: 60, stepMinutes: 30 });
    expect(slots.map((s) => [iso(s.startMs), s.latestPeople, s.latenessMinutes])).toEqual([
      ['2026-03-02T21:00', ['ben'], 780],
      ['2026-03-02T22:00', ['ben'], 840],
    ]);
  });

  it('rounds starts to the step', () => {
    const windows = [
      { startMs: at('2026-03-02T14:10Z'), endMs: at('2026-03-02T16:00Z'), people: ['ana', 'ben'] },
    ];
    const starts = suggestSlots(windows, people, { durationMinutes: 60, stepMinutes: 15, limit: 1 }).map(
      (s) => iso(s.startMs),
    );
    expect(starts).toEqual(['2026-03-02T14:15']);
  });

  it('rotates the late slot between people among equal scores', () => {
    const trio = [
      { id: 'a', timeZone: 'UTC' },
      { id: 'b', timeZone: 'UTC' },
      { id: 'c', timeZone: 'UTC', wakingHours: { start: '11:00', end: '24:00' } },
    ];
    // Two equally late slots; a is late in the first, b in the second.
    const windows: OverlapWindow[] = [
      { startMs: at('2026-03-02T19:00Z'), endMs: at('2026-03-02T20:00Z'), people: ['a', 'c'] },
      { startMs: at('2026-03-03T19:00Z'), endMs: at('2026-03-03T20:00Z'), people: ['b', 'c'] },
    ];
    const pick = (lateCounts: Record<string, number>) =>
      suggestSlots(windows, trio, { durationMinutes: 60, limit: 1, lateCounts })[0]?.latestPeople;
    expect(pick({})).toEqual(['a']);
    expect(pick({ a: 2, b: 1 })).toEqual(['b']);
    const both = suggestSlots(windows, trio, { durationMinutes: 60 });
    expect(both.map((s) => s.latestPeople)).toEqual([['a'], ['b']]);
  });
});

describe('describeInterval', () => {
  it('shows each person their own weekday and 12-hour time', () => {
    const slot = { startMs: at('2026-03-04T23:00Z'), endMs: at('2026-03-05T01:00Z') };
    expect(
      describeInterval(slot, [
        { name: 'Alice', timeZone: 'America/Chicago', city: 'Nashville' },
        { name: 'Ben', timeZone: 'Europe/London', city: 'London' },
        { name: 'Chitra', timeZone: 'Asia/Kolkata' },
      ]),
    ).toBe(
      'Wed 5-7pm for Alice in Nashville = Wed 11pm-Thu 1am for Ben in London = Thu 4:30-6:30am for Chitra',
    );
  });

  it('writes noon, midnight and mixed meridiems', () => {
    expect(localRange({ startMs: at('2026-03-05T00:00Z'), endMs: at('2026-03-05T02:00Z') }, 'UTC')).toBe(
      'Thu 12-2am',
    );
    expect(localRange({ startMs: at('2026-03-05T11:00Z'), endMs: at('2026-03-05T13:15Z') }, 'UTC')).toBe(
      'Thu 11am-1:15pm',
    );
    expect(localRange({ startMs: at('2026-03-05T22:00Z'), endMs: at('2026-03-06T00:00Z') }, 'UTC')).toBe(
      'Thu 10pm-12am',
    );
  });
});

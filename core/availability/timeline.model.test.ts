import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/app-error.ts';
import { cleanLabel, initialsOf, TIMELINE_LIMITS, timelineDays, timelineModel } from './timeline.model.ts';

const H = 3_600_000;
/** Monday 2 March 2026, 00:00 in London (GMT, so UTC). */
const MONDAY = Date.parse('2026-03-02T00:00:00Z');
const week = { startMs: MONDAY, endMs: MONDAY + 7 * 24 * H };
const person = (label: string, free = [{ startMs: MONDAY + 9 * H, endMs: MONDAY + 12 * H }]) => ({
  label,
  zone: 'Europe/London',
  free,
});

describe('timelineModel', () => {
  it('keeps at most 10 people and counts the rest', () => {
    const people = Array.from({ length: 13 }, (_, i) => person(`P${i}`));
    const model = timelineModel({ people, common: [], span: week, viewerZone: 'Europe/London' });
    expect(model.rows.map((row) => row.label)).toEqual(Array.from({ length: 10 }, (_, i) => `P${i}`));
    expect(model.peopleClipped).toBe(3);
  });

  it('sorts and merges each row, cuts it to the span and keeps at most 500 windows', () => {
    const many = Array.from({ length: 620 }, (_, i) => ({
      startMs: MONDAY + i * 10 * 60_000,
      endMs: MONDAY + i * 10 * 60_000 + 5 * 60_000,
    })).toReversed();
    const outside = [{ startMs: MONDAY - 5 * H, endMs: MONDAY + 30 * 60_000 }];
    const model = timelineModel({
      people: [person('A', [...many, ...outside])],
      common: [],
      span: week,
      viewerZone: 'Europe/London',
    });
    const [row] = model.rows;
    expect(row!.free).toHaveLength(TIMELINE_LIMITS.intervalsPerRow);
    // The window reaching back before Monday is cut at Monday and merged with the first three.
    expect(row!.free[0]).toEqual({ startMs: MONDAY, endMs: MONDAY + 35 * 60_000 });
    expect(row!.clipped).toBe(620 - 3 - TIMELINE_LIMITS.intervalsPerRow);
  });

  it('draws at most seven local days: a longer span is cut at the seventh midnight', () => {
    const model = timelineModel({
      people: [],
      common: [],
      span: { startMs: MONDAY + 10 * H, endMs: MONDAY + 20 * 24 * H },
      viewerZone: 'Europe/London',
    });
    expect(model.span).toEqual({ startMs: MONDAY + 10 * H, endMs: MONDAY + 7 * 24 * H });
  });

  it('refuses an unknown zone and an empty span, naming the field', () => {
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isAppError(error) ? `${error.code}: ${error.message}` : String(error);
      }
      return 'accepted';
    };
    expect(
      refused(() =>
        timelineModel({
          people: [{ ...person('A'), zone: 'Mars/Base' }],
          common: [],
          span: week,
          viewerZone: 'UTC',
        }),
      ),
    ).toBe('timeline.bad_zone: zone: expected an IANA time zone such as Europe/London');
    expect(
      refused(() =>
        timelineModel({ people: [], common: [], span: { startMs: 5, endMs: 5 }, viewerZone: 'UTC' }),
      ),
    ).toBe('timeline.bad_span: span: expected a start before its end');
  });
});

describe('timelineDays', () => {
  it('gives a 25-hour day where the clocks go back', () => {
    // London leaves summer time on Sunday 25 October 2026.
    const monday = Date.parse('2026-10-19T00:00:00+01:00');
    const days = timelineDays({ startMs: monday, endMs: monday + 7 * 24 * H + H }, 'Europe/London');
    expect(days).toHaveLength(7);
    expect(days.map((d) => (d.endMs - d.startMs) / H)).toEqual([24, 24, 24, 24, 24, 24, 25]);
  });
});

describe('labels', () => {
  it('cleans control characters and cuts long labels', () => {
    expect(cleanLabel('Ana\u0000\nSilva')).toBe('Ana Silva');
    expect(cleanLabel('   ')).toBe('?');
    expect([...cleanLabel('x'.repeat(40))]).toHaveLength(TIMELINE_LIMITS.labelChars);
  });

  it('turns names into initials, numbering repeats', () => {
    expect(initialsOf(['Ana Silva (@ana)', 'Ben', 'Ana Sousa', 'José Ñúñez', '(@x)'])).toEqual([
      'AS',
      'BE',
      'AS2',
      'JÑ',
      '?',
    ]);
  });
});

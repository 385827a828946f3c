import { describe, expect, it } from 'vitest';
import { type TimelineInput, timelineModel } from './timeline.model.ts';
import { TIMELINE_LAYOUT as L, renderTimelineSvg, timelineDayRange } from './timeline.svg.ts';

const H = 3_600_000;
/** Monday 2 March 2026, midnight in London (GMT) and in New York (EST). */
const LONDON_MONDAY = Date.parse('2026-03-02T00:00:00Z');
const NY_MONDAY = Date.parse('2026-03-02T00:00:00-05:00');
const weekFrom = (startMs: number) => ({ startMs, endMs: startMs + 7 * 24 * H });

const svgOf = (input: TimelineInput) => renderTimelineSvg(timelineModel(input));

/** The attributes of every element of one class, in document order. */
function elements(svg: string, cls: string): Record<string, string>[] {
  return [...svg.matchAll(new RegExp(`<(?:rect|text|path) class="${cls}"([^>]*)>`, 'g'))].map((match) =>
    Object.fromEntries([...match[1]!.matchAll(/([a-z-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!])),
  );
}
const texts = (svg: string, cls: string) =>
  [...svg.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1]);

const two: TimelineInput = {
  people: [
    {
      label: 'AS',
      zone: 'Europe/Lisbon',
      free: [
        { startMs: LONDON_MONDAY + 9 * H, endMs: LONDON_MONDAY + 12 * H },
        { startMs: LONDON_MONDAY + 24 * H + 14 * H, endMs: LONDON_MONDAY + 24 * H + 16 * H },
      ],
    },
    {
      label: 'BO',
      zone: 'America/New_York',
      free: [{ startMs: LONDON_MONDAY + 10 * H, endMs: LONDON_MONDAY + 13 * H }],
    },
  ],
  common: [{ startMs: LONDON_MONDAY + 10 * H, endMs: LONDON_MONDAY + 12 * H }],
  span: weekFrom(LONDON_MONDAY),
  viewerZone: 'Europe/London',
};

describe('renderTimelineSvg', () => {
  it('draws a row per person, a column per day and hour lines', () => {
    const svg = svgOf(two);
    expect(texts(svg, 'label')).toEqual(['AS', 'BO', 'Everyone']);
    expect(texts(svg, 'day')).toEqual([
      'Mon 2 Mar',
      'Tue 3 Mar',
      'Wed 4 Mar',
      'Thu 5 Mar',
      'Fri 6 Mar',
      'Sat 7 Mar',
      'Sun 8 Mar',
    ]);
    expect(svg).toContain('width="1016"');
    // 23 lines inside each of 7 days (3 of them every six hours), and 8 day edges.
    const lines = (cls: string) => (elements(svg, cls)[0]!.d!.match(/M/g) ?? []).length;
    expect([lines('grid-hour'), lines('grid-quarterDay'), lines('grid-day')]).toEqual([7 * 20, 7 * 3, 8]);
    expect(elements(svg, 'weekend')).toHaveLength(2);
  });

  it('puts a bar where its local time is: 09:00-12:00 on Monday, 14:00-16:00 on Tuesday', () => {
    const bars = elements(svgOf(two), 'free').filter((bar) => bar['data-row'] === '0');
    expect(bars.map((bar) => [bar.x, bar.width])).toEqual([
      [String(L.labelWidth + (9 / 24) * L.dayWidth), String((3 / 24) * L.dayWidth)],
      [String(L.labelWidth + L.dayWidth + (14 / 24) * L.dayWidth), String((2 / 24) * L.dayWidth)],
    ]);
  });

  it('draws days in the viewer zone, clock change included (New York springs forward on Sunday 8 March)', () => {
    const noonSunday = Date.parse('2026-03-08T12:00:00-04:00');
    const svg = svgOf({
      people: [
        { label: 'AS', zone: 'Europe/London', free: [{ startMs: noonSunday, endMs: noonSunday + H }] },
      ],
      common: [],
      span: weekFrom(NY_MONDAY),
      viewerZone: 'America/New_York',
    });
    // Sunday has 23 hours: noon is 11 of them after midnight.
    const [bar] = elements(svg, 'free');
    expect(Number(bar!.x)).toBeCloseTo(L.labelWidth + 6 * L.dayWidth + (11 / 23) * L.dayWidth, 1);
    expect(Number(bar!.width)).toBeCloseTo(L.dayWidth / 23, 1);
    expect(svg).toContain('times in America/New_York');
  });

  it('highlights the common windows across every row and in a row of their own', () => {
    const svg = svgOf(two);
    const [band] = elements(svg, 'common-band');
    const x = String(L.labelWidth + (10 / 24) * L.dayWidth);
    expect(band).toMatchObject({ x, y: String(L.top), height: String(3 * L.rowHeight) });
    expect(elements(svg, 'common-edge')).toHaveLength(1);
    expect(elements(svg, 'common')).toEqual([expect.objectContaining({ x, 'data-row': '2' })]);
  });

  it('shows no common row for one person, and shades days outside the span', () => {
    const svg = svgOf({
      ...two,
      people: [two.people[0]!],
      span: { startMs: LONDON_MONDAY + 12 * H, endMs: LONDON_MONDAY + 3 * 24 * H },
    });
    expect(texts(svg, 'label')).toEqual(['AS']);
    expect(elements(svg, 'common-band')).toEqual([]);
    expect(texts(svg, 'day')).toHaveLength(3);
    // Monday morning was not searched: the 09:00 bar is cut to start at noon, i.e. it is gone.
    expect(elements(svg, 'outside')).toEqual([
      expect.objectContaining({ x: String(L.labelWidth), width: String(L.dayWidth / 2) }),
    ]);
    expect(elements(svg, 'free')).toHaveLength(1);
  });

  it('says in the picture what it left out and that times were rounded', () => {
    const people = Array.from({ length: 12 }, (_, i) => ({ label: `P${i}`, zone: 'UTC', free: [] }));
    const model = { ...timelineModel({ ...two, people }), roundedToMinutes: 15 };
    model.rows[0] = { ...model.rows[0]!, clipped: 40 };
    expect(texts(renderTimelineSvg(model), 'note')).toEqual([
      '2 more people not shown (at most 10 a picture)',
      'P0: 40 more free windows not shown',
      'Times rounded to 15 minutes',
    ]);
  });

  it('is deterministic and escapes labels', () => {
    const input = { ...two, people: [{ ...two.people[0]!, label: '<b>&"x"' }, two.people[1]!] };
    const first = svgOf(input);
    expect(svgOf({ ...input, people: input.people.map((p) => ({ ...p, free: p.free.toReversed() })) })).toBe(
      first,
    );
    expect(texts(first, 'label')[0]).toBe('&#60;b&#62;&#38;&#34;x&#34;');
    expect(first).not.toContain('<b>');
  });

  it('names its days for a title', () => {
    expect(timelineDayRange({ span: weekFrom(LONDON_MONDAY), viewerZone: 'Europe/London' })).toBe(
      'Mon 2 Mar – Sun 8 Mar',
    );
  });
});

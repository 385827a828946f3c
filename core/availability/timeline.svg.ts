import type { Interval } from './intervals.ts';
import { utcMsToLocal } from './local-time.ts';
import { TIMELINE_LIMITS, type TimelineModel, timelineDays } from './timeline.model.ts';

/** Where things go, in SVG pixels. Exported so tests can say where a bar must start. */
export const TIMELINE_LAYOUT = {
  labelWidth: 160,
  dayWidth: 120,
  rightPad: 16,
  /** Top of the first row (below the title, day names and hour marks). */
  top: 96,
  rowHeight: 48,
  barHeight: 26,
  fontFamily: 'DejaVu Sans, Verdana, sans-serif',
} as const;

const COLORS = {
  free: '#2563eb',
  common: '#15803d',
  band: '#22c55e',
  weekend: '#f4f4f5',
  outside: '#e4e4e7',
  text: '#18181b',
  muted: '#52525b',
  note: '#b45309',
  hour: '#ececef',
  quarterDay: '#d4d4d8',
  day: '#a1a1aa',
} as const;

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const L = TIMELINE_LAYOUT;

/**
 * The week picture as SVG: a column per local day of the viewer's zone with hour lines, a row per
 * person with their free time as bars, the windows everyone shares as a band across the rows and a
 * row of their own, then a legend and a line for everything left out. Pure and deterministic: the
 * same model gives the same bytes.
 *
 * @example
 * renderTimelineSvg(timelineModel({ people, common, span, viewerZone: 'Europe/London' }))
 * // '<svg xmlns="http://www.w3.org/2000/svg" width="1016" …'
 */
export function renderTimelineSvg(model: TimelineModel): string {
  const days = timelineDays(model.span, model.viewerZone);
  const width = L.labelWidth + days.length * L.dayWidth + L.rightPad;
  const hasCommonRow = model.rows.length >= 2;
  const rowCount = model.rows.length + (hasCommonRow ? 1 : 0);
  const gridBottom = L.top + Math.max(1, rowCount) * L.rowHeight;
  const notes = notesOf(model);
  const height = gridBottom + 48 + notes.length * 22 + 8;
  const x = xScale(days);
  const rowTop = (index: number) => L.top + index * L.rowHeight;
  const bar = (cls: string, fill: string, row: number, i: Interval) => {
    const y = rowTop(row) + (L.rowHeight - L.barHeight) / 2;
    const w = Math.max(1, x(i.endMs) - x(i.startMs));
    return `<rect class="${cls}" data-row="${row}" x="${n(x(i.startMs))}" y="${n(y)}" width="${n(w)}" height="${L.barHeight}" rx="3" fill="${fill}"/>`;
  };

  const band = (window: Interval, cls: string, paint: string) => {
    const w = Math.max(1, x(window.endMs) - x(window.startMs));
    return `<rect class="${cls}" x="${n(x(window.startMs))}" y="${L.top}" width="${n(w)}" height="${gridBottom - L.top}" ${paint}/>`;
  };

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${L.fontFamily}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(16, 32, `Free time · ${timelineDayRange(model)}`, {
      size: 22,
      weight: 'bold',
    }),
    text(width - L.rightPad, 32, `times in ${model.viewerZone}`, {
      size: 14,
      fill: COLORS.muted,
      anchor: 'end',
    }),
  ];
  for (const [index, day] of days.entries()) {
    const left = L.labelWidth + index * L.dayWidth;
    if (utcMsToLocal(day.startMs, model.viewerZone).weekday >= 6) {
      parts.push(rect(left, L.top, L.dayWidth, gridBottom - L.top, COLORS.weekend, 'weekend'));
    }
    parts.push(
      text(left + L.dayWidth / 2, 62, dayLabel(day.startMs, model.viewerZone), {
        size: 16,
        anchor: 'middle',
        cls: 'day',
      }),
    );
    for (const hour of [6, 12, 18]) {
      parts.push(
        text(left + (L.dayWidth * hour) / 24, 86, String(hour), {
          size: 12,
          fill: COLORS.muted,
          anchor: 'middle',
        }),
      );
    }
  }
  for (const outside of outsideSpan(days, model.span)) {
    parts.push(
      rect(
        x(outside.startMs),
        L.top,
        x(outside.endMs) - x(outside.startMs),
        gridBottom - L.top,
        COLORS.outside,
        'outside',
      ),
    );
  }
  parts.push(...gridLines(days, model.viewerZone, x, gridBottom));
  if (hasCommonRow)
    parts.push(
      ...model.common.map((w) => band(w, 'common-band', `fill="${COLORS.band}" fill-opacity="0.22"`)),
    );
  for (const [index, row] of model.rows.entries()) {
    parts.push(...rowLabel(rowTop(index), row.label, cityOf(row.zone)));
    parts.push(...row.free.map((i) => bar('free', COLORS.free, index, i)));
  }
  if (hasCommonRow) {
    const index = model.rows.length;
    parts.push(...rowLabel(rowTop(index), 'Everyone', `${model.common.length} shared`));
    parts.push(...model.common.map((i) => bar('common', COLORS.common, index, i)));
  }
  // Outlined again over the bars, so a shared window reads across every row.
  if (hasCommonRow) {
    parts.push(
      ...model.common.map((w) =>
        band(w, 'common-edge', `fill="none" stroke="${COLORS.common}" stroke-width="1.5"`),
      ),
    );
  }
  if (model.rows.length === 0) {
    parts.push(
      text(L.labelWidth + 12, L.top + L.rowHeight / 2 + 6, 'No one to show', {
        size: 16,
        fill: COLORS.muted,
      }),
    );
  }
  parts.push(...legend(gridBottom + 30, hasCommonRow, model));
  for (const [index, note] of notes.entries()) {
    parts.push(text(16, gridBottom + 62 + index * 22, note, { size: 14, fill: COLORS.note, cls: 'note' }));
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Maps an instant to x: linear inside each local day, so a 25-hour day is drawn as wide as the others. */
function xScale(days: readonly Interval[]): (ms: number) => number {
  return (ms) => {
    if (ms <= days[0]!.startMs) return L.labelWidth;
    for (const [index, day] of days.entries()) {
      if (ms < day.endMs) {
        return (
          L.labelWidth + index * L.dayWidth + ((ms - day.startMs) / (day.endMs - day.startMs)) * L.dayWidth
        );
      }
    }
    return L.labelWidth + days.length * L.dayWidth;
  };
}

/** Hour lines (every hour faint, every six hours stronger, midnight strongest), one path per weight. */
function gridLines(
  days: readonly Interval[],
  zone: string,
  x: (ms: number) => number,
  bottom: number,
): string[] {
  const paths = { hour: [] as string[], quarterDay: [] as string[], day: [] as string[] };
  for (const day of days) {
    paths.day.push(`M${n(x(day.startMs))} ${L.top}V${bottom}`);
    // Walk the day's instants hour by hour: a clock change gives that day 23 or 25 lines.
    for (let ms = day.startMs + 3_600_000; ms < day.endMs; ms += 3_600_000) {
      const local = utcMsToLocal(ms, zone);
      if (local.minute !== 0) continue;
      (local.hour % 6 === 0 ? paths.quarterDay : paths.hour).push(`M${n(x(ms))} ${L.top}V${bottom}`);
    }
  }
  paths.day.push(`M${n(x(days.at(-1)!.endMs))} ${L.top}V${bottom}`);
  return (['hour', 'quarterDay', 'day'] as const)
    .filter((weight) => paths[weight].length > 0)
    .map(
      (weight) =>
        `<path class="grid-${weight}" d="${paths[weight].join('')}" stroke="${COLORS[weight]}" stroke-width="1" fill="none"/>`,
    );
}

function rowLabel(top: number, label: string, detail: string): string[] {
  // Long labels shrink to fit the label column (about 0.62 em per character in DejaVu Sans).
  const size = Math.min(18, Math.floor((L.labelWidth - 24) / (0.62 * [...label].length)));
  return [
    text(16, top + L.rowHeight / 2 + 1, label, { size, weight: 'bold', cls: 'label' }),
    text(16, top + L.rowHeight / 2 + 17, detail, { size: 12, fill: COLORS.muted }),
  ];
}

function legend(y: number, hasCommon: boolean, model: TimelineModel): string[] {
  const items: [string, string][] = [[COLORS.free, 'free']];
  if (hasCommon) items.push([COLORS.common, 'free for everyone']);
  const days = timelineDays(model.span, model.viewerZone);
  if (outsideSpan(days, model.span).length > 0) items.push([COLORS.outside, 'not searched']);
  const out: string[] = [];
  let left = 16;
  for (const [fill, label] of items) {
    out.push(rect(left, y - 13, 16, 16, fill, 'legend'));
    out.push(text(left + 24, y, label, { size: 14 }));
    left += 24 + label.length * 9 + 28;
  }
  return out;
}

/** One line for each thing the picture leaves out or changes, so nobody reads a cut week as whole. */
function notesOf(model: TimelineModel): string[] {
  const notes: string[] = [];
  if (model.peopleClipped > 0) {
    notes.push(`${model.peopleClipped} more people not shown (at most ${TIMELINE_LIMITS.people} a picture)`);
  }
  for (const row of model.rows) {
    if (row.clipped > 0) notes.push(`${row.label}: ${row.clipped} more free windows not shown`);
  }
  if (model.commonClipped > 0) notes.push(`Everyone: ${model.commonClipped} more shared windows not shown`);
  if (model.roundedToMinutes > 1) notes.push(`Times rounded to ${model.roundedToMinutes} minutes`);
  return notes;
}

/** The parts of the drawn days before and after the span. */
function outsideSpan(days: readonly Interval[], span: Interval): Interval[] {
  const first = days[0]!.startMs;
  const last = days.at(-1)!.endMs;
  return [
    { startMs: first, endMs: Math.min(span.startMs, last) },
    { startMs: Math.max(span.endMs, first), endMs: last },
  ].filter((i) => i.endMs > i.startMs);
}

/** The days a picture shows, as its title says them: `Mon 2 Mar – Sun 8 Mar`. */
export function timelineDayRange(model: Pick<TimelineModel, 'span' | 'viewerZone'>): string {
  const days = timelineDays(model.span, model.viewerZone);
  const first = dayLabel(days[0]!.startMs, model.viewerZone);
  return days.length === 1 ? first : `${first} – ${dayLabel(days.at(-1)!.startMs, model.viewerZone)}`;
}

function dayLabel(ms: number, zone: string): string {
  const local = utcMsToLocal(ms, zone);
  return `${WEEKDAYS[local.weekday - 1]} ${local.day} ${MONTHS[local.month - 1]}`;
}

/** `America/New_York` -> `New York`; `UTC` stays. */
function cityOf(zone: string): string {
  return (zone.split('/').at(-1) ?? zone).replace(/_/g, ' ');
}

interface TextStyle {
  size: number;
  weight?: 'bold';
  fill?: string;
  anchor?: 'middle' | 'end';
  cls?: string;
}

function text(x: number, y: number, value: string, style: TextStyle): string {
  const attrs = [
    style.cls ? `class="${style.cls}"` : '',
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `font-size="${style.size}"`,
    style.weight ? `font-weight="${style.weight}"` : '',
    `fill="${style.fill ?? COLORS.text}"`,
    style.anchor ? `text-anchor="${style.anchor}"` : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${escapeXml(value)}</text>`;
}

function rect(x: number, y: number, width: number, height: number, fill: string, cls: string): string {
  return `<rect class="${cls}" x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" fill="${fill}"/>`;
}

/** One decimal, no trailing zero: stable text for the same geometry. */
const n = (value: number) => String(Math.round(value * 10) / 10);

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

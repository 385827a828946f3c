import { AppError } from '../shared/app-error.ts';
import { type Interval, intersectIntervals, normalizeIntervals } from './intervals.ts';
import {
  dateOfDayNumber,
  dayNumber,
  isValidTimeZone,
  localToUtcMs,
  MINUTE_MS,
  utcMsToLocal,
} from './local-time.ts';

/** What one picture may hold. Past these, rows and bars are left out and the picture says so. */
export const TIMELINE_LIMITS = {
  people: 10,
  intervalsPerRow: 500,
  /** Characters of a row label (code points); longer labels end in "…". */
  labelChars: 24,
  days: 7,
} as const;

export interface TimelinePerson {
  label: string;
  /** The person's IANA zone, shown under the label. */
  zone: string;
  free: readonly Interval[];
}

export interface TimelineInput {
  people: readonly TimelinePerson[];
  /** The windows everyone shares, highlighted across the rows. */
  common: readonly Interval[];
  /** The time the picture covers: at most seven local days of `viewerZone` are drawn. */
  span: Interval;
  /** Days and hours are drawn in this zone. */
  viewerZone: string;
}

export interface TimelineRow {
  label: string;
  zone: string;
  free: Interval[];
  /** Free windows left out past TIMELINE_LIMITS.intervalsPerRow (or to keep the link short). */
  clipped: number;
}

/** What the picture draws: bounded, normalised and clipped to `span`, minute-aligned. */
export interface TimelineModel {
  viewerZone: string;
  span: Interval;
  rows: TimelineRow[];
  common: Interval[];
  commonClipped: number;
  /** People left out past TIMELINE_LIMITS.people. */
  peopleClipped: number;
  /** Minutes the times were rounded to so the picture's link stays short (1: as given). */
  roundedToMinutes: number;
}

/**
 * The bounded model of a week picture: at most 10 people and 500 free windows a row, every list
 * sorted, merged and cut to the span, the span cut to seven local days of the viewer's zone, labels
 * cleaned of control characters and cut to 24 characters. What is left out is counted, never lost
 * silently.
 *
 * @example
 * timelineModel({ people: [{ label: 'AS', zone: 'Europe/Lisbon', free }], common: [], span, viewerZone: 'Europe/Lisbon' })
 */
export function timelineModel(input: TimelineInput): TimelineModel {
  for (const zone of [input.viewerZone, ...input.people.map((p) => p.zone)]) {
    if (!isValidTimeZone(zone)) {
      throw new AppError('timeline.bad_zone', `zone: expected an IANA time zone such as Europe/London`, {
        zone,
      });
    }
  }
  const span = boundedSpan(input.span, input.viewerZone);
  const shown = input.people.slice(0, TIMELINE_LIMITS.people);
  const rows = shown.map((person) => {
    const { kept, clipped } = clipList(person.free, span);
    return { label: cleanLabel(person.label), zone: person.zone, free: kept, clipped };
  });
  const common = clipList(input.common, span);
  return {
    viewerZone: input.viewerZone,
    span,
    rows,
    common: common.kept,
    commonClipped: common.clipped,
    peopleClipped: input.people.length - shown.length,
    roundedToMinutes: 1,
  };
}

/** The span, minute-aligned and cut to end at most seven local midnights after its first day. */
function boundedSpan(span: Interval, viewerZone: string): Interval {
  if (!Number.isFinite(span.startMs) || !Number.isFinite(span.endMs) || span.endMs <= span.startMs) {
    throw new AppError('timeline.bad_span', 'span: expected a start before its end', { ...span });
  }
  const startMs = Math.floor(span.startMs / MINUTE_MS) * MINUTE_MS;
  const lastMs = timelineDays({ startMs, endMs: span.endMs }, viewerZone).at(-1)!.endMs;
  const endMs = Math.min(Math.ceil(span.endMs / MINUTE_MS) * MINUTE_MS, lastMs);
  return { startMs, endMs };
}

/**
 * The local days (midnight to midnight in `viewerZone`) a span touches, at most seven. A day of a
 * clock change is 23 or 25 hours long.
 */
export function timelineDays(span: Interval, viewerZone: string): Interval[] {
  const first = dayNumber(utcMsToLocal(span.startMs, viewerZone));
  const last = dayNumber(utcMsToLocal(Math.max(span.startMs, span.endMs - 1), viewerZone));
  const count = Math.min(TIMELINE_LIMITS.days, last - first + 1);
  const midnight = (day: number) => localToUtcMs(dateOfDayNumber(day), 0, viewerZone);
  return Array.from({ length: count }, (_, i) => ({
    startMs: midnight(first + i),
    endMs: midnight(first + i + 1),
  }));
}

/** Sorted, merged and cut to the span, then to the row limit. Only windows inside the span count. */
function clipList(list: readonly Interval[], span: Interval): { kept: Interval[]; clipped: number } {
  // Cut to the span before sorting: a huge list outside the week costs one pass, not a sort.
  const inside = list.filter((i) => i.endMs > span.startMs && i.startMs < span.endMs);
  const merged = intersectIntervals(normalizeIntervals(inside), [span]).map((i) => ({
    startMs: Math.floor(i.startMs / MINUTE_MS) * MINUTE_MS,
    endMs: Math.ceil(i.endMs / MINUTE_MS) * MINUTE_MS,
  }));
  const kept = normalizeIntervals(merged);
  return {
    kept: kept.slice(0, TIMELINE_LIMITS.intervalsPerRow),
    clipped: Math.max(0, kept.length - TIMELINE_LIMITS.intervalsPerRow),
  };
}

/** One line of printable text, at most TIMELINE_LIMITS.labelChars code points. */
export function cleanLabel(label: string): string {
  const points = [...label.replace(/[\p{C}\s]+/gu, ' ').trim()];
  if (points.length === 0) return '?';
  return points.length <= TIMELINE_LIMITS.labelChars
    ? points.join('')
    : `${points.slice(0, TIMELINE_LIMITS.labelChars - 1).join('')}…`;
}

/**
 * Initials for a label, so a picture's link carries no names: `Ana Silva (@ana)` -> `AS`,
 * `Ben` -> `BE`. Repeated initials get a number: `AS`, `AS2`.
 */
export function initialsOf(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const words = label
      .replace(/\([^)]*\)/g, ' ')
      .split(/[\s\-_.]+/)
      .map((word) => [...word].filter((ch) => /\p{L}|\p{N}/u.test(ch)).join(''))
      .filter((word) => word.length > 0);
    const letters =
      words.length === 0
        ? '?'
        : words.length === 1
          ? [...words[0]!].slice(0, 2).join('')
          : [words[0]!, words.at(-1)!].map((word) => [...word][0]).join('');
    const initials = letters.toLocaleUpperCase('en');
    const count = (seen.get(initials) ?? 0) + 1;
    seen.set(initials, count);
    return count === 1 ? initials : `${initials}${count}`;
  });
}

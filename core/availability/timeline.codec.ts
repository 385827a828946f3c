import { AppError } from '../shared/app-error.ts';
import { type Interval, normalizeIntervals } from './intervals.ts';
import { isValidTimeZone, MINUTE_MS } from './local-time.ts';
import { cleanLabel, TIMELINE_LIMITS, type TimelineModel, type TimelineRow } from './timeline.model.ts';

/**
 * The compact bytes of a timeline model, for a link that carries what to draw. Times are unsigned
 * varints counted in `roundedToMinutes` steps from the span's start, each window as (gap since the
 * previous end, length), so a person's week of a few windows costs a few bytes. Version 1:
 *
 * `1 · step · spanStartMinute · spanSteps · viewerZone · peopleClipped · rows (label, zone, list) · common list`
 * where a list is `clipped · count · (gap, length)…` and a string is `byteLength · UTF-8`.
 */
const VERSION = 1;
/** Coarser steps, tried in turn until the bytes fit the link. */
export const TIMELINE_STEPS_MINUTES = [1, 5, 15, 30, 60] as const;
const MAX_STRING_BYTES = 200;
/** A span the decoder accepts: seven days plus a clock change, with room to spare. */
const MAX_SPAN_MINUTES = 8 * 24 * 60;

/**
 * The model's bytes within `maxBytes`: exact when they fit, else with times rounded to 5, 15, 30 or
 * 60 minutes, else (60-minute steps still too long) with the last windows of the longest rows left
 * out and counted. Also returns the model those bytes decode to, which is what the picture draws.
 * Undefined when not even the labels fit.
 */
export function encodeTimeline(
  model: TimelineModel,
  maxBytes: number,
): { bytes: Uint8Array; model: TimelineModel } | undefined {
  for (const step of TIMELINE_STEPS_MINUTES) {
    const rounded = roundModel(model, step);
    const bytes = writeModel(rounded);
    if (bytes.length <= maxBytes) return { bytes, model: rounded };
  }
  let trimmed = roundModel(model, TIMELINE_STEPS_MINUTES.at(-1)!);
  for (;;) {
    const next = trimLongest(trimmed);
    if (!next) return undefined;
    trimmed = next;
    const bytes = writeModel(trimmed);
    if (bytes.length <= maxBytes) return { bytes, model: trimmed };
  }
}

/** The model inside `bytes`, checked against every limit; AppError `timeline.bad_payload` otherwise. */
export function decodeTimeline(bytes: Uint8Array): TimelineModel {
  const r = reader(bytes);
  if (r.varint() !== VERSION) throw badPayload('version');
  const step = r.varint();
  if (!(TIMELINE_STEPS_MINUTES as readonly number[]).includes(step)) throw badPayload('step');
  const startMs = r.varint() * MINUTE_MS;
  const spanSteps = r.varint();
  if (spanSteps === 0 || spanSteps * step > MAX_SPAN_MINUTES) throw badPayload('span');
  const span = { startMs, endMs: startMs + spanSteps * step * MINUTE_MS };
  const viewerZone = zone(r.string());
  const peopleClipped = r.varint();
  const rowCount = r.varint();
  if (rowCount > TIMELINE_LIMITS.people) throw badPayload('rows');
  const readList = () => {
    const clipped = r.varint();
    const count = r.varint();
    if (count > TIMELINE_LIMITS.intervalsPerRow) throw badPayload('intervals');
    const list: Interval[] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      const from = at + r.varint();
      at = from + r.varint();
      if (at <= from || at > spanSteps) throw badPayload('interval');
      list.push({ startMs: startMs + from * step * MINUTE_MS, endMs: startMs + at * step * MINUTE_MS });
    }
    return { list: normalizeIntervals(list), clipped };
  };
  const rows: TimelineRow[] = [];
  for (let i = 0; i < rowCount; i++) {
    const label = cleanLabel(r.string());
    const rowZone = zone(r.string());
    const { list, clipped } = readList();
    rows.push({ label, zone: rowZone, free: list, clipped });
  }
  const common = readList();
  if (!r.isDone()) throw badPayload('trailing bytes');
  return {
    viewerZone,
    span,
    rows,
    common: common.list,
    commonClipped: common.clipped,
    peopleClipped,
    roundedToMinutes: step,
  };
}

function roundModel(model: TimelineModel, step: number): TimelineModel {
  const stepMs = step * MINUTE_MS;
  const startMs = Math.floor(model.span.startMs / MINUTE_MS) * MINUTE_MS;
  const spanSteps = Math.ceil((model.span.endMs - startMs) / stepMs);
  const toStep = (ms: number) => Math.min(spanSteps, Math.max(0, Math.round((ms - startMs) / stepMs)));
  // To the nearest step, but never to nothing: a short window keeps one step, so nobody's free
  // time disappears from the picture because the link had to be short.
  const round = (list: readonly Interval[]) =>
    normalizeIntervals(
      list.map((i) => {
        const from = Math.min(toStep(i.startMs), spanSteps - 1);
        const to = Math.max(toStep(i.endMs), from + 1);
        return { startMs: startMs + from * stepMs, endMs: startMs + to * stepMs };
      }),
    );
  return {
    ...model,
    span: { startMs, endMs: startMs + spanSteps * stepMs },
    rows: model.rows.map((row) => ({ ...row, free: round(row.free) })),
    common: round(model.common),
    roundedToMinutes: step,
  };
}

/** The model with the last tenth of its longest list left out (and counted); undefined when all are empty. */
function trimLongest(model: TimelineModel): TimelineModel | undefined {
  const lengths = [...model.rows.map((row) => row.free.length), model.common.length];
  const longest = Math.max(...lengths);
  if (longest === 0) return undefined;
  const index = lengths.indexOf(longest);
  const drop = Math.ceil(longest / 10);
  if (index === model.rows.length) {
    return {
      ...model,
      common: model.common.slice(0, longest - drop),
      commonClipped: model.commonClipped + drop,
    };
  }
  return {
    ...model,
    rows: model.rows.map((row, i) =>
      i === index ? { ...row, free: row.free.slice(0, longest - drop), clipped: row.clipped + drop } : row,
    ),
  };
}

function writeModel(model: TimelineModel): Uint8Array {
  const out: number[] = [];
  const step = model.roundedToMinutes;
  const stepMs = step * MINUTE_MS;
  const startMs = model.span.startMs;
  const varint = (value: number) => {
    let rest = value;
    while (rest >= 0x80) {
      out.push((rest % 0x80) + 0x80);
      rest = Math.floor(rest / 0x80);
    }
    out.push(rest);
  };
  const string = (value: string) => {
    // Labels (24 code points) and zone names are far shorter; the guard keeps the decoder's promise.
    const encoded = new TextEncoder().encode(value);
    const bytes = encoded.length <= MAX_STRING_BYTES ? encoded : new TextEncoder().encode('?');
    varint(bytes.length);
    out.push(...bytes);
  };
  const list = (intervals: readonly Interval[], clipped: number) => {
    varint(clipped);
    varint(intervals.length);
    let at = 0;
    for (const interval of intervals) {
      const from = Math.round((interval.startMs - startMs) / stepMs);
      const to = Math.round((interval.endMs - startMs) / stepMs);
      varint(from - at);
      varint(to - from);
      at = to;
    }
  };
  varint(VERSION);
  varint(step);
  varint(startMs / MINUTE_MS);
  varint(Math.round((model.span.endMs - startMs) / stepMs));
  string(model.viewerZone);
  varint(model.peopleClipped);
  varint(model.rows.length);
  for (const row of model.rows) {
    string(row.label);
    string(row.zone);
    list(row.free, row.clipped);
  }
  list(model.common, model.commonClipped);
  return Uint8Array.from(out);
}

function reader(bytes: Uint8Array) {
  let at = 0;
  const byte = () => {
    if (at >= bytes.length) throw badPayload('truncated');
    return bytes[at++]!;
  };
  const varint = () => {
    let value = 0;
    let scale = 1;
    // Five bytes hold 35 bits: every minute count this format needs, never an unsafe integer.
    for (let i = 0; i < 5; i++) {
      const b = byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
    throw badPayload('varint');
  };
  return {
    varint,
    string() {
      const length = varint();
      if (length > MAX_STRING_BYTES || at + length > bytes.length) throw badPayload('string');
      const part = bytes.subarray(at, at + length);
      at += length;
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(part);
      } catch {
        throw badPayload('text');
      }
    },
    isDone: () => at === bytes.length,
  };
}

function zone(name: string): string {
  if (!isValidTimeZone(name)) throw badPayload('zone');
  return name;
}

const badPayload = (part: string) =>
  new AppError('timeline.bad_payload', `payload: expected a timeline picture (bad ${part})`, { part });

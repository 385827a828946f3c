/**
 * Hard rules: who may appear at all and which groups may be suggested. A group breaking any rule is never
 * shown, whatever its score.
 */
import { haversineKm } from '../profiles/cities.ts';
import { normaliseRole } from '../profiles/roles.ts';
import type { MatchIndex } from './match-index.ts';
import { pairKey } from './match-index.ts';

/** Half-open UTC interval in epoch milliseconds. */
export interface Interval {
  startMs: number;
  endMs: number;
}

/**
 * Availability as the caller computed it (from the availability module): each creator's free windows,
 * sorted and half-open. A group passes when its members share one window of at least `minMinutes`.
 */
export interface AvailabilityGate {
  windowsByHandle: ReadonlyMap<string, readonly Interval[]>;
  minMinutes: number;
}

export interface GroupRules {
  requiredRoles?: readonly string[];
  /** In-person: every pair of members within this many km (city-level); members need an opted-in location. */
  inPersonRadiusKm?: number;
  availability?: AvailabilityGate;
  /** Never suggested (e.g. past co-writers when only new pairings are wanted). */
  excludeHandles?: ReadonlySet<string>;
}

export type RuleViolation =
  | 'matching.unknown_creator'
  | 'matching.opted_out'
  | 'matching.do_not_pair'
  | 'matching.duplicate_member'
  | 'matching.outside_radius'
  | 'matching.no_location'
  | 'matching.no_common_time'
  | 'matching.missing_role'
  | 'matching.excluded';

/** Opted in to writing sessions and known. */
export function isEligible(index: MatchIndex, handle: string): boolean {
  return index.profiles.get(handle)?.isWritingOptIn === true;
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const startMs = Math.max(a[i]!.startMs, b[j]!.startMs);
    const endMs = Math.min(a[i]!.endMs, b[j]!.endMs);
    if (startMs < endMs) out.push({ startMs, endMs });
    if (a[i]!.endMs < b[j]!.endMs) i += 1;
    else j += 1;
  }
  return out;
}

/** The longest window every member is free in, if any. */
export function longestCommonWindow(
  gate: AvailabilityGate,
  handles: readonly string[],
): Interval | undefined {
  let common: readonly Interval[] | undefined;
  for (const handle of handles) {
    const windows = gate.windowsByHandle.get(handle) ?? [];
    common = common === undefined ? windows : intersect(common, windows);
    if (common.length === 0) return undefined;
  }
  let best: Interval | undefined;
  for (const window of common ?? []) {
    if (!best || window.endMs - window.startMs > best.endMs - best.startMs) best = window;
  }
  return best;
}

/** The largest pairwise distance in km, or undefined when someone has no opted-in location. */
export function groupSpanKm(index: MatchIndex, handles: readonly string[]): number | undefined {
  const locations = handles.map((handle) => index.profiles.get(handle)?.location);
  let span = 0;
  for (let i = 0; i < locations.length; i += 1) {
    for (let j = i + 1; j < locations.length; j += 1) {
      const [a, b] = [locations[i], locations[j]];
      if (!a || !b) return undefined;
      span = Math.max(span, haversineKm(a, b));
    }
  }
  return span;
}

/** Every rule the group breaks (empty when it may be suggested), plus the shared window when gated. */
export function checkGroup(
  index: MatchIndex,
  handles: readonly string[],
  rules: GroupRules,
): { violations: RuleViolation[]; window?: Interval; spanKm?: number } {
  const violations = new Set<RuleViolation>();
  if (new Set(handles).size !== handles.length) violations.add('matching.duplicate_member');
  for (const handle of handles) {
    if (!index.profiles.has(handle)) violations.add('matching.unknown_creator');
    else if (!isEligible(index, handle)) violations.add('matching.opted_out');
    if (rules.excludeHandles?.has(handle)) violations.add('matching.excluded');
  }
  for (let i = 0; i < handles.length; i += 1) {
    for (let j = i + 1; j < handles.length; j += 1) {
      if (index.doNotPair.has(pairKey(handles[i]!, handles[j]!))) violations.add('matching.do_not_pair');
    }
  }
  const roles = new Set(handles.flatMap((handle) => index.profiles.get(handle)?.roles ?? []));
  for (const required of rules.requiredRoles ?? []) {
    if (!roles.has(normaliseRole(required) ?? (required as never))) violations.add('matching.missing_role');
  }
  const result: { violations: RuleViolation[]; window?: Interval; spanKm?: number } = { violations: [] };
  if (rules.inPersonRadiusKm !== undefined) {
    const span = groupSpanKm(index, handles);
    if (span === undefined) violations.add('matching.no_location');
    else if (span > rules.inPersonRadiusKm) violations.add('matching.outside_radius');
    else result.spanKm = span;
  }
  if (rules.availability) {
    const window = longestCommonWindow(rules.availability, handles);
    if (!window || window.endMs - window.startMs < rules.availability.minMinutes * 60_000)
      violations.add('matching.no_common_time');
    else result.window = window;
  }
  result.violations = [...violations];
  return result;
}

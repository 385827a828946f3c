import { AppError } from '../shared/app-error.ts';
import { intersection, isFreeIn, isInsideAny, isValidInterval, mergeIntervals } from './interval.ts';
import type { Interval } from './session.types.ts';
import { minuteMs } from './session-policy.ts';

/** Whose busy time is being checked: people (busy + held sessions, as the caller decides) and the room. */
export interface BusyInput {
  participants: readonly { userId: string; busy: readonly Interval[] }[];
  room?: { roomId: string; busy: readonly Interval[] } | null;
}

export type ConflictResource = { kind: 'participant'; userId: string } | { kind: 'room'; roomId: string };

export interface Conflict {
  resource: ConflictResource;
  /** The part of the proposed time that clashes. */
  overlap: Interval;
  /** The busy block it clashes with. */
  busy: Interval;
}

/**
 * Every busy block that overlaps `proposed`, per person and for the room, in time order per resource.
 *
 * @example
 * findConflicts({ startMs, endMs }, { participants: [{ userId: 'ana', busy }], room: { roomId, busy: roomBusy } })
 */
export function findConflicts(proposed: Interval, busy: BusyInput): Conflict[] {
  const resources: { resource: ConflictResource; busy: readonly Interval[] }[] = [
    ...busy.participants.map((p) => ({
      resource: { kind: 'participant' as const, userId: p.userId },
      busy: p.busy,
    })),
    ...(busy.room
      ? [{ resource: { kind: 'room' as const, roomId: busy.room.roomId }, busy: busy.room.busy }]
      : []),
  ];
  const conflicts: Conflict[] = [];
  for (const { resource, busy: blocks } of resources) {
    for (const block of blocks.toSorted((a, b) => a.startMs - b.startMs)) {
      const overlap = isValidInterval(block) ? intersection(proposed, block) : null;
      if (overlap !== null)
        conflicts.push({ resource, overlap, busy: { startMs: block.startMs, endMs: block.endMs } });
    }
  }
  return conflicts;
}

export interface AlternativeSearch {
  startMs: number;
  durationMinutes: number;
  busy: BusyInput;
  /** Nothing earlier than this is offered (usually now). */
  notBeforeMs: number;
  /** Start times sit on this UTC grid; 15 minutes also lines up with every time zone's offset. */
  gridMinutes?: number;
  /** How far before and after the proposed start to look. Default 72 hours. */
  searchHorizonHours?: number;
  maxResults?: number;
  /** If given, an alternative must fit inside one of these (e.g. everyone's shared availability). */
  allowedWindows?: readonly Interval[];
}

export interface Alternative extends Interval {
  /** Signed distance from the proposed start: negative is earlier. */
  offsetMinutes: number;
}

/**
 * The nearest start times (earlier or later, nearest first, earlier on a tie) where everyone and the
 * room are free for the whole duration.
 */
export function findAlternatives(search: AlternativeSearch): Alternative[] {
  const gridMs = (search.gridMinutes ?? 15) * minuteMs;
  const durationMs = search.durationMinutes * minuteMs;
  const horizonMs = (search.searchHorizonHours ?? 72) * 60 * minuteMs;
  const maxResults = search.maxResults ?? 3;
  if (!(gridMs > 0) || !(durationMs > 0) || maxResults <= 0) return [];
  const allBusy = mergeIntervals([
    ...search.busy.participants.flatMap((p) => p.busy),
    ...(search.busy.room?.busy ?? []),
  ]);
  const windows = search.allowedWindows ? mergeIntervals(search.allowedWindows) : null;
  const first = Math.ceil((search.startMs - horizonMs) / gridMs) * gridMs;
  const candidates: number[] = [];
  for (let startMs = first; startMs <= search.startMs + horizonMs; startMs += gridMs) {
    if (startMs !== search.startMs && startMs >= search.notBeforeMs) candidates.push(startMs);
  }
  const byNearness = candidates.toSorted(
    (a, b) => Math.abs(a - search.startMs) - Math.abs(b - search.startMs) || a - b,
  );
  const found: Alternative[] = [];
  for (const startMs of byNearness) {
    const candidate = { startMs, endMs: startMs + durationMs };
    if (!isFreeIn(allBusy, candidate)) continue;
    if (windows !== null && !isInsideAny(windows, candidate)) continue;
    found.push({ ...candidate, offsetMinutes: (startMs - search.startMs) / minuteMs });
    if (found.length === maxResults) break;
  }
  return found;
}

/** The friendly answer to "book this": what clashes and what would work instead. */
export function checkProposedTime(search: AlternativeSearch): {
  conflicts: Conflict[];
  alternatives: Alternative[];
} {
  const proposed = { startMs: search.startMs, endMs: search.startMs + search.durationMinutes * minuteMs };
  const conflicts = findConflicts(proposed, search.busy);
  return { conflicts, alternatives: conflicts.length === 0 ? [] : findAlternatives(search) };
}

/**
 * `sessions.conflict`, with the clashes and alternatives as details for the surface to render
 * with names and local times (the message itself only counts).
 */
export function conflictError(
  conflicts: readonly Conflict[],
  alternatives: readonly Alternative[] = [],
): AppError {
  const people = new Set(
    conflicts.flatMap((c) => (c.resource.kind === 'participant' ? [c.resource.userId] : [])),
  );
  const isRoomBusy = conflicts.some((c) => c.resource.kind === 'room');
  const parts = [
    ...(people.size > 0 ? [`${people.size} ${people.size === 1 ? 'person is' : 'people are'} busy`] : []),
    ...(isRoomBusy ? ['the room is booked'] : []),
  ];
  return new AppError('sessions.conflict', `That time is not free: ${parts.join(' and ')}`, {
    conflicts,
    alternatives,
  });
}

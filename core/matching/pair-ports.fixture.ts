/** In-memory ports for `answerPairQuery` tests: the match index, and free time from a map. */
import { clipIntervals } from '../availability/intervals.ts';
import type { MatchIndex } from './match-index.ts';
import type { Interval } from './match-rules.ts';
import { DEFAULT_MATCH_WEIGHTS } from './match-weights.ts';
import type { PairAnswerPorts } from './pair-answer.ts';

export function memoryPairPorts(
  index: MatchIndex,
  free: Readonly<Record<string, readonly Interval[]>> = {},
): PairAnswerPorts & { loaded: string[] } {
  const ports = {
    /** Every handle whose free time was loaded, once per load. */
    loaded: [] as string[],
    index,
    weights: DEFAULT_MATCH_WEIGHTS,
    members: (handle: string) => ({
      handle,
      displayName: index.profiles.get(handle)?.displayName ?? handle,
      timeZone: 'UTC',
    }),
    mostActive: [],
    nearest: async () => [],
    async freeTime(handles: readonly string[], window: Interval) {
      ports.loaded.push(...handles);
      return new Map(handles.map((h) => [h, clipIntervals(free[h] ?? [], window)]));
    },
    describe: (window: Interval) => `${window.startMs}-${window.endMs}`,
  };
  return ports;
}

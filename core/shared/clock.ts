/** Where "now" comes from. Core never reads the system time directly. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/**
 * A clock that stays where it is put; `advance` moves it. For tests and deterministic runs.
 *
 * @example
 * const clock = fixedClock(Date.parse('2026-03-08T12:00:00Z'));
 * clock.advance(60_000);
 */
export function fixedClock(startMs: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let current = startMs;
  return {
    nowMs: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

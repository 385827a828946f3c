/**
 * Runs `sweep` now and every `intervalMs` in this process (timer unref'd), never two at once: a tick
 * while one runs is skipped. `stop()` clears the timer and waits for the sweep in progress.
 *
 * @example
 * const sweeper = repeatingSweep(() => runSessionSweep(database, options), 60_000);
 */
export function repeatingSweep(sweep: () => Promise<void>, intervalMs: number): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= sweep().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

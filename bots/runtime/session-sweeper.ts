import type { CommandCatalog } from '../../core/commands/command.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import { runSessionSweep } from '../../jobs/handlers/session-sweep.job.ts';
import { repeatingSweep } from './repeating-sweep.ts';
import type { Runtime } from './runtime.ts';
import { logNotifier } from './session-delivery.ts';

export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/**
 * Runs the session sweep every `intervalMs` in this process (timer unref'd, never two at once).
 * Restart-safe and safe with several servers: the sweep finds its work in the database and claims
 * each notification atomically, so a missed tick or a second sweeper sends nothing twice.
 *
 * @example
 * const sweeper = startSessionSweeper(runtime); // ... on shutdown: await sweeper.stop();
 */
export function startSessionSweeper(
  runtime: Pick<Runtime, 'database' | 'logger' | 'clock' | 'work'>,
  options: { intervalMs?: number; notifier?: Notifier; registry?: CommandCatalog } = {},
): { stop(): Promise<void> } {
  const notifier = options.notifier ?? logNotifier(runtime.logger);
  const registry = options.registry ?? createCommandRegistry();
  const sweep = () =>
    runSessionSweep(runtime.database, {
      notifier,
      work: runtime.work,
      registry,
      clock: runtime.clock,
      onError: (error, context) => runtime.logger.warn({ err: error, ...context }, 'session sweep problem'),
    })
      .then((report) => {
        if (report.transitions + report.sent + report.failed > 0)
          runtime.logger.info(report, 'session sweep');
      })
      .catch((error: unknown) => runtime.logger.warn({ err: error }, 'session sweep failed'));
  return repeatingSweep(sweep, options.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
}

import type { JobQueue } from '../../core/ports/job-queue.ts';
import type { Clock } from '../../core/shared/clock.ts';
import type { Logger } from './logger.ts';

export interface PeriodicJob {
  name: string;
  everyMs: number;
}

/**
 * Enqueues sweep jobs on a timer. Each tick's idempotency key is the job name plus the time bucket,
 * so several servers (or a restart inside a bucket) enqueue each sweep once. The sweeps themselves
 * find their work in the database, so a missed tick loses nothing.
 */
export function startPeriodicJobs(
  deps: { queue: JobQueue; clock: Clock; logger: Logger },
  jobs: readonly PeriodicJob[],
): { stop(): void } {
  const timers = jobs.map((job) => {
    const tick = () => {
      const bucket = Math.floor(deps.clock.nowMs() / job.everyMs);
      deps.queue
        .enqueue({ name: job.name, payload: {}, idempotencyKey: `${job.name}.${bucket}` })
        .catch((error: unknown) =>
          deps.logger.warn({ err: error, job: job.name }, 'could not enqueue a sweep'),
        );
    };
    tick();
    const timer = setInterval(tick, job.everyMs);
    timer.unref();
    return timer;
  });
  return {
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}

import { AppError } from '../../core/shared/app-error.ts';

/** What a person is told when their request cannot run soon enough. */
export const BUSY_MESSAGE = 'Session Align is busy, try again in a minute.';

/** Thrown (as the task's rejection) when the queue is full or a task waited longer than `maxWaitMs`. */
export class BusyError extends AppError {
  constructor(
    readonly reason: 'queue_full' | 'waited_too_long',
    readonly retryAfterSeconds: number,
  ) {
    super('runtime.busy', BUSY_MESSAGE, { reason, retryAfterSeconds });
  }
}

export const isBusyError = (error: unknown): error is BusyError => error instanceof BusyError;

export interface WorkExecutorOptions {
  /** Tasks running at once in this process. */
  concurrency: number;
  /** Tasks waiting at once, across tenants; one more is refused at once. */
  maxQueued: number;
  /** A task still waiting after this long is refused instead of run late. */
  maxWaitMs: number;
  nowMs?: () => number;
  /** Arms the "waited too long" check for one task; returns its cancel. Tests pass a manual scheduler. */
  schedule?: (fire: () => void, ms: number) => () => void;
}

/** The limits when configuration names none (WORK_CONCURRENCY, WORK_QUEUE_MAX, WORK_MAX_WAIT_MS). */
export const DEFAULT_WORK_LIMITS = { concurrency: 8, maxQueued: 500, maxWaitMs: 15_000 } as const;

/** What `/readyz` shows, so a load balancer can route around a busy replica. */
export interface Saturation {
  inFlight: number;
  queued: number;
  oldestWaitingMs: number;
  concurrency: number;
  maxQueued: number;
  isSaturated: boolean;
}

interface Waiting {
  key: string;
  enqueuedAtMs: number;
  start: () => void;
  refuse: (error: BusyError) => void;
  cancelExpiry: () => void;
}

const timerSchedule = (fire: () => void, ms: number) => {
  const timer = setTimeout(fire, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Runs work with a per-process concurrency limit and a fair share per key (a tenant): each key has
 * its own queue and a free slot goes to the waiting key served longest ago (round-robin), so one tenant's flood waits behind
 * its own backlog, not in front of everyone else's single request. The waiting room is bounded:
 * past `maxQueued` a task is refused at once, and one that waited past `maxWaitMs` is refused
 * rather than run when nobody is still waiting for it.
 *
 * @example
 * const executor = workExecutor({ concurrency: 4, maxQueued: 200, maxWaitMs: 20_000 });
 * const reply = await executor.run(tenantId, () => conversation.run('/pair @ana'));
 */
export function workExecutor(options: WorkExecutorOptions) {
  const nowMs = options.nowMs ?? Date.now;
  const schedule = options.schedule ?? timerSchedule;
  const queues = new Map<string, Waiting[]>();
  /** When each key last got a slot (a rising count); the key served longest ago goes next. */
  const lastServed = new Map<string, number>();
  const runningByKey = new Map<string, number>();
  let served = 0;
  let inFlight = 0;
  let queued = 0;
  const retryAfterSeconds = Math.max(1, Math.ceil(options.maxWaitMs / 1000));

  const forgetIfIdle = (key: string) => {
    if (!queues.has(key) && !runningByKey.has(key)) lastServed.delete(key);
  };

  const remove = (waiting: Waiting) => {
    const queue = queues.get(waiting.key);
    const index = queue?.indexOf(waiting) ?? -1;
    if (!queue || index < 0) return false;
    queue.splice(index, 1);
    queued--;
    if (queue.length === 0) queues.delete(waiting.key);
    forgetIfIdle(waiting.key);
    return true;
  };

  const next = (): Waiting | undefined => {
    let chosen: string | undefined;
    for (const key of queues.keys()) {
      if (chosen === undefined || (lastServed.get(key) ?? 0) < (lastServed.get(chosen) ?? 0)) chosen = key;
    }
    if (chosen === undefined) return undefined;
    const queue = queues.get(chosen)!;
    const waiting = queue.shift()!;
    queued--;
    if (queue.length === 0) queues.delete(chosen);
    lastServed.set(chosen, ++served);
    return waiting;
  };

  const pump = () => {
    while (inFlight < options.concurrency) {
      const waiting = next();
      if (!waiting) return;
      waiting.cancelExpiry();
      if (nowMs() - waiting.enqueuedAtMs > options.maxWaitMs) {
        waiting.refuse(new BusyError('waited_too_long', retryAfterSeconds));
        forgetIfIdle(waiting.key);
        continue;
      }
      waiting.start();
    }
  };

  const oldestWaitingMs = () => {
    let oldest = Number.POSITIVE_INFINITY;
    for (const queue of queues.values()) oldest = Math.min(oldest, queue[0]?.enqueuedAtMs ?? oldest);
    return oldest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, nowMs() - oldest);
  };

  const isSaturated = () => queued >= options.maxQueued || oldestWaitingMs() > options.maxWaitMs;

  return {
    /** Runs `task` when a slot is free and it is `key`'s turn; rejects with BusyError when it cannot. */
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      if (queued >= options.maxQueued) {
        return Promise.reject(new BusyError('queue_full', retryAfterSeconds));
      }
      return new Promise<T>((resolve, reject) => {
        const waiting: Waiting = {
          key,
          enqueuedAtMs: nowMs(),
          start: () => {
            inFlight++;
            runningByKey.set(key, (runningByKey.get(key) ?? 0) + 1);
            let running: Promise<T>;
            try {
              running = task();
            } catch (error) {
              running = Promise.reject(error);
            }
            void running.then(resolve, reject).finally(() => {
              inFlight--;
              const left = (runningByKey.get(key) ?? 1) - 1;
              if (left > 0) runningByKey.set(key, left);
              else runningByKey.delete(key);
              forgetIfIdle(key);
              pump();
            });
          },
          refuse: reject,
          cancelExpiry: () => {},
        };
        const queue = queues.get(key);
        if (queue) queue.push(waiting);
        else queues.set(key, [waiting]);
        queued++;
        waiting.cancelExpiry = schedule(() => {
          if (remove(waiting)) waiting.refuse(new BusyError('waited_too_long', retryAfterSeconds));
        }, options.maxWaitMs);
        pump();
      });
    },

    /** True when the next task would be refused (a full queue) or is already waiting too long. */
    isSaturated,

    /** True when nothing runs or waits: a task handed in now has the process to itself. */
    isIdle: () => inFlight === 0 && queued === 0,

    saturation(): Saturation {
      return {
        inFlight,
        queued,
        oldestWaitingMs: oldestWaitingMs(),
        concurrency: options.concurrency,
        maxQueued: options.maxQueued,
        isSaturated: isSaturated(),
      };
    },

    /** Seconds a refused caller should wait before trying again (`Retry-After`). */
    retryAfterSeconds,
  };
}

export type WorkExecutor = ReturnType<typeof workExecutor>;

/**
 * Expiry timers fired by hand, for tests: `workExecutor({ ...limits, ...timers })`, then
 * `timers.fireAll()` plays "every waiting task has now waited too long".
 */
export function manualSchedule() {
  const armed: { fire: () => void; isCancelled: boolean }[] = [];
  return {
    schedule: (fire: () => void) => {
      const entry = { fire, isCancelled: false };
      armed.push(entry);
      return () => {
        entry.isCancelled = true;
      };
    },
    fireAll: () => {
      for (const entry of armed.splice(0)) if (!entry.isCancelled) entry.fire();
    },
  };
}

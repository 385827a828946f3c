import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CALENDAR_BOUNDS } from '../core/availability/calendar-bounds.ts';
import { calendarBoundError, calendarFailureText } from '../core/availability/calendar-failures.ts';
import type { IcsBusyOptions } from '../core/availability/ics-busy.ts';
import type { Interval } from '../core/availability/intervals.ts';
import type { CalendarParser } from '../core/ports/calendar-parser.ts';
import { AppError } from '../core/shared/app-error.ts';
import type { ParseAnswer, ParseRequest } from './calendar-parse.worker.ts';

export interface CalendarParsePoolOptions {
  /** Worker threads; default one per spare core, at most 2. */
  size?: number;
  /** Time one feed may take once a worker has it; the worker is terminated when it is spent. */
  budgetMs?: number;
  /** Feeds that may wait for a worker; one more is refused (`availability.calendar_readers_busy`). */
  maxQueued?: number;
  /** Heap of each worker: a feed that needs more ends its worker and is refused as too complex. */
  maxHeapMb?: number;
}

interface Task extends ParseRequest {
  resolve(intervals: Interval[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  isReady: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
}

const WORKER_URL = new URL('./calendar-parse.worker.mjs', import.meta.url);

/**
 * The CalendarParser on worker threads: `icsBusyIntervals` runs in a small pool, never on the event
 * loop that serves requests, and a feed that outlasts its budget has its worker terminated (ical.js
 * can spin inside one step on a rule that never matches). Workers start on first use and do not keep
 * the process alive; `close()` ends them.
 *
 * @example
 * const parser = calendarParsePool();
 * const busy = await parser.busyIntervals(icsText, { window, fallbackTimeZone: 'Europe/London' });
 * await parser.close();
 */
export function calendarParsePool(
  options: CalendarParsePoolOptions = {},
): CalendarParser & { close(): Promise<void> } {
  const size = options.size ?? Math.min(2, Math.max(1, availableParallelism() - 1));
  const budgetMs = options.budgetMs ?? CALENDAR_BOUNDS.parseBudgetMs;
  const maxQueued = options.maxQueued ?? 20;
  const maxHeapMb = options.maxHeapMb ?? 256;
  const slots = new Set<Slot>();
  const waiting: Task[] = [];
  let isClosed = false;

  const finish = (slot: Slot, settle: (task: Task) => void) => {
    const { task } = slot;
    if (!task) return;
    clearTimeout(slot.timer);
    slot.task = undefined;
    settle(task);
  };

  const spawn = () => {
    const worker = new Worker(WORKER_URL, {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
    worker.unref();
    const slot: Slot = { worker, isReady: false };
    slots.add(slot);
    worker.on('message', (answer: ParseAnswer) => {
      if ('isReady' in answer) slot.isReady = true;
      else if (answer.isOk) finish(slot, (task) => task.resolve(answer.intervals));
      else finish(slot, (task) => task.reject(new AppError(answer.code, answer.message, answer.details)));
      pump();
    });
    worker.on('error', (error) => {
      slots.delete(slot);
      // Out of memory is the feed's doing; failing before "ready" is ours (the worker cannot load).
      if (slot.isReady) finish(slot, (task) => task.reject(calendarBoundError('too_complex')));
      else
        for (const task of waiting.splice(0))
          task.reject(new Error(`calendar parse worker: ${error.message}`));
    });
    worker.on('exit', () => {
      slots.delete(slot);
      finish(slot, (task) => task.reject(calendarBoundError('too_complex')));
      pump();
    });
  };

  const pump = () => {
    if (isClosed) return;
    for (const slot of slots) {
      if (!waiting.length) return;
      if (!slot.isReady || slot.task) continue;
      const task = waiting.shift()!;
      slot.task = task;
      slot.timer = setTimeout(() => {
        slots.delete(slot);
        finish(slot, (late) => late.reject(calendarBoundError('too_complex')));
        void slot.worker.terminate();
      }, budgetMs);
      slot.worker.postMessage({ icsText: task.icsText, options: task.options } satisfies ParseRequest);
    }
    const isFree = (slot: Slot) => !slot.task;
    if (waiting.length > [...slots].filter(isFree).length && slots.size < size) spawn();
  };

  return {
    busyIntervals(icsText: string, parseOptions: IcsBusyOptions) {
      if (isClosed) return Promise.reject(new Error('the calendar parse pool is closed'));
      if (waiting.length >= maxQueued) {
        return Promise.reject(
          new AppError('availability.calendar_readers_busy', calendarFailureText('parser_busy'), {
            reason: 'parser_busy',
          }),
        );
      }
      return new Promise<Interval[]>((resolve, reject) => {
        waiting.push({ icsText, options: parseOptions, resolve, reject });
        pump();
      });
    },
    async close() {
      isClosed = true;
      const closed = () => new Error('the calendar parse pool is closed');
      for (const task of waiting.splice(0)) task.reject(closed());
      for (const slot of slots) finish(slot, (task) => task.reject(closed()));
      await Promise.all([...slots].map((slot) => slot.worker.terminate()));
    },
  };
}

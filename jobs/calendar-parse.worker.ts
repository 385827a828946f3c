import { parentPort } from 'node:worker_threads';
import { type IcsBusyOptions, icsBusyIntervals } from '../core/availability/ics-busy.ts';
import { isAppError } from '../core/shared/app-error.ts';

/** What the pool posts: one feed at a time. */
export interface ParseRequest {
  icsText: string;
  options: IcsBusyOptions;
}

/** What the worker answers; an AppError crosses the thread boundary as its parts. */
export type ParseAnswer =
  | { isReady: true }
  | { isOk: true; intervals: Array<{ startMs: number; endMs: number }> }
  | { isOk: false; code: string; message: string; details: Record<string, unknown> };

const port = parentPort;
if (!port) throw new Error('calendar-parse.worker.ts runs as a worker thread (see calendar-parse-pool.ts)');

port.on('message', ({ icsText, options }: ParseRequest) => {
  let answer: ParseAnswer;
  try {
    answer = { isOk: true, intervals: icsBusyIntervals(icsText, options) };
  } catch (error) {
    answer = isAppError(error)
      ? { isOk: false, code: error.code, message: error.message, details: { ...error.details } }
      : { isOk: false, code: 'availability.bad_ics', message: 'ics: not valid iCalendar', details: {} };
  }
  port.postMessage(answer);
});
port.postMessage({ isReady: true } satisfies ParseAnswer);

import {
  type JobContext,
  type JobHandler,
  type JobRequest,
  UnrecoverableJobError,
} from '../core/ports/job-queue.ts';

/** Handlers by job name. Both queue implementations dispatch through this one table. */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

export interface DeadLetter {
  queue: string;
  jobName: string;
  jobId: string;
  tenantId?: string;
  payload: unknown;
  error: string;
  attempts: number;
}

/** Where jobs that will never succeed are recorded, for an operator to inspect and replay. */
export interface DeadLetterSink {
  record(letter: DeadLetter): Promise<void>;
}

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1_000;

/** Exponential backoff: base, 2x base, 4x base... capped at a minute. */
export function backoffMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 60_000);
}

export async function runHandler(
  handlers: JobHandlers,
  job: Pick<JobRequest, 'name' | 'payload' | 'tenantId'>,
  context: JobContext,
): Promise<void> {
  const handler = handlers[job.name];
  if (!handler) throw new UnrecoverableJobError(`No handler for job "${job.name}"`);
  await handler(job.payload, context);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A unit of background work. `tenantId` is required for tenant work so handlers open the right tenant. */
export interface JobRequest<TPayload = unknown> {
  name: string;
  payload: TPayload;
  tenantId?: string;
  /** Enqueuing twice with the same key runs the job once (while the queue remembers the key). */
  idempotencyKey?: string;
  /** Attempts before the job is dead-lettered (default 3). */
  attempts?: number;
  delayMs?: number;
}

export interface JobContext {
  jobId: string;
  attempt: number;
  tenantId?: string;
}

export type JobHandler<TPayload = unknown> = (payload: TPayload, context: JobContext) => Promise<void>;

/**
 * Where slow work goes. Implementations: BullMQ on Redis, and an in-process runner.
 *
 * @example
 * await queue.enqueue({ name: 'creators.recompute', tenantId, payload: { creatorId }, idempotencyKey: `recompute:${creatorId}:${hash}` });
 */
export interface JobQueue {
  enqueue(request: JobRequest): Promise<{ jobId: string; isDuplicate: boolean }>;
}

/** Throw from a handler when retrying cannot help (bad payload): the job goes straight to the dead-letter record. */
export class UnrecoverableJobError extends Error {
  override readonly name = 'UnrecoverableJobError';
}

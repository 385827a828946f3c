import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Set while the server runs a line forwarded by `session-align` on the same machine: where the command
 * sends progress (streamed back to the client as it happens) and the signal that stops it when the
 * server shuts down.
 */
export interface ForwardedRun {
  onProgress(progress: unknown): void;
  signal: AbortSignal;
}

export const forwardedRun = new AsyncLocalStorage<ForwardedRun>();

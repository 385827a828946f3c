import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';
import { loadConfig } from '../runtime/config.ts';
import { createLogger, type Logger } from '../runtime/logger.ts';
import { openRuntime, type Runtime } from '../runtime/runtime.ts';

/** Short-lived CLI commands log to stderr, quietly unless LOG_LEVEL says otherwise, keeping stdout for output. */
export function cliLogger(): Logger {
  return createLogger(process.env.LOG_LEVEL || 'warn', pino.destination(2));
}

/** Set while the server runs a forwarded CLI line: commands then use the server's runtime. */
export const ambientRuntime = new AsyncLocalStorage<Runtime>();

export async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const ambient = ambientRuntime.getStore();
  if (ambient) return fn(ambient);
  const runtime = await openRuntime(loadConfig(), cliLogger(), {
    notify: (sentence) => process.stderr.write(`${sentence}\n`),
  });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

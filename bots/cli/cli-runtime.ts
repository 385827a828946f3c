import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';
import { type Config, loadConfig } from '../runtime/config.ts';
import { createLogger, type Logger } from '../runtime/logger.ts';
import { openRuntime, type Runtime } from '../runtime/runtime.ts';

/**
 * Short-lived CLI commands log to stderr, keeping stdout for output: quietly unless LOG_LEVEL is set,
 * and as sentences for the person at the terminal unless LOG_FORMAT=json.
 */
export function cliLogger(config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>, isLevelSet: boolean): Logger {
  return createLogger(
    isLevelSet ? config.LOG_LEVEL : 'warn',
    pino.destination(2),
    config.LOG_FORMAT ?? 'text',
  );
}

/** Set while the server runs a forwarded CLI line: commands then use the server's runtime. */
export const ambientRuntime = new AsyncLocalStorage<Runtime>();

export async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const ambient = ambientRuntime.getStore();
  if (ambient) return fn(ambient);
  const config = loadConfig();
  // Notices about the data directory are sentences, unless LOG_FORMAT=json asked for log lines only.
  // A one-off command skips the planner statistics refresh (seconds on PGlite): the data directory keeps
  // the server's last ones, and the bulk writers (import, seed, embeddings) refresh them after writing.
  const runtime = await openRuntime(config, cliLogger(config, Boolean(process.env.LOG_LEVEL)), {
    plannerStatistics: 'caller',
    ...(config.LOG_FORMAT === 'json'
      ? {}
      : { notify: (sentence: string) => process.stderr.write(`${sentence}\n`) }),
  });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

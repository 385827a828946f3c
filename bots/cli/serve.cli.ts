import { loadConfig } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { nextStepsBanner, startServer } from '../runtime/serve.ts';

/** `session-align serve` (what `npm start` runs): the HTTP server until SIGINT/SIGTERM. */
export async function serveCli(): Promise<undefined> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, undefined, config.LOG_FORMAT ?? 'json');
  const running = await startServer(config, logger);
  process.stderr.write(nextStepsBanner(running.url, config));
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      void running.shutdown(signal).then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return undefined;
}

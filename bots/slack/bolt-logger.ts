import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../runtime/logger.ts';

/** Bolt and the Web API client log through our pino logger, tagged `component: slack`. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack' });
  const line = (parts: unknown[]) =>
    parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
  return {
    debug: (...parts) => child.debug(line(parts)),
    info: (...parts) => child.info(line(parts)),
    warn: (...parts) => child.warn(line(parts)),
    error: (...parts) => child.error(line(parts)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

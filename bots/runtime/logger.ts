import pino, { type Logger } from 'pino';
import { SECRET_KEYS } from './config.ts';

export type { Logger } from 'pino';

/**
 * Structured JSON logs. Anything that looks like a secret is redacted by path, wherever it appears,
 * so a config object or a request header logged by mistake still leaks nothing.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const secretPaths = [
    ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`]),
    'req.headers.authorization',
    'req.headers.cookie',
    '*.token',
    '*.botToken',
    '*.password',
    '*.secret',
  ];
  return pino(
    {
      level,
      base: { service: 'session-align' },
      redact: { paths: secretPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

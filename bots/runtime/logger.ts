import pino, { type Logger } from 'pino';
import { loggable, loggableArgs } from './log-redaction.ts';

export type { Logger } from 'pino';

export type LogFormat = 'json' | 'text';

const LEVEL_NAMES: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
/** Fields a person at a terminal does not need on every line. */
const UNSHOWN = new Set(['level', 'time', 'service', 'pid', 'hostname', 'msg']);

function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  if (value && typeof value === 'object' && 'message' in value) {
    const { type, message } = value as { type?: unknown; message: unknown };
    return `${typeof type === 'string' ? `${type}: ` : ''}${String(message)}`;
  }
  return JSON.stringify(value);
}

/**
 * One (already redacted) JSON log line as a sentence: `info: database migrated (applied: 0001_foundation)`.
 * The time is left out: a person reading it is there.
 */
export function textLogLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = LEVEL_NAMES[entry.level as number] ?? 'log';
  const fields = Object.entries(entry)
    .filter(([key]) => !UNSHOWN.has(key))
    .map(([key, value]) => `${key}: ${showValue(value)}`);
  return `${level}: ${String(entry.msg ?? '')}${fields.length > 0 ? ` (${fields.join('; ')})` : ''}\n`;
}

/**
 * Structured JSON logs that cannot leak: every call, at every level and in every child logger
 * (the Slack SDKs' included, see bolt-logger.ts), is passed through log-redaction.ts first, so
 * tokens, secrets in URLs and bodies, e-mail addresses and calendar paths never reach the output,
 * and no field or message is longer than a few KB. `format: 'text'` writes each line as a sentence
 * for a person (CLI commands); the default is one JSON object per line (the server, the worker).
 */
export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  format: LogFormat = 'json',
): Logger {
  const target = destination ?? pino.destination(1);
  const logger = pino(
    {
      level,
      base: { service: 'session-align' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors are made loggable (and redacted) by the hook; pino's own serializer would undo that.
      serializers: { err: (err: unknown) => err },
      hooks: {
        logMethod(args, method) {
          method.apply(this, loggableArgs(args) as Parameters<typeof method>);
        },
      },
    },
    // Text is made from the redacted JSON line, so it cannot show more than the JSON would.
    format === 'text' ? { write: (line: string) => target.write(textLogLine(line)) } : target,
  );
  // Child bindings skip the hook; children are created from their parent's prototype, so this one
  // override covers every descendant.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, loggable(bindings) as pino.Bindings, options);
  } as Logger['child'];
  return logger;
}

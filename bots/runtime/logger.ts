import pino, { type Logger } from 'pino';
import { loggable, loggableArgs } from './log-redaction.ts';

export type { Logger } from 'pino';

/**
 * Structured JSON logs that cannot leak: every call, at every level and in every child logger
 * (the Slack SDKs' included, see bolt-logger.ts), is passed through log-redaction.ts first, so
 * tokens, secrets in URLs and bodies, e-mail addresses and calendar paths never reach the output,
 * and no field or message is longer than a few KB.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
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
    destination,
  );
  // Child bindings skip the hook; children are created from their parent's prototype, so this one
  // override covers every descendant.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, loggable(bindings) as pino.Bindings, options);
  } as Logger['child'];
  return logger;
}

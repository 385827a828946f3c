import { isAppError } from '../../core/shared/app-error.ts';
import { ConfigError } from '../runtime/config.ts';
import { loggableError } from '../runtime/log-redaction.ts';

/**
 * One clear line: the AppError or configuration message. A failed database query shows only its
 * SQLSTATE (its message carries the statement's values: row data). Anything else is a bug: its type
 * and message, redacted like a log line; the stack only with LOG_LEVEL=debug.
 */
export function describeFailure(error: unknown): string {
  if (isAppError(error) || error instanceof ConfigError) return error.message;
  if (error instanceof Error && 'query' in error && 'params' in error) {
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return `A database query failed${typeof code === 'string' ? ` (SQLSTATE ${code})` : ''}; its values are not shown.`;
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    return error.message;
  }
  const bug = loggableError(error instanceof Error ? error : new Error(String(error)));
  const isDebug = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
  return isDebug && bug.stack
    ? `Unexpected error: ${bug.stack}`
    : `Unexpected error (${bug.type}): ${bug.message}. Run with LOG_LEVEL=debug for the stack.`;
}

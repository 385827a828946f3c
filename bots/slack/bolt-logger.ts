import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { LOG_LIMITS } from '../runtime/log-redaction.ts';
import type { Logger } from '../runtime/logger.ts';

/**
 * Fields of Slack payloads whose values are identifiers or outcomes, not content: kept when the SDKs
 * log a body. Everything else (text, blocks, names, e-mail, view state, tokens) is shown by length.
 */
const SHAPE_ONLY_EXCEPT = new Set([
  'ok',
  'error',
  'type',
  'subtype',
  'command',
  'callback_id',
  'action_id',
  'block_id',
  'api_app_id',
  'app_id',
  'bot_id',
  'bot_user_id',
  'team_id',
  'user_id',
  'channel_id',
  'enterprise_id',
  'event_id',
  'id',
  'channel',
  'team',
  'user',
  'ts',
  'thread_ts',
  'token_type',
  'scope',
  'warning',
  'needed',
  'provided',
  'is_enterprise_install',
]);

/** A payload with its content replaced by lengths: `{"command":"/align","text":"[12 chars]"}`. */
function shapeOf(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') return SHAPE_ONLY_EXCEPT.has(key) ? value : `[${value.length} chars]`;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= LOG_LIMITS.depth) return '[nested]';
  if (Array.isArray(value))
    return value.slice(0, LOG_LIMITS.items).map((item) => shapeOf(item, key, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, LOG_LIMITS.keys)
      .map(([name, item]) => [name, shapeOf(item, name, depth + 1)]),
  );
}

/**
 * The SDKs log whole request and response bodies at debug (`http request body: {…}`,
 * `http request result: {…}`, Bolt's developer mode `{…}`): a JSON part of a line keeps its shape only.
 */
function describe(part: unknown): string {
  if (typeof part !== 'string') return JSON.stringify(shapeOf(part)) ?? String(part);
  const start = part.search(/[{[]/);
  if (start < 0) return part;
  try {
    return `${part.slice(0, start)}${JSON.stringify(shapeOf(JSON.parse(part.slice(start))))}`;
  } catch {
    return part;
  }
}

/**
 * Bolt and the Web API client log through our pino logger (redacting, see logger.ts), tagged
 * `component: slack`; payloads they log are reduced to their shape, and errors become `err`.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      const error = parts.find((part) => part instanceof Error);
      const text = parts
        .filter((part) => !(part instanceof Error))
        .map(describe)
        .join(' ');
      child[level](error ? { err: error } : {}, text || (error as Error | undefined)?.message || '');
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

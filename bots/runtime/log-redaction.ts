import { SECRET_KEYS } from './config.ts';

/**
 * What a log line may carry. Every string of every line — message, field, error, at any level,
 * from our code or an SDK — goes through `redactText` and is cut to a bounded length; fields named
 * like secrets are replaced whole. Logs are for operators: they never need a token, a password,
 * a person's e-mail address or the secret path of a calendar feed.
 */
export const LOG_LIMITS = { stringChars: 2000, stackChars: 4000, depth: 6, keys: 60, items: 30 } as const;

const CENSOR = '[redacted]';
const SECRET_FIELD = /(secret|password|passwd|token|authorization|cookie|apikey|privatekey|credentials?)$/;
const SECRET_FIELDS = new Set<string>(SECRET_KEYS.map((key) => key.toLowerCase().replace(/[-_]/g, '')));

/** Whether a field of this name holds a secret: `client_secret`, `botToken`, `Authorization`, `SMTP_URL`. */
export function isSecretField(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_FIELDS.has(normalised) || SECRET_FIELD.test(normalised);
}

const SECRET_JSON_KEY =
  'client_secret|code|password|passwd|token|access_token|refresh_token|id_token|secret|api_key|apikey|signature';
const SECRET_PARAM = `${SECRET_JSON_KEY}|pwd|key|sig|state`;
/** A Web API method URL (`…/api/chat.postMessage`): its path is public and worth keeping. */
const API_METHOD_PATH = /^\/api\/[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)+\/?$/;

const PATTERNS: [RegExp, string | ((...groups: string[]) => string)][] = [
  // Slack tokens: bot, user, app-level, refresh, configuration.
  [/\b(xox[a-z]|xapp)-[A-Za-z0-9-]+/g, `$1-${CENSOR}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${CENSOR}`],
  // `client_secret=…&code=…` in URLs and form bodies; `"password": "…"` in JSON.
  [new RegExp(`\\b(${SECRET_PARAM})=[^&\\s"'<>]*`, 'gi'), `$1=${CENSOR}`],
  [
    new RegExp(
      `("(?:${SECRET_JSON_KEY}|[a-z_]*(?:secret|password|token))"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`,
      'gi',
    ),
    `$1"${CENSOR}"`,
  ],
  [/\b(client_secret|password|passwd|secret)(\s*:\s*)(?!\[redacted\])[^\s,;"'&]+/gi, `$1$2${CENSOR}`],
  // Credentials in a URL: `postgres://user:pass@host`.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']+:[^/\s@"']*@/gi, `$1${CENSOR}@`],
  // Web addresses keep their origin; a path or query may be a capability (secret ICS feeds,
  // response_url, webhooks, OAuth redirects), so it goes — except Web API method names.
  [
    /\b((?:https?|webcals?|wss?):\/\/[^/\s?#"'<>]+)([/?#][^\s"'<>]*)?/gi,
    (_match, origin, rest) =>
      !rest || rest === '/' || API_METHOD_PATH.test(rest) ? `${origin}${rest ?? ''}` : `${origin}/${CENSOR}`,
  ],
  [/[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '[email]'],
];

/** Hides tokens, secrets in URLs and bodies, e-mail addresses and URL paths in free text. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement as string);
  return out;
}

/** Redacted first (so a cut never leaves half a secret readable), then cut to `maxChars`. */
export function boundedText(text: string, maxChars: number = LOG_LIMITS.stringChars): string {
  // The pre-cut bounds the work of the patterns on a huge string; it is far past the final cut.
  const redacted = redactText(text.length > maxChars * 8 ? text.slice(0, maxChars * 8) : text);
  return redacted.length > maxChars
    ? `${redacted.slice(0, maxChars)}… [${text.length - maxChars} more characters]`
    : redacted;
}

export interface LoggableError {
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  cause?: unknown;
}

/**
 * An error as a log field: type, message, stack, code and cause, all redacted and bounded. A failed
 * query's parameters (drizzle puts them in the message) are user data, so they are left out.
 */
export function loggableError(error: Error, depth = 0): LoggableError {
  const withoutParams = (text: string) =>
    text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, '\nparams: [omitted]');
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name || error.constructor?.name || 'Error',
    message: boundedText(withoutParams(error.message)),
    ...(error.stack ? { stack: boundedText(withoutParams(error.stack), LOG_LIMITS.stackChars) } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(error.cause !== undefined && depth < 3
      ? {
          cause:
            error.cause instanceof Error
              ? loggableError(error.cause, depth + 1)
              : loggable(error.cause, depth + 1),
        }
      : {}),
  };
}

/** Any value as it may appear in a log line (see LOG_LIMITS). */
export function loggable(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return boundedText(value);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (value instanceof Error) return loggableError(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (seen.has(value)) return '[circular]';
  if (depth >= LOG_LIMITS.depth) return '[nested too deep]';
  seen.add(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return loggable((value as { toJSON(): unknown }).toJSON(), depth + 1, seen);
  if (Array.isArray(value)) {
    const items = value.slice(0, LOG_LIMITS.items).map((item) => loggable(item, depth + 1, seen));
    return value.length > LOG_LIMITS.items ? [...items, `… ${value.length - LOG_LIMITS.items} more`] : items;
  }
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries.slice(0, LOG_LIMITS.keys)) {
    out[String(key)] = isSecretField(String(key)) ? CENSOR : loggable(item, depth + 1, seen);
  }
  if (entries.length > LOG_LIMITS.keys) out['…'] = `${entries.length - LOG_LIMITS.keys} more fields`;
  return out;
}

/**
 * Pino's `logMethod` hook input, made safe: `(fields?, message?, ...format args)`. An error in
 * first place becomes the `err` field (its message the line's message, as pino would do).
 */
export function loggableArgs(args: unknown[]): unknown[] {
  const [first, ...rest] = args;
  if (first instanceof Error) {
    const err = loggableError(first);
    return [{ err }, ...(rest.length > 0 ? rest.map((arg) => loggable(arg)) : [err.message])];
  }
  return args.map((arg) => loggable(arg));
}

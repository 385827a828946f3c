import { z } from 'zod';

const port = z.coerce
  .number({ error: 'a TCP port number (1-65535)' })
  .int('a whole TCP port number (1-65535)')
  .min(1, 'a TCP port number (1-65535)')
  .max(65535, 'a TCP port number (1-65535)');
const url = (what: string) => z.url({ error: `${what} (a URL)` });
const optionalString = z.string().min(1).optional();
const wholeNumber = (what: string, min: number, max: number) =>
  z.coerce.number({ error: what }).int(`${what}, whole`).min(min, what).max(max, what);

/** Every setting, read from environment variables only. Secrets are marked so they never reach a log. */
const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: url('the public base URL of this server').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL such as postgres://user@host:5432/db')
    .optional(),
  DATABASE_APP_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL that logs in as session_align_app')
    .optional(),
  DATABASE_SYSTEM_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL that logs in as session_align_system')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a Redis URL such as redis://127.0.0.1:6379')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'a key prefix of letters, digits, _ or - (default sa)')
    .default('sa'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  /** Unset: JSON for `serve` and `worker` (for log collectors), text for the other CLI commands (for a person). */
  LOG_FORMAT: z
    .enum(['json', 'text'], {
      error: 'json or text (unset: json for serve and worker, text for other commands)',
    })
    .optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, '32 random bytes, base64 encoded (openssl rand -base64 32)')
    .optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number({ error: 'milliseconds (0-120000)' })
    .int('whole milliseconds (0-120000)')
    .min(0, 'milliseconds (0-120000)')
    .max(120_000, 'milliseconds (0-120000)')
    .default(10_000),
  /** Connections of each process to the PostgreSQL server as the application role (the system role gets up to 4). */
  DATABASE_POOL_MAX: z.coerce
    .number({ error: 'a number of connections (1-200)' })
    .int('a whole number of connections (1-200)')
    .min(1, 'a number of connections (1-200)')
    .max(200, 'a number of connections (1-200)')
    .default(10),
  /** statement_timeout of the application role's connections (0: none); migrations and operator work are not limited. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce
    .number({ error: 'milliseconds (0-600000)' })
    .int('whole milliseconds (0-600000)')
    .min(0, 'milliseconds (0-600000)')
    .max(600_000, 'milliseconds (0-600000)')
    .default(30_000),
  /** How often each server sweeps sessions (reminders, lapsed holds, feedback requests); several servers never send twice. */
  SESSION_SWEEP_INTERVAL_MS: z.coerce
    .number({ error: 'milliseconds (1000-3600000)' })
    .int('whole milliseconds (1000-3600000)')
    .min(1_000, 'milliseconds (1000-3600000)')
    .max(3_600_000, 'milliseconds (1000-3600000)')
    .default(60_000),
  SEED_DEMO: z.enum(['true', 'false'], { error: 'true or false' }).default('true'),
  /** Lets calendar URLs reach loopback, private and link-local addresses: tests and on-premise installs only. */
  CALENDAR_FETCH_ALLOW_PRIVATE: z
    .enum(['true', 'false'], { error: 'true or false (true only for tests and on-premise installs)' })
    .default('false'),
  /** The font the week timeline picture is drawn with (default: DejaVu Sans where the system has it). */
  TIMELINE_FONT_FILE: z
    .string()
    .regex(
      /\.(ttf|otf|ttc)$/i,
      'the path of a .ttf, .otf or .ttc font file, e.g. /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    )
    .optional(),
  TIMELINE_LINK_TTL_DAYS: z.coerce
    .number({ error: 'whole days a picture link stays valid (1-90)' })
    .int('whole days a picture link stays valid (1-90)')
    .min(1, 'whole days a picture link stays valid (1-90)')
    .max(90, 'whole days a picture link stays valid (1-90)')
    .default(7),
  /** How long a Slack request waits for its answer to go in the ack; past it: "Working on it…" and response_url. */
  SLACK_ACK_BUDGET_MS: wholeNumber('milliseconds (0-2500)', 0, 2500).default(150),
  /** Requests worked on at once in this process (beyond their ack); unset: 4 on PGlite (one session), 8 on PostgreSQL. */
  WORK_CONCURRENCY: wholeNumber('a whole number of requests (1-256)', 1, 256).optional(),
  /** Requests waiting at once; past it new ones are refused with 503 and Retry-After. */
  WORK_QUEUE_MAX: wholeNumber('a whole number of requests (1-100000)', 1, 100_000).default(500),
  /** A request still waiting after this long is told "busy, try again" instead of run late. */
  WORK_MAX_WAIT_MS: wholeNumber('milliseconds (100-600000)', 100, 600_000).default(15_000),
  /** HTTP requests answered at once; past it new ones get 503 and Retry-After before their body is read. */
  HTTP_MAX_IN_FLIGHT: wholeNumber('a whole number of requests (1-100000)', 1, 100_000).default(1000),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a Slack bot token starting with xoxb-').optional(),
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_API_URL: url('the Slack Web API base URL').optional(),
  SLACK_TENANT: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'the slug of the tenant SLACK_BOT_TOKEN serves')
    .default('demo'),
  TEAMS_APP_ID: optionalString,
  TEAMS_APP_PASSWORD: optionalString,
  /** Single-tenant Entra apps: the app's own tenant (its token endpoint, and Entra issuers for it). */
  TEAMS_APP_TENANT_ID: z
    .string()
    .regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'an Entra tenant id (a GUID)')
    .optional(),
  /** `off`: activities are accepted without a token (local development, the Bot Framework Emulator). */
  TEAMS_AUTH: z.enum(['on', 'off'], { error: 'on or off (off only for local development)' }).default('on'),
  TEAMS_OPENID_METADATA_URL: url('the OpenID metadata URL whose jwks_uri signs Teams activities').default(
    'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ),
  /** Unset: Microsoft's (botframework.com, or the app tenant's when TEAMS_APP_TENANT_ID is set). */
  TEAMS_TOKEN_URL: url('the OAuth 2.0 token endpoint for the bot (client credentials)').optional(),
  TEAMS_TENANT: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'the slug of the tenant Teams serves in single mode')
    .default('demo'),
  /** `single`: every Entra tenant is served by TEAMS_TENANT; `installed`: only those with an installation. */
  TEAMS_TENANT_MODE: z.enum(['single', 'installed'], { error: 'single or installed' }).default('single'),
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'a 64-character hex Ed25519 public key')
    .optional(),
  DISCORD_BOT_TOKEN: optionalString,
  DISCORD_API_URL: url('the Discord API base URL').optional(),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: url('the Anthropic API base URL').optional(),
  EMBEDDINGS_PROVIDER: z
    .enum(['local', 'openai-compatible'], { error: 'local or openai-compatible' })
    .default('local'),
  EMBEDDINGS_URL: url('an OpenAI-compatible embeddings base URL, e.g. https://api.openai.com/v1').optional(),
  EMBEDDINGS_API_KEY: optionalString,
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_DIMENSIONS: z.coerce
    .number({ error: 'a whole number of dimensions (8-4000)' })
    .int('a whole number of dimensions (8-4000)')
    .min(8, 'a whole number of dimensions (8-4000)')
    .max(4000, 'a whole number of dimensions (8-4000)')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an SMTP URL such as smtp://user:pass@mail.example.com:587')
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(
      /^([^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/,
      'an address like "Sessions <sessions@example.com>"',
    )
    .optional(),
});

export type Config = z.infer<typeof schema>;

export const SECRET_KEYS = [
  'DATABASE_URL',
  'DATABASE_APP_URL',
  'DATABASE_SYSTEM_URL',
  'REDIS_URL',
  'ENCRYPTION_KEY',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_CLIENT_SECRET',
  'TEAMS_APP_PASSWORD',
  'DISCORD_BOT_TOKEN',
  'ANTHROPIC_API_KEY',
  'EMBEDDINGS_API_KEY',
  'SMTP_URL',
] as const satisfies readonly (keyof Config)[];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once at start-up. Empty strings count as unset. A bad value throws a
 * ConfigError whose message names each variable and what it expects, never the value itself.
 *
 * @example
 * loadConfig({ PORT: 'abc' }); // ConfigError: PORT: expected a TCP port number (1-65535)
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(schema.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: expected ${issue.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** Teams is on with the app's credentials, or with TEAMS_AUTH=off (local development). */
export const isTeamsOn = (config: Pick<Config, 'TEAMS_APP_ID' | 'TEAMS_APP_PASSWORD' | 'TEAMS_AUTH'>) =>
  Boolean(config.TEAMS_APP_ID && config.TEAMS_APP_PASSWORD) || config.TEAMS_AUTH === 'off';

/** The platforms whose credentials are present. */
export function enabledSurfaces(config: Config): string[] {
  const surfaces = ['console'];
  if (config.SLACK_SIGNING_SECRET) surfaces.push('slack');
  if (isTeamsOn(config)) surfaces.push('teams');
  if (config.DISCORD_PUBLIC_KEY) surfaces.push('discord');
  return surfaces;
}

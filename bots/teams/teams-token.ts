/** Microsoft's token endpoint for multi-tenant bots (client credentials against botframework.com). */
export const BOT_FRAMEWORK_TOKEN_URL = 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token';
/** The scope the Bot Connector service accepts. */
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
/** A token is renewed this long before it expires, so no call goes out with one about to lapse. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** The token endpoint of a single-tenant Entra app. */
export const tenantTokenUrl = (tenantId: string) =>
  `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;

export interface ClientCredentialsOptions {
  tokenUrl: string;
  appId: string;
  appPassword: string;
  scope?: string;
  nowMs?: () => number;
  fetch?: typeof fetch;
}

/** A token endpoint that answered with an error: its status and Entra's error code, never the secret. */
export class TokenEndpointError extends Error {
  override readonly name = 'TokenEndpointError';
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
  ) {
    super(`token endpoint answered ${status}${errorCode ? ` (${errorCode})` : ''}`);
  }
}

/**
 * Access tokens for calls to the Bot Connector service: the OAuth 2.0 client-credentials grant
 * at TEAMS_TOKEN_URL, cached until five minutes before expiry; concurrent callers share one request.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#bot-to-connector
 *
 * @example
 * const tokens = clientCredentialsTokens({ tokenUrl: BOT_FRAMEWORK_TOKEN_URL, appId, appPassword });
 * await tokens.getToken(); // "eyJ0eXAi…" (one POST, then cached)
 */
export function clientCredentialsTokens(options: ClientCredentialsOptions) {
  const nowMs = options.nowMs ?? Date.now;
  const fetchFn = options.fetch ?? fetch;
  let cached: { token: string; renewAtMs: number } | undefined;
  let pending: Promise<string> | undefined;
  let requests = 0;

  async function request(): Promise<string> {
    requests += 1;
    const response = await fetchFn(options.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.appId,
        client_secret: options.appPassword,
        scope: options.scope ?? BOT_FRAMEWORK_SCOPE,
      }).toString(),
    });
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
    };
    if (!response.ok || typeof body.access_token !== 'string') {
      throw new TokenEndpointError(response.status, typeof body.error === 'string' ? body.error : undefined);
    }
    const expiresInMs = Number(body.expires_in ?? 3600) * 1000;
    cached = { token: body.access_token, renewAtMs: nowMs() + Math.max(0, expiresInMs - RENEW_BEFORE_MS) };
    return body.access_token;
  }

  return {
    async getToken(): Promise<string> {
      if (cached && nowMs() < cached.renewAtMs) return cached.token;
      pending ??= request().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    /** How many times the endpoint was asked (the cache's effect, for tests). */
    get requestCount() {
      return requests;
    },
  };
}

export type TokenSource = Pick<ReturnType<typeof clientCredentialsTokens>, 'getToken'>;

import { createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';

/** Microsoft's OpenID metadata for tokens the Bot Connector service sends to bots. */
export const BOT_FRAMEWORK_OPENID_METADATA_URL =
  'https://login.botframework.com/v1/.well-known/openidconfiguration';
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** Bot Framework allows five minutes of clock difference between the service and the bot. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** An Authorization header longer than this is not a Bot Framework token. */
const MAX_TOKEN_LENGTH = 16 * 1024;
/** Keys are refetched at most this often when a token names a key we do not have. */
const KEY_REFRESH_MIN_MS = 5 * 60_000;
/** Keys are kept this long before being fetched again (Microsoft rotates them rarely). */
const KEY_MAX_AGE_MS = 24 * 60 * 60_000;

export type TokenRejection =
  | 'no_token'
  | 'malformed'
  | 'bad_algorithm'
  | 'unknown_key'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'service_url_mismatch'
  | 'channel_not_endorsed'
  | 'keys_unavailable';

export interface TokenClaims {
  iss: string;
  aud: string | string[];
  exp: number;
  nbf?: number;
  serviceurl?: string;
  [claim: string]: unknown;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenRejection };

export interface TeamsAuthOptions {
  /** The bot's Entra application (client) id: every token's audience. */
  appId: string;
  /** Single-tenant Entra apps: tokens Entra issues for this tenant are accepted too. */
  appTenantId?: string;
  /** OpenID metadata whose `jwks_uri` lists the signing keys (TEAMS_OPENID_METADATA_URL). */
  openIdMetadataUrl?: string;
  nowMs?: () => number;
  fetch?: typeof fetch;
}

interface SigningKey {
  key: KeyObject;
  /** Bot Framework keys name the channels they may sign for (`msteams`, `emulator`). */
  endorsements?: readonly string[];
}

/**
 * Checks the JWT the Bot Connector service puts on every activity it sends us, as the Bot Framework
 * documents: RS256 only, a key from the OpenID metadata's JWKS, issuer (Bot Framework, or Entra for
 * the app's own tenant), audience = the app id, expiry and not-before with five minutes' skew, and
 * the `serviceurl` claim equal to the activity's serviceUrl.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot
 *
 * @example
 * const check = await teamsTokenVerifier({ appId }).verify(c.req.header('authorization'), activity);
 * if (!check.ok) return c.json({ error: 'unauthorized' }, 401);
 */
export function teamsTokenVerifier(options: TeamsAuthOptions) {
  const nowMs = options.nowMs ?? Date.now;
  const fetchFn = options.fetch ?? fetch;
  const metadataUrl = options.openIdMetadataUrl ?? BOT_FRAMEWORK_OPENID_METADATA_URL;
  const issuers = new Set([
    BOT_FRAMEWORK_ISSUER,
    ...(options.appTenantId
      ? [
          `https://sts.windows.net/${options.appTenantId}/`,
          `https://login.microsoftonline.com/${options.appTenantId}/v2.0`,
        ]
      : []),
  ]);
  let keys: Map<string, SigningKey> | undefined;
  let fetchedAtMs = 0;
  let loading: Promise<void> | undefined;

  async function loadKeys(): Promise<void> {
    const metadata = (await getJson(fetchFn, metadataUrl)) as { jwks_uri?: unknown };
    if (typeof metadata.jwks_uri !== 'string') throw new Error('OpenID metadata has no jwks_uri');
    const jwks = (await getJson(fetchFn, metadata.jwks_uri)) as { keys?: unknown };
    const loaded = new Map<string, SigningKey>();
    for (const jwk of Array.isArray(jwks.keys) ? (jwks.keys as Record<string, unknown>[]) : []) {
      if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
      try {
        const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey, format: 'jwk' });
        const endorsements = Array.isArray(jwk.endorsements)
          ? jwk.endorsements.filter((e): e is string => typeof e === 'string')
          : undefined;
        loaded.set(jwk.kid, { key, ...(endorsements ? { endorsements } : {}) });
      } catch {
        // A key we cannot read signs nothing we accept.
      }
    }
    keys = loaded;
    fetchedAtMs = nowMs();
  }

  /** The key for `kid`: cached; refetched when stale, or (rate-limited) when the kid is new. */
  async function keyFor(kid: string): Promise<SigningKey | undefined | 'unavailable'> {
    const age = nowMs() - fetchedAtMs;
    const isStale = !keys || age > KEY_MAX_AGE_MS || (!keys.has(kid) && age > KEY_REFRESH_MIN_MS);
    if (isStale) {
      loading ??= loadKeys().finally(() => {
        loading = undefined;
      });
      try {
        await loading;
      } catch {
        if (!keys) return 'unavailable';
      }
    }
    return keys?.get(kid);
  }

  return {
    async verify(
      authorization: string | undefined,
      activity: { serviceUrl?: unknown; channelId?: unknown },
    ): Promise<TokenCheck> {
      const reject = (reason: TokenRejection): TokenCheck => ({ ok: false, reason });
      const token = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '')?.[1];
      if (!token) return reject('no_token');
      if (token.length > MAX_TOKEN_LENGTH) return reject('malformed');
      const parts = token.split('.');
      if (parts.length !== 3) return reject('malformed');
      const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
      const header = decodeJson(headerPart) as { alg?: unknown; kid?: unknown } | undefined;
      const claims = decodeJson(payloadPart) as TokenClaims | undefined;
      if (!header || !claims) return reject('malformed');
      if (header.alg !== 'RS256') return reject('bad_algorithm');
      if (typeof header.kid !== 'string') return reject('unknown_key');
      const signingKey = await keyFor(header.kid);
      if (signingKey === 'unavailable') return reject('keys_unavailable');
      if (!signingKey) return reject('unknown_key');
      const isSigned = verify(
        'sha256',
        Buffer.from(`${headerPart}.${payloadPart}`),
        signingKey.key,
        Buffer.from(signaturePart, 'base64url'),
      );
      if (!isSigned) return reject('bad_signature');
      if (typeof claims.iss !== 'string' || !issuers.has(claims.iss)) return reject('wrong_issuer');
      const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!audiences.includes(options.appId)) return reject('wrong_audience');
      const now = nowMs();
      if (typeof claims.exp !== 'number' || claims.exp * 1000 + CLOCK_SKEW_MS <= now)
        return reject('expired');
      if (typeof claims.nbf === 'number' && claims.nbf * 1000 - CLOCK_SKEW_MS > now)
        return reject('not_yet_valid');
      // Bot Framework tokens always carry serviceurl; an Entra token that has one must match too.
      const serviceUrlClaim = claims.serviceurl;
      if (claims.iss === BOT_FRAMEWORK_ISSUER || serviceUrlClaim !== undefined) {
        if (typeof serviceUrlClaim !== 'string' || !sameServiceUrl(serviceUrlClaim, activity.serviceUrl))
          return reject('service_url_mismatch');
      }
      const channelId = typeof activity.channelId === 'string' ? activity.channelId : '';
      if (signingKey.endorsements && !signingKey.endorsements.includes(channelId))
        return reject('channel_not_endorsed');
      return { ok: true, claims };
    },
  };
}

export type TeamsTokenVerifier = ReturnType<typeof teamsTokenVerifier>;

/** Equal up to a trailing slash (Teams sends `https://smba.trafficmanager.net/emea/` either way). */
function sameServiceUrl(claim: string, activityUrl: unknown): boolean {
  if (typeof activityUrl !== 'string') return false;
  const trim = (url: string) => url.replace(/\/+$/, '');
  return trim(claim) === trim(activityUrl);
}

function decodeJson(part: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

async function getJson(fetchFn: typeof fetch, url: string): Promise<unknown> {
  const response = await fetchFn(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const text = await response.text();
  if (text.length > 256 * 1024) throw new Error(`${url} answered more than 256 KB`);
  return JSON.parse(text);
}

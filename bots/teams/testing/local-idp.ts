import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local identity provider for tests: its own RSA keys, OpenID metadata and JWKS (as
 * login.botframework.com serves them), RS256 tokens signed with node:crypto, and an OAuth 2.0
 * client-credentials token endpoint.
 */
export interface LocalIdp {
  url: string;
  metadataUrl: string;
  tokenUrl: string;
  /** Signs a token; `kid` defaults to the published key, `alg: 'none'` leaves it unsigned. */
  sign(
    claims: Record<string, unknown>,
    options?: { kid?: string; alg?: 'RS256' | 'none'; key?: KeyObject },
  ): string;
  /** A key the JWKS does not publish (an attacker's). */
  strangerKey: KeyObject;
  /** Client-credentials requests received, with their form fields. */
  tokenRequests: Record<string, string>[];
  /** Seconds the token endpoint says its tokens live. */
  expiresInS: number;
  close(): Promise<void>;
}

export const IDP_KID = 'local-key-1';

export async function startLocalIdp(options: { endorsements?: string[] } = {}): Promise<LocalIdp> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = publicKey.export({ format: 'jwk' });
  const tokenRequests: Record<string, string>[] = [];
  let url = '';
  const idp = { expiresInS: 3600 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.url === '/v1/.well-known/openidconfiguration')
        return json(200, {
          issuer: 'https://api.botframework.com',
          jwks_uri: `${url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        });
      if (request.url === '/v1/.well-known/keys')
        return json(200, {
          keys: [
            {
              kty: 'RSA',
              use: 'sig',
              kid: IDP_KID,
              n: jwk.n,
              e: jwk.e,
              ...(options.endorsements ? { endorsements: options.endorsements } : {}),
            },
          ],
        });
      if (request.url === '/oauth2/v2.0/token' && request.method === 'POST') {
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        tokenRequests.push(form);
        if (form.grant_type !== 'client_credentials' || form.client_secret !== 'test-password')
          return json(401, { error: 'invalid_client' });
        return json(200, {
          token_type: 'Bearer',
          expires_in: idp.expiresInS,
          access_token: `outgoing-${tokenRequests.length}-${randomUUID()}`,
        });
      }
      json(404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(idp, {
    url,
    metadataUrl: `${url}/v1/.well-known/openidconfiguration`,
    tokenUrl: `${url}/oauth2/v2.0/token`,
    tokenRequests,
    strangerKey: stranger,
    sign(
      claims: Record<string, unknown>,
      signOptions: { kid?: string; alg?: 'RS256' | 'none'; key?: KeyObject } = {},
    ) {
      const alg = signOptions.alg ?? 'RS256';
      const header = { alg, typ: 'JWT', kid: signOptions.kid ?? IDP_KID };
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsigned = `${encode(header)}.${encode(claims)}`;
      if (alg === 'none') return `${unsigned}.`;
      const signature = createSign('RSA-SHA256')
        .update(unsigned)
        .sign(signOptions.key ?? privateKey)
        .toString('base64url');
      return `${unsigned}.${signature}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

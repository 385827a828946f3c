import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { sessionFixture } from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { teamsTokenVerifier } from './teams-auth.ts';
import { clientCredentialsTokens, TokenEndpointError } from './teams-token.ts';
import { messageActivity, personalChatOf, type TeamsPerson } from './testing/activities.ts';
import { type FakeConnector, startFakeConnector } from './testing/fake-connector.ts';
import { type LocalIdp, startLocalIdp } from './testing/local-idp.ts';
import { TEST_APP_ID, teamsHarness } from './testing/teams-harness.ts';

let database: Database;
let idp: LocalIdp;
let connector: FakeConnector;
let harness: ReturnType<typeof teamsHarness>;
const nowS = Math.floor(Date.now() / 1000);

const sam: TeamsPerson = { id: '29:sam', aadObjectId: '00000000-0000-0000-0000-00000000005a', name: 'Sam' };

beforeAll(async () => {
  database = await openTestPglite();
  await sessionFixture(database, 'demo');
  idp = await startLocalIdp();
  connector = await startFakeConnector();
  harness = teamsHarness({ parts: testRuntimeParts(database), idp });
}, 60_000);
afterAll(async () => {
  await harness?.close();
  await connector?.close();
  await idp?.close();
  await database?.close();
});

const valid = () => ({
  iss: 'https://api.botframework.com',
  aud: TEST_APP_ID,
  serviceurl: connector.url,
  nbf: nowS - 10,
  exp: nowS + 3600,
});

async function refusal(token: string | null): Promise<{ status: number; reason?: string }> {
  const before = connector.calls.length;
  const response = await harness.post(
    messageActivity(sam, connector.url, { text: 'help' }),
    token === null ? null : `Bearer ${token}`,
  );
  const body = (await response.json().catch(() => ({}))) as { reason?: string };
  // A refused activity never reaches the bot: nothing was sent.
  expect(connector.calls.length).toBe(before);
  return { status: response.status, ...(body.reason ? { reason: body.reason } : {}) };
}

describe('incoming activity JWTs, checked against a local identity provider', () => {
  it('accepts a Bot Framework token for this app and this serviceUrl, and answers', async () => {
    const activity = messageActivity(sam, connector.url, { text: 'help' });
    const response = await harness.post(activity, `Bearer ${idp.sign(valid())}`);
    expect(response.status).toBe(200);
    expect(connector.sentTo(personalChatOf(sam)).at(-1)?.activityId).toBe(activity.id);
  });

  it('accepts a token within the five-minute clock skew', async () => {
    const response = await harness.post(
      messageActivity(sam, connector.url, { text: 'help' }),
      `Bearer ${idp.sign({ ...valid(), exp: nowS - 240, nbf: nowS + 240 })}`,
    );
    expect(response.status).toBe(200);
  });

  it.each([
    ['no token', () => null, 'no_token'],
    ['the wrong audience', () => idp.sign({ ...valid(), aud: 'someone-elses-app' }), 'wrong_audience'],
    ['the wrong issuer', () => idp.sign({ ...valid(), iss: 'https://evil.example.com' }), 'wrong_issuer'],
    ['an expired token', () => idp.sign({ ...valid(), exp: nowS - 301 }), 'expired'],
    ['a token not yet valid', () => idp.sign({ ...valid(), nbf: nowS + 400 }), 'not_yet_valid'],
    ['an unknown key id', () => idp.sign(valid(), { kid: 'rotated-away' }), 'unknown_key'],
    ['alg none', () => idp.sign(valid(), { alg: 'none' }), 'bad_algorithm'],
    ['a signature by another key', () => idp.sign(valid(), { key: idp.strangerKey }), 'bad_signature'],
    [
      'a serviceUrl claim for another service',
      () => idp.sign({ ...valid(), serviceurl: 'https://smba.attacker.example/' }),
      'service_url_mismatch',
    ],
    [
      'no serviceUrl claim on a Bot Framework token',
      () => idp.sign({ ...valid(), serviceurl: undefined }),
      'service_url_mismatch',
    ],
    ['garbage', () => 'not.a.jwt', 'malformed'],
  ])('refuses %s with 401', async (_name, token, reason) => {
    expect(await refusal(token())).toEqual({ status: 401, reason });
  });

  it('accepts Entra issuers only for the app’s own tenant (single-tenant apps)', async () => {
    const tenant = '11111111-2222-3333-4444-555555555555';
    const verifier = teamsTokenVerifier({
      appId: TEST_APP_ID,
      appTenantId: tenant,
      openIdMetadataUrl: idp.metadataUrl,
    });
    const activity = { serviceUrl: connector.url, channelId: 'msteams' };
    const entra = (iss: string) => `Bearer ${idp.sign({ ...valid(), iss })}`;
    expect(
      (await verifier.verify(entra(`https://login.microsoftonline.com/${tenant}/v2.0`), activity)).ok,
    ).toBe(true);
    expect((await verifier.verify(entra(`https://sts.windows.net/${tenant}/`), activity)).ok).toBe(true);
    expect(
      await verifier.verify(
        entra('https://login.microsoftonline.com/99999999-2222-3333-4444-555555555555/v2.0'),
        activity,
      ),
    ).toEqual({
      ok: false,
      reason: 'wrong_issuer',
    });
  });

  it('refuses a key whose endorsements do not name the activity’s channel', async () => {
    const endorsed = await startLocalIdp({ endorsements: ['msteams'] });
    try {
      const verifier = teamsTokenVerifier({ appId: TEST_APP_ID, openIdMetadataUrl: endorsed.metadataUrl });
      const token = `Bearer ${endorsed.sign(valid())}`;
      expect((await verifier.verify(token, { serviceUrl: connector.url, channelId: 'msteams' })).ok).toBe(
        true,
      );
      expect(await verifier.verify(token, { serviceUrl: connector.url, channelId: 'webchat' })).toEqual({
        ok: false,
        reason: 'channel_not_endorsed',
      });
    } finally {
      await endorsed.close();
    }
  });
});

describe('outgoing tokens (client credentials at TEAMS_TOKEN_URL)', () => {
  it('asks the endpoint once, shares the request, and renews five minutes before expiry', async () => {
    let nowMs = 1_000_000;
    const tokens = clientCredentialsTokens({
      tokenUrl: idp.tokenUrl,
      appId: TEST_APP_ID,
      appPassword: 'test-password',
      nowMs: () => nowMs,
    });
    const before = idp.tokenRequests.length;
    const [first, second] = await Promise.all([tokens.getToken(), tokens.getToken()]);
    expect(second).toBe(first);
    expect(await tokens.getToken()).toBe(first);
    expect(idp.tokenRequests.slice(before)).toEqual([
      {
        grant_type: 'client_credentials',
        client_id: TEST_APP_ID,
        client_secret: 'test-password',
        scope: 'https://api.botframework.com/.default',
      },
    ]);
    nowMs += (3600 - 301) * 1000;
    expect(await tokens.getToken()).toBe(first);
    nowMs += 2000;
    expect(await tokens.getToken()).not.toBe(first);
    expect(tokens.requestCount).toBe(2);
  });

  it('reports a refused secret by status and Entra’s code, never the secret', async () => {
    const tokens = clientCredentialsTokens({
      tokenUrl: idp.tokenUrl,
      appId: TEST_APP_ID,
      appPassword: 'wrong-secret',
    });
    const error = await tokens.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error).toMatchObject({ status: 401, errorCode: 'invalid_client' });
    expect(String((error as Error).message)).not.toContain('wrong-secret');
  });
});

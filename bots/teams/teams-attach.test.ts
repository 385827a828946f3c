import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { identities, installations } from '../../db/schema/index.ts';
import { type SessionFixture, sessionFixture } from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { openConsoleSession } from '../console/console-session.ts';
import { createLogger } from '../runtime/logger.ts';
import {
  attachCodeIn,
  readTeamsAttachCode,
  TEAMS_ATTACH_KEY_PURPOSE,
  TEAMS_ATTACH_TTL_MS,
  teamsAttachCode,
} from './teams-attach.ts';
import { messageActivity, personalChatOf, type TeamsPerson } from './testing/activities.ts';
import { type FakeConnector, readCard, startFakeConnector } from './testing/fake-connector.ts';
import { type LocalIdp, startLocalIdp } from './testing/local-idp.ts';
import { teamsHarness } from './testing/teams-harness.ts';

const KEY = Buffer.alloc(32, 7);
const TENANT = '0b9c3f52-6c1e-4f0a-9d55-3b8f2a1c7e40';
const USER = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('Teams connect codes', () => {
  it('carry the tenant, the admin and the expiry, signed, in 84 characters of base32, in any case', () => {
    const code = teamsAttachCode(KEY, { tenantId: TENANT, userId: USER }, NOW);
    expect(code).toMatch(/^SA1-[a-z2-7]{84}$/);
    expect(readTeamsAttachCode(KEY, code, NOW + 1000)).toMatchObject({
      tenantId: TENANT,
      userId: USER,
      expiresAtMs: NOW + TEAMS_ATTACH_TTL_MS,
    });
    // A phone that capitalises what it is pasted still gives the same code.
    expect(readTeamsAttachCode(KEY, code.toUpperCase(), NOW)).toEqual(readTeamsAttachCode(KEY, code, NOW));
  });

  it('are refused when tampered with, signed with another key, cut short, or expired', () => {
    const code = teamsAttachCode(KEY, { tenantId: TENANT, userId: USER }, NOW);
    const flipped = code[10] === 'a' ? 'b' : 'a'; // another tenant, same signature
    expect(readTeamsAttachCode(KEY, `${code.slice(0, 10)}${flipped}${code.slice(11)}`, NOW)).toBeUndefined();
    expect(readTeamsAttachCode(KEY, `${code.slice(0, -1)}1`, NOW)).toBeUndefined();
    expect(readTeamsAttachCode(Buffer.alloc(32, 8), code, NOW)).toBeUndefined();
    expect(readTeamsAttachCode(KEY, code.slice(0, -2), NOW)).toBeUndefined();
    expect(readTeamsAttachCode(KEY, code, NOW + TEAMS_ATTACH_TTL_MS)).toBe('expired');
  });

  it('are found in the ways people send them, and not in other words', () => {
    const code = teamsAttachCode(KEY, { tenantId: TENANT, userId: USER }, NOW);
    for (const line of [
      `connect ${code}`,
      `/install teams ${code}`,
      `  ${code}.`,
      `@session-align connect ${code}`,
    ]) {
      expect(attachCodeIn(line), line).toBe(code);
    }
    for (const line of [`pair @ana ${code}`, 'connect me please', `connect ${code} now`]) {
      expect(attachCodeIn(line), line).toBeUndefined();
    }
  });
});

let database: Database;
let demo: SessionFixture;
let acme: SessionFixture;
let idp: LocalIdp;
let connector: FakeConnector;
let harness: ReturnType<typeof teamsHarness>;
let parts: ReturnType<typeof testRuntimeParts>;

const person = (key: string, name: string): TeamsPerson => ({
  id: `29:${key}`,
  aadObjectId: `00000000-0000-0000-0000-${key.padStart(12, '0')}`,
  name,
});
const ORG_A = '11111111-aaaa-4aaa-8aaa-000000000001';
const ORG_B = '22222222-bbbb-4bbb-8bbb-000000000002';

beforeAll(async () => {
  database = await openTestPglite();
  demo = await sessionFixture(database, 'demo');
  acme = await sessionFixture(database, 'acme');
  idp = await startLocalIdp();
  connector = await startFakeConnector();
  parts = testRuntimeParts(database);
  harness = teamsHarness({ parts, idp, tenancy: { mode: 'installed' } });
}, 60_000);
afterAll(async () => {
  await harness?.close();
  await connector?.close();
  await idp?.close();
  await database?.close();
});

/** What the bot last said in this person's personal chat. */
async function say(who: TeamsPerson, org: string, text: string): Promise<string> {
  const before = connector.calls.length;
  await harness.post(messageActivity(who, connector.url, { text, tenantId: org }));
  const sent = connector.calls
    .slice(before)
    .filter((call) => call.conversationId === personalChatOf(who))
    .at(-1);
  return sent ? readCard(sent.body).text : '(no answer)';
}

/** `/install teams` as the tenant's admin, on the console: the code in the reply. */
async function codeFrom(slug: string): Promise<string> {
  const admin = await openConsoleSession(
    { ...parts, logger: createLogger('silent') },
    { tenantSlug: slug, as: 'admin' },
  );
  const reply = await admin.send('/install teams');
  const code = /connect (SA1-[a-z2-7]+)/.exec(reply)?.[1];
  expect(code, reply).toBeDefined();
  return code!;
}

const consoleHandleOf = async (userId: string) =>
  (
    await database.withTenant(demo.tenantId, (tx) =>
      tx
        .select({ handle: identities.externalUserId })
        .from(identities)
        .where(and(eq(identities.platform, 'console'), eq(identities.userId, userId))),
    )
  )[0]!.handle;

const installationOf = async (org: string) =>
  (
    await database.withSystem((tx) =>
      tx
        .select()
        .from(installations)
        .where(and(eq(installations.platform, 'teams'), eq(installations.externalId, org))),
    )
  )[0];

describe('an organisation attaches itself to a tenant with a connect code (installed mode)', () => {
  it('only an admin may ask for a code', async () => {
    const creator = await openConsoleSession(
      { ...parts, logger: createLogger('silent') },
      { tenantSlug: 'demo', as: await consoleHandleOf(demo.ana.userId) },
    );
    expect(await creator.send('/install teams')).toContain('/install is for: Admin');
  });

  it('is told how to connect before it has an installation, and nothing is written', async () => {
    const stranger = person('b0', 'Stranger');
    expect(await say(stranger, ORG_A, 'whoami')).toContain('connect SA1-');
    expect(await installationOf(ORG_A)).toBeUndefined();
  });

  it('the code attaches the organisation to the admin’s tenant, and its sender is that admin', async () => {
    const code = await codeFrom('demo');
    const sender = person('b1', 'Org Admin');
    expect(await say(sender, ORG_A, `connect ${code}`)).toContain('Your organisation is now connected to');
    expect((await installationOf(ORG_A))?.tenantId).toBe(demo.tenantId);
    const whoami = await say(sender, ORG_A, 'whoami');
    expect(whoami).toContain('Admin');
    expect(whoami).toContain('(demo)');
    const [linked] = await database.withTenant(demo.tenantId, (tx) =>
      tx
        .select({ userId: identities.userId })
        .from(identities)
        .where(and(eq(identities.platform, 'teams'), eq(identities.externalUserId, sender.aadObjectId))),
    );
    expect(linked?.userId).toBe(demo.admin.userId);
    // Everyone else in the organisation is now served by the same tenant.
    expect(await say(person('b2', 'Colleague'), ORG_A, 'whoami')).toContain('(demo)');
  });

  it('a code works once: a second organisation that sends it gets nothing', async () => {
    const code = await codeFrom('demo');
    expect(await say(person('b3', 'First'), ORG_B, `connect ${code}`)).toContain('now connected');
    const other = '33333333-cccc-4ccc-8ccc-000000000003';
    expect(await say(person('b4', 'Second'), other, `connect ${code}`)).toContain('used already');
    expect(await installationOf(other)).toBeUndefined();
  });

  it('an organisation connected to one tenant cannot be moved to another by a code', async () => {
    const code = await codeFrom('acme');
    expect(await say(person('b5', 'Mover'), ORG_A, `connect ${code}`)).toContain(
      'already connected to another Session Align workspace',
    );
    expect((await installationOf(ORG_A))?.tenantId).toBe(demo.tenantId);
    const again = await codeFrom('demo');
    expect(await say(person('b5', 'Mover'), ORG_A, `connect ${again}`)).toContain('already connected to');
  });

  it('refuses an expired code, a forged one, and one from a non-admin, writing nothing', async () => {
    const key = parts.secrets.deriveKey(TEAMS_ATTACH_KEY_PURPOSE);
    const org = '44444444-dddd-4ddd-8ddd-000000000004';
    const asker = person('b6', 'Asker');
    const expired = teamsAttachCode(
      key,
      { tenantId: acme.tenantId, userId: acme.admin.userId },
      parts.clock.nowMs() - TEAMS_ATTACH_TTL_MS - 1000,
    );
    expect(await say(asker, org, `connect ${expired}`)).toContain('expired');
    const forged = teamsAttachCode(
      Buffer.alloc(32, 1),
      { tenantId: acme.tenantId, userId: acme.admin.userId },
      parts.clock.nowMs(),
    );
    expect(await say(asker, org, `connect ${forged}`)).toContain('not valid');
    const fromCreator = teamsAttachCode(
      key,
      { tenantId: acme.tenantId, userId: acme.ana.userId },
      parts.clock.nowMs(),
    );
    expect(await say(asker, org, `connect ${fromCreator}`)).toContain('not valid');
    expect(await installationOf(org)).toBeUndefined();
    const [identity] = await database.withSystem((tx) =>
      tx.select().from(identities).where(eq(identities.externalUserId, asker.aadObjectId)),
    );
    expect(identity).toBeUndefined();
  });
});

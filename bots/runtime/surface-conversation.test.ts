import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import type { Reply } from '../../core/commands/reply.ts';
import type { PlatformUser } from '../../core/surface/identity.ts';
import type { Database } from '../../db/database.ts';
import { identities, users } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { createLogger } from './logger.ts';
import { openSurfaceConversation, type SurfaceConversationDeps } from './surface-conversation.ts';
import { surfaceKitFor } from './surface-kit.ts';

let database: Database;
let tenantIds: { demo: string; other: string };
let transactions = 0;
const registry = createCommandRegistry();
const admin: PlatformUser = { platform: 'console', externalUserId: 'admin' };

/** A fresh runtime (so nothing is remembered yet) whose database counts tenant transactions (reads too). */
function freshRuntime(): SurfaceConversationDeps {
  const counting: Database = {
    ...database,
    kind: database.kind,
    hasVector: database.hasVector,
    withTenant: (tenantId, fn) => {
      transactions++;
      return database.withTenant(tenantId, fn);
    },
    withTenantReads: (tenantId, fn) => {
      transactions++;
      return database.withTenantReads(tenantId, fn);
    },
    withTenantStatements: (tenantId, fn) => {
      transactions++;
      return database.withTenantStatements(tenantId, fn);
    },
  };
  const runtime = { ...testRuntimeParts(counting), logger: createLogger('silent') };
  const kit = surfaceKitFor(runtime);
  return { ...runtime, kit: { identities: kit.identities, tenants: kit.tenants } };
}

const textOf = (reply: Reply) => JSON.stringify(reply.blocks);

async function updateUser(
  tenantId: string,
  externalUserId: string,
  values: Partial<typeof users.$inferInsert>,
): Promise<void> {
  await database.withTenant(tenantId, async (tx) => {
    const [identity] = await tx
      .select({ userId: identities.userId })
      .from(identities)
      .where(and(eq(identities.platform, 'console'), eq(identities.externalUserId, externalUserId)));
    await tx.update(users).set(values).where(eq(users.id, identity!.userId));
  });
}

beforeAll(async () => {
  database = await openTestPglite();
  const demo = await seedTenant(database, { slug: 'demo', creatorCount: 6, seed: 3 });
  const other = await seedTenant(database, { slug: 'other', creatorCount: 4, seed: 99 });
  tenantIds = { demo: demo.tenant.id, other: other.tenant.id };
});
afterAll(() => database.close());
beforeEach(async () => {
  for (const tenantId of Object.values(tenantIds))
    await updateUser(tenantId, 'admin', { role: 'tenant_admin', status: 'active', timeZone: 'UTC' });
});

const neverAsked = async () => {
  throw new Error('a known person is never looked up');
};

/** Opens the admin's conversation in a tenant of this runtime (remembering the actor by default). */
const opener =
  (runtime: SurfaceConversationDeps, rememberActor = true) =>
  (tenantId = tenantIds.demo) =>
    openSurfaceConversation(runtime, registry, {
      tenantId,
      user: admin,
      lookupProfile: neverAsked,
      rememberActor,
    });

describe('a remembered actor', () => {
  it('saves the actor transaction from the second conversation on, and only with rememberActor', async () => {
    const runtime = freshRuntime();
    const open = (rememberActor: boolean) => opener(runtime, rememberActor)();
    const count = async (rememberActor: boolean) => {
      const before = transactions;
      const reply = await (await open(rememberActor)).run('/whoami');
      expect(textOf(reply)).toContain('"Role","value":"Admin"');
      return transactions - before;
    };
    expect(await count(true)).toBe(2); // actor, then the command
    expect(await count(true)).toBe(1); // the command, which reads the actor first
    expect(await count(false)).toBe(2);
  });

  it('runs a command as the current actor after a change made elsewhere (role, time zone)', async () => {
    const runtime = freshRuntime();
    const open = () => opener(runtime)();
    expect(textOf(await (await open()).run('/teams-dm'))).not.toContain('is for:');
    await updateUser(tenantIds.demo, 'admin', { role: 'staff', timeZone: 'Asia/Tokyo' });
    const conversation = await open();
    expect(conversation.context.actor.role).toBe('tenant_admin'); // remembered, not yet checked
    const refused = await conversation.run('/teams-dm');
    expect(textOf(refused)).toContain('/teams-dm is for: Admin.');
    expect(conversation.context.actor).toMatchObject({ role: 'staff', timeZone: 'Asia/Tokyo' });
    const shown = textOf(await (await open()).run('/whoami'));
    expect(shown).toContain('Asia/Tokyo');
    expect(shown).toContain('"Role","value":"Staff"');
  });

  it('is not refused by a role it had: an answer given without a transaction reads the actor too', async () => {
    const runtime = freshRuntime();
    await updateUser(tenantIds.demo, 'admin', { role: 'staff' });
    const open = () => opener(runtime)();
    expect(textOf(await (await open()).run('/teams-dm'))).toContain('/teams-dm is for: Admin.');
    await updateUser(tenantIds.demo, 'admin', { role: 'tenant_admin' });
    const before = transactions;
    expect(textOf(await (await open()).run('/teams-dm'))).not.toContain('is for:');
    expect(transactions - before).toBe(2); // the actor read after the refusal, then the command
  });

  it("sees its own command's change on the next conversation", async () => {
    const runtime = freshRuntime();
    const open = () => opener(runtime)();
    await (await open()).run('/whoami');
    expect(textOf(await (await open()).run('/whoami timezone:America/Chicago'))).toContain(
      'Your time zone is now America/Chicago',
    );
    expect(textOf(await (await open()).run('/whoami'))).toContain('America/Chicago');
  });

  it('answers plainly, and changes nothing, once the account is disabled', async () => {
    const runtime = freshRuntime();
    const open = () => opener(runtime)();
    await (await open()).run('/whoami');
    await updateUser(tenantIds.demo, 'admin', { status: 'disabled' });
    const conversation = await open();
    const reply = await conversation.run('/whoami timezone:Europe/Oslo');
    expect(textOf(reply)).toContain('Your account here is disabled');
    const outcome = await conversation.runOutcome('/whoami');
    expect(outcome).toMatchObject({ isError: true, error: { code: 'tenancy.unknown_user' } });
    await updateUser(tenantIds.demo, 'admin', { status: 'active' });
    expect(textOf(await (await open()).run('/whoami'))).not.toContain('Europe/Oslo');
    await expect(opener(runtime, false)()).resolves.toBeDefined();
  });

  it('is remembered per tenant: the same platform id in another tenant is its own person', async () => {
    const runtime = freshRuntime();
    const open = opener(runtime);
    const demo = await open(tenantIds.demo);
    await demo.run('/whoami');
    const other = await open(tenantIds.other);
    expect(other.context.actor.userId).not.toBe(demo.context.actor.userId);
    expect(textOf(await other.run('/whoami'))).toContain('(other)');
    expect(textOf(await (await open(tenantIds.demo)).run('/whoami'))).toContain('(demo)');
  });
});

import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/commands/command.ts';
import type { Role } from '../../core/tenancy/roles.ts';
import type { Tx } from '../database.ts';
import { creators, identities, users } from '../schema/index.ts';

export type Platform = (typeof identities.$inferInsert)['platform'];

/** The user behind a platform identity in this tenant, with their creator handle when they have one. */
export async function findActorByIdentity(
  tx: Tx,
  platform: Platform,
  externalUserId: string,
): Promise<Actor | undefined> {
  const rows = await tx
    .select({
      userId: users.id,
      displayName: users.displayName,
      role: users.role,
      status: users.status,
      userTimeZone: users.timeZone,
      creatorHandle: creators.handle,
      creatorTimeZone: creators.timeZone,
    })
    .from(identities)
    .innerJoin(users, eq(users.id, identities.userId))
    .leftJoin(creators, eq(creators.userId, users.id))
    .where(and(eq(identities.platform, platform), eq(identities.externalUserId, externalUserId)))
    .limit(1);
  const row = rows[0];
  if (!row || row.status === 'disabled') return undefined;
  return {
    userId: row.userId,
    displayName: row.displayName,
    role: row.role,
    timeZone: row.creatorTimeZone ?? row.userTimeZone ?? 'UTC',
    ...(row.creatorHandle ? { creatorHandle: row.creatorHandle } : {}),
  };
}

export interface NewUser {
  tenantId: string;
  displayName: string;
  role: Role;
  email?: string;
  timeZone?: string;
  identity?: { platform: Platform; externalUserId: string; workspaceId?: string };
}

export async function insertUser(tx: Tx, input: NewUser): Promise<string> {
  const [user] = await tx
    .insert(users)
    .values({
      tenantId: input.tenantId,
      displayName: input.displayName,
      role: input.role,
      email: input.email ?? null,
      timeZone: input.timeZone ?? null,
    })
    .returning({ id: users.id });
  if (input.identity) {
    const { platform, externalUserId, workspaceId } = input.identity;
    await tx.insert(identities).values({
      tenantId: input.tenantId,
      userId: user!.id,
      platform,
      externalUserId,
      workspaceId: workspaceId ?? null,
    });
  }
  return user!.id;
}

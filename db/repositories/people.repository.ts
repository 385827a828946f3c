import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/commands/command.ts';
import type { Role } from '../../core/tenancy/roles.ts';
import type { Tx } from '../database.ts';
import { identities, users } from '../schema/index.ts';

export type Platform = (typeof identities.$inferInsert)['platform'];

/** The user behind a platform identity in this tenant, with their creator handle when they have one. */
export async function findActorByIdentity(
  tx: Tx,
  platform: Platform,
  externalUserId: string,
): Promise<Actor | undefined> {
  // A PL/pgSQL function (migration 0012): its plan is made once per session, not on every call.
  const found = await tx.execute(sql`select * from actor_by_identity(${platform}, ${externalUserId})`);
  const [row] = (found as unknown as { rows: ActorRow[] }).rows;
  if (!row || row.status === 'disabled') return undefined;
  return {
    userId: row.user_id,
    displayName: row.display_name,
    role: row.role,
    timeZone: row.creator_time_zone ?? row.user_time_zone ?? 'UTC',
    ...(row.creator_handle ? { creatorHandle: row.creator_handle } : {}),
  };
}

/** One row of `actor_by_identity`. */
interface ActorRow {
  user_id: string;
  display_name: string;
  role: Role;
  status: 'active' | 'invited' | 'disabled';
  user_time_zone: string | null;
  creator_handle: string | null;
  creator_time_zone: string | null;
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

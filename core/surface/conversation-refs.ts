import type { SurfacePlatform } from './installations.ts';

/**
 * Where to reach one person proactively on a platform: what the platform needs to post into their
 * personal chat (for Teams: serviceUrl, conversation id, the user and the bot), kept as the platform
 * gave it. Bounded (8 KB) by the store.
 */
export type ConversationReference = Readonly<Record<string, unknown>>;

export interface StoredConversationRef {
  tenantId: string;
  userId: string;
  platform: SurfacePlatform;
  /** The installation's external id (the Entra tenant for Teams). */
  workspaceId: string | null;
  reference: ConversationReference;
  isReachable: boolean;
  unreachableReason: string | null;
}

/**
 * Conversation references per person and platform, each call in one tenant transaction (forced
 * RLS). A person who removed the bot or blocked it is marked unreachable, so nobody retries them
 * forever; the next message they send makes them reachable again.
 *
 * @example
 * await refs.save({ tenantId, userId, platform: 'teams', workspaceId: entraTenantId, reference });
 * const ref = await refs.find(tenantId, userId, 'teams'); // { reference, isReachable: true, … }
 */
export interface ConversationRefStore {
  save(ref: Omit<StoredConversationRef, 'isReachable' | 'unreachableReason'>): Promise<void>;
  find(
    tenantId: string,
    userId: string,
    platform: SurfacePlatform,
  ): Promise<StoredConversationRef | undefined>;
  markUnreachable(tenantId: string, userId: string, platform: SurfacePlatform, reason: string): Promise<void>;
  /** Everyone of the tenant reachable on the platform. */
  listReachable(tenantId: string, platform: SurfacePlatform): Promise<StoredConversationRef[]>;
}

/** The largest reference a store keeps (the column's check). */
export const MAX_REFERENCE_BYTES = 8192;

import type { AvailabilityStore } from '../availability/availability.store.ts';
import type { Outbox } from '../events/outbox.ts';
import type { DoNotPairStore } from '../matching/do-not-pair.store.ts';
import type { MatchingStore } from '../matching/matching.store.ts';
import type { ProfileStore } from '../profiles/profile.store.ts';
import type { RosterStore } from '../profiles/roster.store.ts';
import type { CampaignStore } from '../sessions/campaign.store.ts';
import type { RoomStore } from '../sessions/rooms.store.ts';
import type { SessionStore } from '../sessions/session.store.ts';
import type { AuditLog } from '../shared/audit-log.ts';
import type { ActionTokenStore } from '../surface/action-tokens.ts';
import type { PeopleStore } from '../tenancy/people.store.ts';
import type { TenantSettingsStore } from '../tenancy/tenant-settings.store.ts';

/**
 * Every store of one tenant, bound to one transaction (forced RLS: this tenant's rows only). What a
 * command handler reaches data through; `db/` implements them, tests may use the same.
 */
export interface TenantStores {
  audit: AuditLog;
  outbox: Outbox;
  actionTokens: ActionTokenStore;
  tenant: TenantSettingsStore;
  people: PeopleStore;
  roster: RosterStore;
  profiles: ProfileStore;
  availability: AvailabilityStore;
  doNotPair: DoNotPairStore;
  matching: MatchingStore;
  rooms: RoomStore;
  sessions: SessionStore;
  campaigns: CampaignStore;
  /** Runs `fn` in a savepoint: its writes are undone when it throws, and the transaction goes on. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

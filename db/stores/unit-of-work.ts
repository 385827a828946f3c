import { sql } from 'drizzle-orm';
import type { Embedder } from '../../core/matching/index.ts';
import type { TenantStores } from '../../core/ports/tenant-stores.ts';
import type { UnitOfWork } from '../../core/ports/unit-of-work.ts';
import type { Database, Tx } from '../database.ts';
import { matchingStore } from '../repositories/pairing-desk.ts';
import type { SecretBox } from '../secret-box.ts';
import { actionTokenStore } from './action-token.store.ts';
import { auditStore } from './audit.store.ts';
import { availabilityStore } from './availability.store.ts';
import { campaignStore } from './campaign.store.ts';
import { doNotPairStore } from './do-not-pair.store.ts';
import { outboxStore } from './outbox.store.ts';
import { peopleStore } from './people.store.ts';
import { profileStore } from './profile.store.ts';
import { roomStore } from './room.store.ts';
import { rosterStore } from './roster.store.ts';
import { sessionStore } from './session.store.ts';
import { tenantSettingsStore } from './tenant-settings.store.ts';

export interface UnitOfWorkDeps {
  database: Database;
  secrets: SecretBox;
  embedder: Pick<Embedder, 'id' | 'dimensions'>;
  /** Told after a commit that wrote outbox events, so the sweeper delivers them now. */
  onOutbox?: () => void;
}

/** Every store of one tenant over one transaction. */
export function tenantStores(
  tx: Tx,
  tenantId: string,
  deps: UnitOfWorkDeps,
  onAppend: () => void,
): TenantStores {
  let savepoints = 0;
  return {
    audit: auditStore(tx, tenantId),
    outbox: outboxStore(tx, tenantId, onAppend),
    actionTokens: actionTokenStore(tx, tenantId),
    tenant: tenantSettingsStore(tx, tenantId),
    people: peopleStore(tx),
    roster: rosterStore(tx),
    profiles: profileStore(tx),
    availability: availabilityStore(tx, tenantId, deps.secrets),
    doNotPair: doNotPairStore(tx, tenantId),
    matching: matchingStore(tx, { database: deps.database, tenantId, embedder: deps.embedder }),
    rooms: roomStore(tx, tenantId),
    sessions: sessionStore(tx),
    campaigns: campaignStore(tx, tenantId),
    async savepoint(fn) {
      const name = `sa_sp_${++savepoints}`;
      await tx.execute(sql.raw(`savepoint ${name}`));
      try {
        const result = await fn();
        await tx.execute(sql.raw(`release savepoint ${name}`));
        return result;
      } catch (error) {
        await tx.execute(sql.raw(`rollback to savepoint ${name}`));
        throw error;
      }
    },
  };
}

/**
 * The unit of work on the database: one tenant transaction (forced RLS) with every store bound to
 * it. After a commit that wrote outbox events, `onOutbox` is called so they go out at once.
 *
 * @example
 * const work = databaseUnitOfWork({ database, secrets, embedder });
 * await work.inTenant(tenantId, (stores) => stores.roster.list({ limit: 5 }));
 */
export function databaseUnitOfWork(deps: UnitOfWorkDeps): UnitOfWork {
  return {
    readsApart: deps.database.kind === 'pglite',
    async inTenant(tenantId, fn, options) {
      let hasOutbox = false;
      const within = options?.readOnly
        ? deps.database.withTenantReads
        : options?.statementsAlone
          ? deps.database.withTenantStatements
          : deps.database.withTenant;
      const result = await within(tenantId, (tx) =>
        fn(
          tenantStores(tx, tenantId, deps, () => {
            hasOutbox = true;
          }),
        ),
      );
      if (hasOutbox) deps.onOutbox?.();
      return result;
    },
  };
}

import type { TenantStores } from './tenant-stores.ts';

/**
 * One tenant transaction with every store bound to it: what one command runs in. Everything the
 * callback writes (rows, audit events, outbox events, action tokens) commits or rolls back together.
 *
 * @example
 * const result = await work.inTenant(tenantId, async (stores) => stores.roster.list({ limit: 5 }));
 */
export interface UnitOfWork {
  /**
   * Whether a read should end its transaction before it is rendered and its buttons stored (embedded
   * PGlite, where a transaction holds the one session). Where holding one costs nothing (the server),
   * one transaction does all of it: a second would cost two round trips.
   */
  readonly readsApart?: boolean;
  /**
   * `readOnly`: the callback only reads, and the database refuses a write. Its statements need not
   * share one snapshot (embedded PGlite runs each alone, so its one session is free in between).
   * `statementsAlone`: each statement is atomic alone and they need not commit together (one insert).
   */
  inTenant<T>(
    tenantId: string,
    fn: (stores: TenantStores) => Promise<T>,
    options?: { readOnly?: boolean; statementsAlone?: boolean },
  ): Promise<T>;
}

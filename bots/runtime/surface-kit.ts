import type { ConversationRefStore } from '../../core/surface/conversation-refs.ts';
import type { DeliveryLedger } from '../../core/surface/delivery-ledger.ts';
import type { IdentityStore } from '../../core/surface/identity.ts';
import type { InstallationStore } from '../../core/surface/installations.ts';
import type { TenantDirectory } from '../../core/tenancy/tenant.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { databaseConversationRefStore } from '../../db/stores/conversation-ref.store.ts';
import { databaseDeliveryLedger } from '../../db/stores/delivery-ledger.store.ts';
import { databaseIdentityStore } from '../../db/stores/identity.store.ts';
import { databaseInstallationStore } from '../../db/stores/installation.store.ts';
import { type ConsoleInbox, consoleInbox } from '../console/console-inbox.ts';
import type { Runtime } from './runtime.ts';

/** The stores every chat surface shares, built once by the composition root from the database. */
export interface SurfaceKit {
  installations: InstallationStore;
  identities: IdentityStore;
  tenants: TenantDirectory;
  /** Deliveries already handled (retried events, replayed commands, resent messages), per platform. */
  deliveries: DeliveryLedger;
  /** Messages for console users, shown on their next line (this process only). */
  consoleInbox: ConsoleInbox;
  /** Where to reach people proactively (Teams personal chats), and who can no longer be reached. */
  conversationRefs: ConversationRefStore;
}

const kits = new WeakMap<object, SurfaceKit>();

/** The kit of this runtime, built once (the delivery ledger keeps an in-memory cache). */
export function surfaceKitFor(runtime: Pick<Runtime, 'database' | 'secrets'>): SurfaceKit {
  let kit = kits.get(runtime);
  if (!kit) {
    const identities = databaseIdentityStore(runtime.database);
    const deliveries = databaseDeliveryLedger(runtime.database);
    kit = {
      installations: databaseInstallationStore(runtime.database, runtime.secrets),
      identities,
      tenants: databaseTenantDirectory(runtime.database),
      deliveries,
      consoleInbox: consoleInbox({ identities, deliveries }),
      conversationRefs: databaseConversationRefStore(runtime.database),
    };
    kits.set(runtime, kit);
  }
  return kit;
}

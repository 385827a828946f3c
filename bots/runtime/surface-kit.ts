import type { IdentityStore } from '../../core/surface/identity.ts';
import type { InstallationStore } from '../../core/surface/installations.ts';
import type { TenantDirectory } from '../../core/tenancy/tenant.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { databaseIdentityStore } from '../../db/stores/identity.store.ts';
import { databaseInstallationStore } from '../../db/stores/installation.store.ts';
import type { Runtime } from './runtime.ts';

/** The stores every chat surface shares, built once by the composition root from the database. */
export interface SurfaceKit {
  installations: InstallationStore;
  identities: IdentityStore;
  tenants: TenantDirectory;
}

export function surfaceKitFor(runtime: Pick<Runtime, 'database' | 'secrets'>): SurfaceKit {
  return {
    installations: databaseInstallationStore(runtime.database, runtime.secrets),
    identities: databaseIdentityStore(runtime.database),
    tenants: databaseTenantDirectory(runtime.database),
  };
}

import { eq } from 'drizzle-orm';
import { AppError } from '../../core/shared/app-error.ts';
import type { TenantSettingsStore } from '../../core/tenancy/tenant-settings.store.ts';
import type { Tx } from '../database.ts';
import { tenants } from '../schema/index.ts';

export function tenantSettingsStore(tx: Tx, tenantId: string): TenantSettingsStore {
  return {
    async read() {
      const [row] = await tx.select({ name: tenants.name, settings: tenants.settings }).from(tenants);
      if (!row) throw new AppError('tenancy.unknown_tenant', 'This workspace no longer exists');
      return row;
    },
    async writeSettings(settings) {
      await tx.update(tenants).set({ settings, updatedAt: new Date() }).where(eq(tenants.id, tenantId));
    },
  };
}

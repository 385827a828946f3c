import { and, eq } from 'drizzle-orm';
import type { Installation, InstallationStore } from '../../core/surface/installations.ts';
import type { Database } from '../database.ts';
import { installations } from '../schema/index.ts';
import type { SecretBox } from '../secret-box.ts';

type InstallationRow = typeof installations.$inferSelect;

/**
 * Installations on the database. Looked up before the tenant is known, so it works as the system
 * role; credentials are sealed at rest with the secret box and opened only when read.
 */
export function databaseInstallationStore(database: Database, box: SecretBox): InstallationStore {
  const toInstallation = (row: InstallationRow): Installation => ({
    platform: row.platform,
    externalId: row.externalId,
    enterpriseId: row.enterpriseId,
    tenantId: row.tenantId,
    botUserId: row.botUserId,
    installedBy: row.installedBy,
    credentials: row.credentialsSealed ? JSON.parse(box.open(row.credentialsSealed)) : {},
  });
  return {
    async find(platform, externalId) {
      const [row] = await database.withSystem((tx) =>
        tx
          .select()
          .from(installations)
          .where(and(eq(installations.platform, platform), eq(installations.externalId, externalId))),
      );
      return row ? toInstallation(row) : undefined;
    },

    async save(installation) {
      const values = {
        tenantId: installation.tenantId,
        platform: installation.platform,
        externalId: installation.externalId,
        enterpriseId: installation.enterpriseId,
        botUserId: installation.botUserId,
        installedBy: installation.installedBy,
        credentialsSealed:
          Object.keys(installation.credentials).length > 0
            ? box.seal(JSON.stringify(installation.credentials))
            : null,
      };
      await database.withSystem((tx) =>
        tx
          .insert(installations)
          .values(values)
          .onConflictDoUpdate({
            target: [installations.platform, installations.externalId],
            set: { ...values, updatedAt: new Date() },
          }),
      );
    },

    async listForTenant(tenantId, platform) {
      const rows = await database.withSystem((tx) =>
        tx
          .select()
          .from(installations)
          .where(and(eq(installations.tenantId, tenantId), eq(installations.platform, platform))),
      );
      return rows.map(toInstallation);
    },
  };
}

import { and, eq } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { installations } from '../schema/index.ts';
import type { SecretBox } from '../secret-box.ts';

export type InstallationPlatform = (typeof installations.$inferInsert)['platform'];

export interface InstallationRecord {
  tenantId: string;
  platform: InstallationPlatform;
  externalId: string;
  enterpriseId?: string | null;
  botUserId?: string | null;
  installedBy?: string | null;
  credentials: Record<string, string>;
}

/**
 * Installations map a Slack team, Teams tenant or Discord guild to a tenant. Looking one up happens
 * before the tenant is known, so it runs as the system role; credentials are sealed at rest.
 */
export function installationsRepository(database: Database, box: SecretBox) {
  return {
    async save(record: InstallationRecord): Promise<void> {
      const values = {
        tenantId: record.tenantId,
        platform: record.platform,
        externalId: record.externalId,
        enterpriseId: record.enterpriseId ?? null,
        botUserId: record.botUserId ?? null,
        installedBy: record.installedBy ?? null,
        credentialsSealed: box.seal(JSON.stringify(record.credentials)),
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

    async resolve(
      platform: InstallationPlatform,
      externalId: string,
    ): Promise<InstallationRecord | undefined> {
      const rows = await database.withSystem((tx) =>
        tx
          .select()
          .from(installations)
          .where(and(eq(installations.platform, platform), eq(installations.externalId, externalId))),
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        tenantId: row.tenantId,
        platform: row.platform,
        externalId: row.externalId,
        enterpriseId: row.enterpriseId,
        botUserId: row.botUserId,
        installedBy: row.installedBy,
        credentials: row.credentialsSealed ? JSON.parse(box.open(row.credentialsSealed)) : {},
      };
    },
  };
}

import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../core/shared/app-error.ts';
import {
  type NewTenant,
  newTenantSchema,
  type Tenant,
  type TenantDirectory,
  type TenantStatus,
} from '../../core/tenancy/tenant.ts';
import type { Database, Tx } from '../database.ts';
import { tenants } from '../schema/index.ts';
import { recordAudit } from './audit.repository.ts';

type TenantRow = typeof tenants.$inferSelect;

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  plan: row.plan,
  status: row.status,
  settings: row.settings,
  createdAt: row.createdAt,
});

/**
 * The input read by `schema` (the new-tenant schema or one extending it), or an AppError naming the
 * field: `name: expected a name of 1-200 characters`, with `field` and `expected` in its details.
 */
export function parseNewTenant<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.');
  throw new AppError('tenancy.bad_tenant', `${field}: expected ${issue.message}`, {
    field,
    expected: issue.message,
  });
}

/** Inserts a validated new tenant with its audit row, as the system role; a taken slug is an AppError. */
export async function insertTenant(tx: Tx, tenant: z.output<typeof newTenantSchema>): Promise<Tenant> {
  const existing = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, tenant.slug));
  if (existing.length > 0) {
    throw new AppError('tenancy.slug_taken', `A tenant with slug "${tenant.slug}" already exists`, {
      slug: tenant.slug,
    });
  }
  const [row] = await tx.insert(tenants).values(tenant).returning();
  await recordAudit(tx, {
    tenantId: row!.id,
    actorLabel: 'operator',
    action: 'tenant.created',
    entity: 'tenant',
    entityId: row!.id,
    newValues: { slug: row!.slug, name: row!.name, plan: row!.plan },
  });
  return toTenant(row!);
}

/** The operator's tenant directory, working as the system role (tenants are not one tenant's data). */
export function databaseTenantDirectory(database: Database): TenantDirectory {
  return {
    async list() {
      const rows = await database.withSystem((tx) => tx.select().from(tenants).orderBy(asc(tenants.slug)));
      return rows.map(toTenant);
    },
    async findBySlug(slug) {
      const rows = await database.withSystem((tx) => tx.select().from(tenants).where(eq(tenants.slug, slug)));
      return rows[0] ? toTenant(rows[0]) : undefined;
    },
    async findById(id) {
      const rows = await database.withSystem((tx) => tx.select().from(tenants).where(eq(tenants.id, id)));
      return rows[0] ? toTenant(rows[0]) : undefined;
    },
    async create(input: NewTenant) {
      const parsed = parseNewTenant(newTenantSchema, input);
      return database.withSystem((tx) => insertTenant(tx, parsed));
    },
    async setStatus(slug: string, status: TenantStatus, actorLabel: string) {
      return database.withSystem(async (tx) => {
        const [before] = await tx.select().from(tenants).where(eq(tenants.slug, slug));
        if (!before) throw new AppError('tenancy.unknown_tenant', `No tenant with slug "${slug}"`, { slug });
        const [row] = await tx
          .update(tenants)
          .set({ status, updatedAt: new Date() })
          .where(eq(tenants.id, before.id))
          .returning();
        if (before.status !== status) {
          await recordAudit(tx, {
            tenantId: before.id,
            actorLabel,
            action: status === 'suspended' ? 'tenant.suspended' : 'tenant.reactivated',
            entity: 'tenant',
            entityId: before.id,
            oldValues: { status: before.status },
            newValues: { status },
          });
        }
        return toTenant(row!);
      });
    },
  };
}

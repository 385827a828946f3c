import { z } from 'zod';

export const PLANS = ['free', 'team', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];
export type TenantStatus = 'active' | 'suspended';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  plan: Plan;
  status: TenantStatus;
  settings: Record<string, unknown>;
  createdAt: Date;
}

export const tenantSlugSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
    'a slug of 1-40 lower-case letters, digits and inner hyphens (e.g. "acme-music")',
  );

export const newTenantSchema = z.object({
  slug: tenantSlugSchema,
  name: z.string().trim().min(1, 'a name of 1-200 characters').max(200, 'a name of 1-200 characters'),
  plan: z.enum(PLANS, { error: `one of ${PLANS.join(', ')}` }).default('free'),
});
export type NewTenant = z.input<typeof newTenantSchema>;

/**
 * Operator view of all tenants (the platform owner's side, not a tenant's).
 *
 * @example
 * const acme = await directory.create({ slug: 'acme', name: 'Acme Music' });
 * await directory.setStatus('acme', 'suspended');
 */
export interface TenantDirectory {
  list(): Promise<Tenant[]>;
  findBySlug(slug: string): Promise<Tenant | undefined>;
  findById(id: string): Promise<Tenant | undefined>;
  create(input: NewTenant): Promise<Tenant>;
  setStatus(slug: string, status: TenantStatus, actorLabel: string): Promise<Tenant>;
}

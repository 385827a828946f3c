import { AppError } from '../shared/app-error.ts';
import type { TenantDirectory } from './tenant.ts';

/** A slug candidate from a name: "Acme Music!" -> `acme-music`; `fallback` when nothing is left. */
export function slugFromName(name: string, fallback: string): string {
  const clean = (text: string) =>
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 34)
      .replace(/-+$/, '');
  return clean(name) || clean(fallback) || 'workspace';
}

/**
 * A tenant slug from a name that no tenant has yet: `acme-music`, then `acme-music-2`, …
 *
 * @example
 * await uniqueTenantSlug(directory, 'Acme Music!', 'T0ACME'); // 'acme-music' or 'acme-music-2'
 */
export async function uniqueTenantSlug(
  directory: Pick<TenantDirectory, 'findBySlug'>,
  name: string,
  fallback: string,
): Promise<string> {
  const base = slugFromName(name, fallback);
  for (let n = 1; n < 1000; n += 1) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await directory.findBySlug(slug))) return slug;
  }
  throw new AppError('tenancy.slug_taken', `No free tenant slug for "${name}"`);
}

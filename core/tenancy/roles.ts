export const ROLES = ['tenant_admin', 'staff', 'creator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Publisher-side roles: they run the roster, propose sessions and review submissions. */
export const PUBLISHER_ROLES: readonly Role[] = ['tenant_admin', 'staff'];

export const ROLE_LABELS: Record<Role, string> = {
  tenant_admin: 'Admin',
  staff: 'Staff',
  creator: 'Creator',
  viewer: 'Viewer',
};

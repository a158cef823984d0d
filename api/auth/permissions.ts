/**
 * Roles and what each may do: the one table every route's declared permission is checked against
 * (and the authorization test is generated from). A role has a permission when it is listed.
 */
export const ROLES = ['owner', 'admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const EVERYONE: readonly Role[] = ROLES;
const EDITORS: readonly Role[] = ['owner', 'admin', 'analyst'];
const ADMINS: readonly Role[] = ['owner', 'admin'];

export const PERMISSIONS = {
  'organization:read': EVERYONE,
  'channels:read': EVERYONE,
  'channels:write': EDITORS,
  'metrics:read': EVERYONE,
  'metrics:export': EDITORS,
  'members:read': ADMINS,
  'members:write': ADMINS,
  'api_keys:manage': ADMINS,
  'billing:read': ADMINS,
  'billing:manage': ['owner'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Roles an API key may carry: machine clients never own an organization. */
export const API_KEY_ROLES = ['admin', 'analyst', 'viewer'] as const satisfies readonly Role[];

/**
 * What the signed-in role may do on the organization page, to show only the controls it can use.
 * The API decides (api/auth/permissions.ts); this only keeps buttons it would refuse off the page,
 * and a 403 that still comes back is shown as a sentence saying so. Pure, tested.
 */
import type { ApiSchema } from '../../../client';
import { ApiFailure, sentence } from '../../api-errors';

export type Role = ApiSchema<'Member'>['role'];

/** Roles in the order the page lists them, the most powerful first. */
export const ROLES: readonly Role[] = ['owner', 'admin', 'analyst', 'viewer'];
/** Roles an API key may carry (never owner). */
export const KEY_ROLES: readonly Role[] = ['admin', 'analyst', 'viewer'];

/** What a role may do here: read and manage members, invitations and keys; manage billing. */
export interface Abilities {
  manageMembers: boolean;
  manageKeys: boolean;
  readBilling: boolean;
  manageBilling: boolean;
  /** Only an owner makes, changes or removes owners. */
  manageOwners: boolean;
}

export function abilities(role: Role): Abilities {
  const admin = role === 'owner' || role === 'admin';
  return {
    manageMembers: admin,
    manageKeys: admin,
    readBilling: admin,
    manageBilling: role === 'owner',
    manageOwners: role === 'owner',
  };
}

/** The roles `actor` may give a member (an admin cannot make owners). */
export function assignableRoles(actor: Role): Role[] {
  return ROLES.filter((role) => role !== 'owner' || actor === 'owner');
}

/** Whether `actor` may change or remove a member who has `target` (only owners touch owners). */
export function mayChange(actor: Role, target: Role): boolean {
  return abilities(actor).manageMembers && (target !== 'owner' || actor === 'owner');
}

/** A role in words: "Owner", "Admin", … */
export function roleName(role: Role): string {
  return role[0]!.toUpperCase() + role.slice(1);
}

/**
 * The sentence for a refused change: a 403 says the role does not allow it (with the API's
 * reason); undefined for any other failure, which the page's usual error view shows.
 */
export function forbiddenMessage(failure: unknown): string | undefined {
  if (!(failure instanceof ApiFailure) || failure.status !== 403) return undefined;
  return `Your role does not allow this. ${sentence(failure.message)}`;
}

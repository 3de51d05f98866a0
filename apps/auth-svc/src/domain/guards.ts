import type { Transaction } from '@ai-service/db';
import { AuthError } from '../errors.ts';
import { activeOwnerIds, permissionsOfRoles, permissionsOfUser } from '../repositories/roles.ts';
import { findUser } from '../repositories/users.ts';
import type { RoleName } from './catalogue.ts';

/**
 * No escalation: an actor may grant, revoke or manage roles only when holding every permission
 * they carry. An admin cannot make someone owner, nor disable an owner.
 */
export async function assertHoldsPermissionsOf(tx: Transaction, actorId: string, roles: RoleName[]): Promise<void> {
  // Checked against the database, not the token: a user disabled or demoted a minute ago holds what they hold now.
  const actor = await findUser(tx, actorId);
  if (actor?.status !== 'active') throw new AuthError('INSUFFICIENT_PERMISSIONS', 'Your account is not active.');
  const held = new Set(await permissionsOfUser(tx, actorId));
  const missing = (await permissionsOfRoles(tx, roles)).filter((permission) => !held.has(permission));
  if (missing.length > 0) {
    throw new AuthError('INSUFFICIENT_PERMISSIONS', `This needs permissions you do not hold: ${missing.join(', ')}.`);
  }
}

/** A tenant always keeps one active owner. */
export async function assertNotLastOwner(tx: Transaction, userId: string): Promise<void> {
  const owners = await activeOwnerIds(tx);
  if (owners.length === 1 && owners[0] === userId) throw new AuthError('LAST_OWNER', 'The last active owner of a tenant cannot lose the owner role or be disabled.');
}

import type { Transaction } from '@ai-service/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { permissions, rolePermissions, roles, userRoles, users } from '../db/schema.ts';
import { PERMISSIONS, ROLE_NAMES, ROLES, type Permission, type RoleName } from '../domain/catalogue.ts';

/** Copies the permission catalogue and the built-in roles into a new tenant. */
export async function seedRoles(tx: Transaction, tenantId: string): Promise<void> {
  await tx.insert(permissions).values(Object.entries(PERMISSIONS).map(([name, description]) => ({ tenantId, name, description })));
  await tx.insert(roles).values(Object.entries(ROLES).map(([name, role]) => ({ tenantId, name, description: role.description })));
  await tx
    .insert(rolePermissions)
    .values(Object.entries(ROLES).flatMap(([role, { permissions: granted }]) => granted.map((permission) => ({ tenantId, role, permission }))));
}

/** The tenant's roles in catalogue order (owner first), each with its permissions. */
export async function rolesWithPermissions(tx: Transaction): Promise<{ name: RoleName; permissions: Permission[] }[]> {
  const roleRows = await tx.select({ name: roles.name }).from(roles);
  const grantRows = await tx.select().from(rolePermissions).orderBy(asc(rolePermissions.permission));
  const rank = (name: string) => ROLE_NAMES.indexOf(name as RoleName);
  return roleRows
    .sort((a, b) => rank(a.name) - rank(b.name))
    .map(({ name }) => ({
      name: name as RoleName,
      permissions: grantRows.filter((grant) => grant.role === name).map((grant) => grant.permission as Permission),
    }));
}

export async function rolesOfUsers(tx: Transaction, userIds: string[]): Promise<Map<string, RoleName[]>> {
  const byUser = new Map<string, RoleName[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await tx.select().from(userRoles).where(inArray(userRoles.userId, userIds)).orderBy(asc(userRoles.role));
  for (const row of rows) byUser.get(row.userId)?.push(row.role as RoleName);
  return byUser;
}

/** The permissions a set of roles grants in this tenant, sorted and without duplicates. */
export async function permissionsOfRoles(tx: Transaction, roleNames: RoleName[]): Promise<Permission[]> {
  if (roleNames.length === 0) return [];
  const rows = await tx
    .selectDistinct({ permission: rolePermissions.permission })
    .from(rolePermissions)
    .where(inArray(rolePermissions.role, roleNames))
    .orderBy(asc(rolePermissions.permission));
  return rows.map((row) => row.permission as Permission);
}

export async function permissionsOfUser(tx: Transaction, userId: string): Promise<Permission[]> {
  const rows = await tx
    .selectDistinct({ permission: rolePermissions.permission })
    .from(userRoles)
    .innerJoin(rolePermissions, and(eq(rolePermissions.tenantId, userRoles.tenantId), eq(rolePermissions.role, userRoles.role)))
    .where(eq(userRoles.userId, userId))
    .orderBy(asc(rolePermissions.permission));
  return rows.map((row) => row.permission as Permission);
}

/** Adds the roles the user does not have yet; returns the ones added. */
export async function addUserRoles(tx: Transaction, tenantId: string, userId: string, roleNames: RoleName[], at: Date): Promise<RoleName[]> {
  if (roleNames.length === 0) return [];
  const added = await tx
    .insert(userRoles)
    .values(roleNames.map((role) => ({ tenantId, userId, role, createdAt: at })))
    .onConflictDoNothing()
    .returning({ role: userRoles.role });
  return added.map((row) => row.role as RoleName);
}

/** Removes the roles; returns the ones the user had. */
export async function removeUserRoles(tx: Transaction, userId: string, roleNames: RoleName[]): Promise<RoleName[]> {
  if (roleNames.length === 0) return [];
  const removed = await tx
    .delete(userRoles)
    .where(and(eq(userRoles.userId, userId), inArray(userRoles.role, roleNames)))
    .returning({ role: userRoles.role });
  return removed.map((row) => row.role as RoleName);
}

/** Active users holding the owner role. */
export async function activeOwnerIds(tx: Transaction): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(userRoles)
    .innerJoin(users, and(eq(users.tenantId, userRoles.tenantId), eq(users.id, userRoles.userId)))
    .where(and(eq(userRoles.role, 'owner'), eq(users.status, 'active')));
  return rows.map((row) => row.id);
}

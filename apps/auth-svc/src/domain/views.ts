import type { Transaction } from '@ai-service/db';
import { AuthError } from '../errors.ts';
import { rolesOfUsers } from '../repositories/roles.ts';
import { findTenant, type TenantRow } from '../repositories/tenants.ts';
import { findUser, type UserRow } from '../repositories/users.ts';
import type { TenantView, UserView } from './types.ts';

export const tenantView = (row: TenantRow): TenantView => ({ id: row.tenantId, name: row.name, createdAt: row.createdAt });

const userView = (row: UserRow, roles: UserView['roles']): UserView => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  status: row.status,
  roles,
  createdAt: row.createdAt,
  lockedUntil: row.lockedUntil,
});

export async function withRoles(tx: Transaction, rows: UserRow[]): Promise<UserView[]> {
  const roles = await rolesOfUsers(tx, rows.map((row) => row.id));
  return rows.map((row) => userView(row, roles.get(row.id) ?? []));
}

/** The user of the current tenant, or NOT_FOUND (users of other tenants are invisible). */
export async function loadUser(tx: Transaction, userId: string, { forUpdate = false } = {}): Promise<UserRow> {
  const row = await findUser(tx, userId, { forUpdate });
  if (!row) throw new AuthError('NOT_FOUND', 'No such user in this tenant.');
  return row;
}

export async function loadUserView(tx: Transaction, userId: string): Promise<UserView> {
  const [view] = await withRoles(tx, [await loadUser(tx, userId)]);
  return view!;
}

export async function loadTenant(tx: Transaction, tenantId: string): Promise<TenantView> {
  const row = await findTenant(tx, tenantId);
  if (!row) throw new AuthError('NOT_FOUND', 'No such tenant.');
  return tenantView(row);
}

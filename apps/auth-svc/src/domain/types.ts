import type { UserStatus } from '../repositories/users.ts';
import type { Permission, RoleName } from './catalogue.ts';

export type TenantView = { id: string; name: string; createdAt: Date };

export type UserView = {
  id: string;
  email: string;
  displayName: string | null;
  status: UserStatus;
  roles: RoleName[];
  createdAt: Date;
  lockedUntil: Date | null;
};

export type TokenPair = { accessToken: string; refreshToken: string; expiresIn: number };

export type Session = { tenant: TenantView; user: UserView; tokens: TokenPair };

export type Me = { tenant: TenantView; user: UserView; permissions: Permission[] };

export type Invitation = { user: UserView; invitationToken: string; expiresAt: Date };

export type UserPage = { items: UserView[]; nextCursor: string | null };

export type RoleView = { name: RoleName; permissions: Permission[] };

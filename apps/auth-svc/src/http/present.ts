import type { AuthComponents } from '@ai-service/contracts';
import type { Invitation, Me, Session, TenantView, TokenPair, UserPage, UserView } from '../domain/types.ts';
import type { ServiceToken } from '../domain/issue-service-token.ts';

type Schemas = AuthComponents['schemas'];

/** Domain results → the JSON shapes of openapi/auth.yaml (dates as ISO strings). */
const presentTenant = (tenant: TenantView): Schemas['Tenant'] => ({ id: tenant.id, name: tenant.name, createdAt: tenant.createdAt.toISOString() });

export const presentUser = (user: UserView): Schemas['User'] => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  status: user.status,
  roles: user.roles,
  createdAt: user.createdAt.toISOString(),
  lockedUntil: user.lockedUntil?.toISOString() ?? null,
});

export const presentTokens = (tokens: TokenPair): Schemas['TokenPair'] => ({ ...tokens, tokenType: 'Bearer' });

export const presentServiceToken = (token: ServiceToken): Schemas['ServiceToken'] => ({ ...token, tokenType: 'Bearer' });

export const presentSession = (session: Session): Schemas['Session'] => ({
  tenant: presentTenant(session.tenant),
  user: presentUser(session.user),
  tokens: presentTokens(session.tokens),
});

export const presentMe = (me: Me): Schemas['Me'] => ({ tenant: presentTenant(me.tenant), user: presentUser(me.user), permissions: me.permissions });

export const presentUserPage = (page: UserPage): Schemas['UserPage'] => ({ items: page.items.map(presentUser), nextCursor: page.nextCursor });

export const presentInvitation = (invitation: Invitation): Schemas['Invitation'] => ({
  user: presentUser(invitation.user),
  invitationToken: invitation.invitationToken,
  expiresAt: invitation.expiresAt.toISOString(),
});

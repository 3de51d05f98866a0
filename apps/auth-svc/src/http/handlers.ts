import { identityOf } from '@ai-service/access';
import type { AuthComponents } from '@ai-service/contracts';
import type { OperationHandler } from '@ai-service/http';
import { currentTraceId } from '@ai-service/observability';
import type { FastifyRequest } from 'fastify';
import type { ServiceContext, TenantContext } from '../context.ts';
import { acceptInvitation } from '../domain/accept-invitation.ts';
import type { RoleName } from '../domain/catalogue.ts';
import { disableUser } from '../domain/disable-user.ts';
import { enableUser } from '../domain/enable-user.ts';
import { getMe } from '../domain/get-me.ts';
import { getUser } from '../domain/get-user.ts';
import { grantRole } from '../domain/grant-role.ts';
import { inviteUser } from '../domain/invite-user.ts';
import { issueServiceToken } from '../domain/issue-service-token.ts';
import { listRoles } from '../domain/list-roles.ts';
import { listUsers } from '../domain/list-users.ts';
import { login } from '../domain/login.ts';
import { logout } from '../domain/logout.ts';
import { refreshTokens } from '../domain/refresh-tokens.ts';
import { registerTenant } from '../domain/register-tenant.ts';
import { revokeRole } from '../domain/revoke-role.ts';
import { basicCredentials } from './basic-credentials.ts';
import { presentInvitation, presentMe, presentServiceToken, presentSession, presentTokens, presentUser, presentUserPage } from './present.ts';

type Schemas = AuthComponents['schemas'];
type UserParams = { userId: string };
type RoleParams = UserParams & { role: RoleName };

/**
 * One handler per operation of openapi/auth.yaml. Bodies, params and queries were validated
 * against the spec before a handler runs; each handler calls one domain function and presents it.
 */
export function authHandlers(base: Omit<ServiceContext, 'traceId'>): Record<string, OperationHandler> {
  const service = (): ServiceContext => ({ ...base, traceId: currentTraceId() });
  const tenant = (request: FastifyRequest): TenantContext => {
    const identity = identityOf(request);
    return { ...service(), tenantId: identity.tenantId, actorId: identity.userId };
  };

  return {
    register: async (request, reply) =>
      reply.code(201).send(presentSession(await registerTenant({ ctx: service(), input: request.body as Schemas['RegisterRequest'] }))),
    login: async (request) => presentSession(await login({ ctx: service(), input: request.body as Schemas['LoginRequest'] })),
    refresh: async (request) => presentTokens(await refreshTokens({ ctx: service(), input: request.body as Schemas['RefreshRequest'] })),
    logout: async (request, reply) => {
      await logout({ ctx: service(), input: request.body as Schemas['RefreshRequest'] });
      return reply.code(204).send();
    },
    issueServiceToken: async (request) => {
      const body = request.body as Schemas['ServiceTokenRequest'];
      const { user, password } = basicCredentials(request.headers.authorization);
      return presentServiceToken(await issueServiceToken({ ctx: service(), input: { client: user, secret: password, ...body } }));
    },
    getMe: async (request) => presentMe(await getMe({ ctx: tenant(request) })),
    listUsers: async (request) => presentUserPage(await listUsers({ ctx: tenant(request), input: request.query as { limit: number; cursor?: string } })),
    inviteUser: async (request, reply) =>
      reply.code(201).send(presentInvitation(await inviteUser({ ctx: tenant(request), input: request.body as Schemas['InviteRequest'] }))),
    acceptInvitation: async (request) =>
      presentSession(await acceptInvitation({ ctx: service(), input: request.body as Schemas['AcceptInvitationRequest'] })),
    getUser: async (request) => presentUser(await getUser({ ctx: tenant(request), input: request.params as UserParams })),
    disableUser: async (request) => presentUser(await disableUser({ ctx: tenant(request), input: request.params as UserParams })),
    enableUser: async (request) => presentUser(await enableUser({ ctx: tenant(request), input: request.params as UserParams })),
    grantRole: async (request) => presentUser(await grantRole({ ctx: tenant(request), input: request.params as RoleParams })),
    revokeRole: async (request) => presentUser(await revokeRole({ ctx: tenant(request), input: request.params as RoleParams })),
    listRoles: async (request) => listRoles({ ctx: tenant(request) }),
    getJwks: async () => base.keys.jwks(),
  };
}

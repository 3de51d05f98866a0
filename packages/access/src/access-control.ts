import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AccessError } from './errors.ts';
import type { Identity, TokenVerifier } from './tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
  }
}

/** Permission values with a meaning of their own; anything else names a permission a token must carry. */
export const PUBLIC = 'public';
export const AUTHENTICATED = 'authenticated';

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Enforces each route's `config.permission` (taken from the operation's `x-permission` in the
 * spec) before the input is validated: no or bad token → 401, token without the permission → 403. Routes without a permission
 * (health, metrics, docs) stay open. Every service runs this on the same token the gateway
 * checked, so no service trusts identity headers a client could forge.
 */
export function registerAccessControl(app: FastifyInstance, verify: TokenVerifier): void {
  app.decorateRequest('identity', undefined);
  app.addHook('preValidation', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (!permission || permission === PUBLIC) return;
    request.identity = await authorize(request, permission, verify);
  });
}

/** The identity behind the request's bearer token, if it holds `permission`; AccessError otherwise. */
export async function authorize(request: FastifyRequest, permission: string, verify: TokenVerifier): Promise<Identity> {
  const token = bearerToken(request);
  if (!token) throw new AccessError('UNAUTHENTICATED', 'This operation needs an access token (Authorization: Bearer).');
  const identity = await verify(token);
  if (permission !== AUTHENTICATED && !identity.permissions.includes(permission)) {
    throw new AccessError('FORBIDDEN', `This operation needs the permission ${permission}.`);
  }
  return identity;
}

/** The verified identity of a request that passed access control. */
export function identityOf(request: FastifyRequest): Identity {
  if (!request.identity) throw new AccessError('UNAUTHENTICATED', 'This operation needs an access token.');
  return request.identity;
}

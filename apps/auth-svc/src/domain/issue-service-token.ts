import { withTenant } from '@ai-service/db';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServiceContext } from '../context.ts';
import { AuthError } from '../errors.ts';
import { findTenant } from '../repositories/tenants.ts';
import { audit } from './audit.ts';
import type { Permission } from './catalogue.ts';
import { isServiceClient, SERVICE_CLIENTS } from './service-clients.ts';

export type ServiceTokenInput = { client: string; secret: string; tenantId: string; permissions: Permission[] };
export type ServiceToken = { accessToken: string; expiresIn: number };

/** Subject of a service token: never a user id, so nothing mistakes the service for a user. */
export const serviceSubject = (client: string) => `service:${client}`;

/**
 * An access token for a platform service acting for one tenant (a worker job calling another
 * service), limited to the permissions granted to that service. Refused when service tokens are
 * not configured, for an unknown service or a wrong secret, alike.
 */
export async function issueServiceToken({ ctx, input }: { ctx: ServiceContext; input: ServiceTokenInput }): Promise<ServiceToken> {
  const expected = ctx.config.INTERNAL_SERVICE_SECRET;
  if (expected === undefined || !isServiceClient(input.client) || !sameSecret(input.secret, expected)) {
    throw new AuthError('INVALID_CREDENTIALS', 'Unknown service or wrong secret.');
  }
  const granted: readonly Permission[] = SERVICE_CLIENTS[input.client];
  const refused = input.permissions.filter((permission) => !granted.includes(permission));
  if (refused.length > 0) throw new AuthError('INSUFFICIENT_PERMISSIONS', `${input.client} may not act with: ${refused.join(', ')}.`);

  const now = ctx.clock();
  const subject = serviceSubject(input.client);
  await withTenant(ctx.db, input.tenantId, async (tx) => {
    if (!(await findTenant(tx, input.tenantId))) throw new AuthError('NOT_FOUND', 'No such tenant.');
    await audit(tx, ctx, {
      type: 'ServiceTokenIssued',
      tenantId: input.tenantId,
      actorId: subject,
      aggregate: { type: 'tenant', id: input.tenantId },
      payload: { permissions: input.permissions },
    });
  });
  const accessToken = await ctx.keys.signAccessToken({ userId: subject, tenantId: input.tenantId, permissions: input.permissions }, now);
  return { accessToken, expiresIn: ctx.config.AUTH_ACCESS_TOKEN_TTL_SECONDS };
}

/** Compares digests so the comparison takes the same time whatever the lengths. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

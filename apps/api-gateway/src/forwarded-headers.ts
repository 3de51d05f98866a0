import { traceHeaders } from '@ai-service/observability';
import type { FastifyRequest } from 'fastify';

type Headers = Record<string, string | string[] | undefined>;

/**
 * Headers that could pass for an identity asserted by the gateway (`x-user-id`, `x-tenant-id`,
 * `x-forwarded-user`, ...). Services never read identity from headers (they verify the access
 * token themselves), but dropping these at the edge means no code path can start trusting them.
 */
const FORGEABLE_IDENTITY = /^(x-(user|tenant|identity|auth|authenticated|roles?|permissions?|principal|subject)([-_].*)?|x-forwarded-user|x-remote-user|remote-user)$/;

/** Hop-by-hop response headers: they describe the gateway↔service connection, not the client's. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];

/**
 * What a service receives: the client's headers (Authorization unchanged: the service verifies the
 * same token), minus identity look-alikes, plus the request id and the W3C trace context of the
 * gateway's span so one trace id shows in the gateway's and the service's logs.
 */
export function forwardedRequestHeaders<H extends Headers>(request: Pick<FastifyRequest, 'id' | 'ip' | 'protocol' | 'host'>, headers: H): H {
  const rewritten: Headers = headers;
  for (const name of Object.keys(rewritten)) {
    if (FORGEABLE_IDENTITY.test(name)) delete rewritten[name];
  }
  // Node already answered the client's `Expect: 100-continue`; undici refuses to send the header on.
  delete rewritten['expect'];
  rewritten['x-request-id'] = request.id;
  // Runs inside the request's span (the kit's telemetry hook), so this is the gateway span's context.
  Object.assign(rewritten, traceHeaders());
  // The gateway is the edge: it states the client address it saw instead of extending a client-sent chain.
  rewritten['x-forwarded-for'] = request.ip;
  rewritten['x-forwarded-proto'] = request.protocol;
  rewritten['x-forwarded-host'] = request.host;
  return headers;
}

export function forwardedResponseHeaders<H extends Headers>(headers: H): H {
  const rewritten: Headers = headers;
  for (const name of HOP_BY_HOP) delete rewritten[name];
  return headers;
}

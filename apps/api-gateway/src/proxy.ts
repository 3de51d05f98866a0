import { fastifyPath, sendProblem } from '@ai-service/http';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, HTTPMethods, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { forwardedRequestHeaders, forwardedResponseHeaders } from './forwarded-headers.ts';
import type { ProxiedOperation } from './route-plan.ts';
import { upstreamProblem } from './upstream-errors.ts';
import type { Upstream } from './upstreams.ts';

export type ProxyOptions = {
  /** Longest wait for a service to accept a connection, send its headers, or its next body chunk. */
  timeoutMs: number;
  /** Hooks every API route runs (rate limits), after the kit's and access control's own. */
  hooks: { onRequest: onRequestHookHandler[]; preHandler: preHandlerHookHandler[] };
};

/**
 * One route per operation of the service, with the operation's method, path template and
 * `x-permission` (access control answers 401/403 before anything is forwarded), forwarding the
 * request as it came: same path and query, body untouched as a stream (no re-serialization, no
 * validation: the service validates against the same spec), so JSON, multipart and anything else
 * pass through alike. Each service gets its own keep-alive connection pool (undici).
 */
export async function registerProxyRoutes(app: FastifyInstance, upstream: Upstream, operations: ProxiedOperation[], options: ProxyOptions): Promise<void> {
  await app.register(async (scope) => {
    // The body stays the raw request stream; reply-from pipes it to the service.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    await scope.register(replyFrom, {
      base: upstream.url,
      disableRequestLogging: true,
      undici: {
        connections: 128,
        pipelining: 1,
        keepAliveTimeout: 60_000,
        connect: { timeout: options.timeoutMs },
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      },
    });

    for (const { method, path, operation } of operations) {
      scope.route({
        method: method as HTTPMethods,
        url: fastifyPath(path),
        config: { operationId: operation.operationId, permission: operation['x-permission'] ?? 'authenticated' },
        onRequest: options.hooks.onRequest,
        preHandler: options.hooks.preHandler,
        handler: (request, reply) =>
          reply.from(undefined, {
            // A GET whose pooled connection was closed under it is retried once; nothing else is.
            retriesCount: 1,
            rewriteRequestHeaders: (_request, headers) => forwardedRequestHeaders(request, headers),
            rewriteHeaders: (headers) => forwardedResponseHeaders(headers),
            onError: (_reply, { error }) => {
              sendProblem(request, reply, upstreamProblem(upstream.name, error));
            },
          }),
      });
    }
  });
}

import { accessErrorMapper, registerAccessControl, remoteTokenVerifier } from '@ai-service/access';
import { openapiSpecs } from '@ai-service/contracts';
import { fastifyPath, operationSchema, type OpenApiDocument, type OperationHandler } from '@ai-service/http';
import { jobsErrorMapper } from '@ai-service/jobs';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import type { HTTPMethods } from 'fastify';
import packageJson from '../package.json' with { type: 'json' };
import { registerCors } from './cors.ts';
import { discoverServices, upstreamReadinessChecks } from './discovery.ts';
import { registerDocs } from './docs.ts';
import { registerProxyRoutes } from './proxy.ts';
import { registerRateLimits } from './rate-limit.ts';
import { createQueueAdmin } from './queue-admin.ts';
import { planRoutes } from './route-plan.ts';
import { cachedTokenVerifier } from './token-cache.ts';
import { upstreamsFrom, type GatewayConfig } from './upstreams.ts';
import { registerWebApp } from './web.ts';

const QUEUE_ADMIN_OPERATIONS = ['listQueues', 'listDeadJobs', 'retryDeadJob', 'discardDeadJob'];

/** Verified tokens reused for a minute at most; 10 000 entries is a few MB. See token-cache.ts. */
const TOKEN_CACHE = { maxEntries: 10_000, maxAgeMs: 60_000 };

export type GatewayOptions = {
  /** The public API; every operation in it becomes a route. Tests pass a variant. */
  spec?: OpenApiDocument;
};

/**
 * The api-gateway: every operation of the gateway spec is a route. `/v1/<domain>/...` operations
 * are forwarded to the owning service after access control (the operation's `x-permission`) and
 * rate limits; the gateway's own operations (service discovery) are answered here; health and
 * metrics come from the kit, with readiness aggregated over every service.
 */
export function defineGateway(config: GatewayConfig, options: GatewayOptions = {}): ServiceDefinition {
  const spec = options.spec ?? openapiSpecs.gateway;
  const upstreams = upstreamsFrom(config);
  const ownOperations = new Set(['listServices', ...QUEUE_ADMIN_OPERATIONS]);
  const plan = planRoutes(spec, upstreams, ownOperations);

  return {
    service: 'api-gateway',
    version: packageJson.version,
    port: config.GATEWAY_PORT,
    config,
    errorMappers: [accessErrorMapper, jobsErrorMapper],
    checks: upstreamReadinessChecks(upstreams),
    register: async (app, deps) => {
      // First, so preflights are answered before access control and every error carries CORS headers.
      await registerCors(app, config.CORS_ORIGINS);
      const verify = cachedTokenVerifier(remoteTokenVerifier(config.AUTH_JWKS_URL), TOKEN_CACHE);
      registerAccessControl(app, verify);
      const limits = await registerRateLimits(app, {
        perUser: config.RATE_LIMIT_MAX,
        perIp: config.RATE_LIMIT_IP_MAX,
        windowMs: config.RATE_LIMIT_WINDOW_MS,
        redisUrl: config.REDIS_URL,
        onRedisError: (error) => deps.logger.warn({ err: error }, 'rate-limit redis error'),
      });
      const hooks = { onRequest: [limits.limitByIp], preHandler: [limits.limitByUser] };
      const queueAdmin = createQueueAdmin(config, deps);
      const ownHandlers: Record<string, OperationHandler> = { listServices: async () => discoverServices(upstreams), ...queueAdmin.handlers };

      for (const { method, path, operation } of plan.own) {
        app.route({
          method: method as HTTPMethods,
          url: fastifyPath(path),
          config: { operationId: operation.operationId, permission: operation['x-permission'] ?? 'authenticated' },
          schema: operationSchema(operation),
          ...hooks,
          handler: ownHandlers[operation.operationId]!,
        });
      }
      for (const operations of plan.proxied.values()) {
        await registerProxyRoutes(app, operations[0]!.upstream, operations, { timeoutMs: config.UPSTREAM_TIMEOUT_MS, hooks });
      }

      await queueAdmin.registerBoard(app, verify);
      await registerDocs(app, spec);
      const webApp = await registerWebApp(app, config.WEB_DIST_DIR);
      deps.logger.debug({ webApp, upstreams: upstreams.map(({ name, url }) => `${name}=${url}`) }, 'gateway routes registered');
      return { closers: [limits.close, queueAdmin.close] };
    },
  };
}

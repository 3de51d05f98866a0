import type { Health, HttpMetrics } from '@ai-service/observability';
import type { FastifyInstance } from 'fastify';

export type ServiceIdentity = { service: string; version: string };

/** `/health/live`, `/health/ready`, `/health` and `/metrics`, the same on every process. */
export function registerHealthRoutes(app: FastifyInstance, identity: ServiceIdentity, health: Health, metrics: HttpMetrics): void {
  const startedAt = Date.now();

  app.get('/health/live', async (_request, reply) => {
    const report = health.live();
    return reply.code(report.ok ? 200 : 503).send({ status: report.ok ? 'ok' : 'unhealthy', ...report });
  });

  app.get('/health/ready', async (_request, reply) => {
    const report = await health.ready();
    const failed = Object.entries(report.checks).filter(([, check]) => !check.ok).map(([name]) => name);
    return reply.code(report.ok ? 200 : 503).send({ status: report.ok ? 'ready' : 'not ready', failed, checks: report.checks });
  });

  app.get('/health', async () => {
    const [live, ready] = [health.live(), await health.ready()];
    return {
      service: identity.service,
      version: identity.version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      status: live.ok && ready.ok ? 'ok' : 'degraded',
      live,
      dependencies: ready.checks,
    };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

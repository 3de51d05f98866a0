import helmet from '@fastify/helmet';
import type { Health, HttpMetrics, Logger } from '@ai-service/observability';
import type { Tracer } from '@opentelemetry/api';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { registerHealthRoutes, type ServiceIdentity } from './health-routes.ts';
import { problem, sendProblem, toProblem, type ErrorMapper } from './problem.ts';
import { registerTelemetry } from './telemetry.ts';
import { registerValidation } from './validation.ts';

export type HttpAppOptions = ServiceIdentity & {
  logger: Logger;
  tracer: Tracer;
  metrics: HttpMetrics;
  health: Health;
  bodyLimitBytes: number;
  errorMappers?: ErrorMapper[];
};

export type RouteEntry = { method: string; url: string };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on the app, for the spec-equality tests. */
    routeTable: RouteEntry[];
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The Fastify instance every service and worker serves: telemetry, problem+json errors, health, metrics. */
export function buildHttpApp(options: HttpAppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    // One line per request is written by the telemetry hooks, with its route and duration.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
    exposeHeadRoutes: false,
  }) as unknown as FastifyInstance;

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url });
  });
  registerValidation(app);
  app.register(helmet, { global: true });
  closeKeepAliveOnShutdown(app);
  registerTelemetry(app, options.tracer, options.metrics);

  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error as FastifyError, options.errorMappers ?? []);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, status: body.status }, 'request rejected');
    return sendProblem(request, reply, body);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, problem(404, `No route for ${request.method} ${request.url.split('?')[0]}`, { code: 'NOT_FOUND' })),
  );

  registerHealthRoutes(app, options, options.health, options.metrics);
  return app;
}

/**
 * Fastify's close waits for in-flight requests, but their keep-alive sockets would then stay open
 * until the client lets go; answering them with `Connection: close` lets shutdown finish promptly.
 */
function closeKeepAliveOnShutdown(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}

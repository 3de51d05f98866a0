import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { HttpMetrics } from '@ai-service/observability';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    span?: Span;
  }
}

const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/health', '/metrics']);

const routeOf = (request: FastifyRequest) => request.routeOptions.url ?? 'unmatched';

/**
 * Continues an incoming W3C `traceparent` (or starts a trace), runs the rest of the request inside
 * that span so logs and outgoing calls carry it, and records the HTTP metrics by route template.
 */
export function registerTelemetry(app: FastifyInstance, tracer: Tracer, metrics: HttpMetrics): void {
  app.addHook('onRequest', (request, reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(`${request.method} ${routeOf(request)}`, { kind: SpanKind.SERVER }, parent);
    request.span = span;
    reply.header('x-request-id', request.id);
    context.with(trace.setSpan(parent, span), done);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const route = routeOf(request);
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    metrics.requestsTotal.inc(labels);
    metrics.requestDuration.observe(labels, reply.elapsedTime / 1000);
    request.span?.setAttributes({ 'http.route': route, 'http.response.status_code': reply.statusCode });
    if (reply.statusCode >= 500) request.span?.setStatus({ code: SpanStatusCode.ERROR });
    request.span?.end();
    const level = QUIET_ROUTES.has(route) ? 'debug' : 'info';
    request.log[level](
      { method: request.method, url: request.url, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 },
      'request completed',
    );
    done();
  });
}

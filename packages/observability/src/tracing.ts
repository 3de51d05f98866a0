import { context, propagation, trace, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export type TracingOptions = { service: string; version: string; otlpEndpoint?: string | undefined };

export type Tracing = { tracer: Tracer; shutdown: () => Promise<void> };

/**
 * Registers a tracer provider so every request gets real W3C trace/span ids (and an incoming
 * `traceparent` is continued). Spans leave the process only when an OTLP endpoint is configured.
 */
export function initTracing({ service, version, otlpEndpoint }: TracingOptions): Tracing {
  const spanProcessors: SpanProcessor[] = otlpEndpoint
    ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpEndpoint.replace(/\/$/, '')}/v1/traces` }))]
    : [];
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service, [ATTR_SERVICE_VERSION]: version }),
    spanProcessors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return { tracer: trace.getTracer(service, version), shutdown: () => provider.shutdown() };
}

/** Headers that carry the current trace to a downstream call (HTTP, job, outbox row). */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

export function currentTraceId(): string | undefined {
  return trace.getActiveSpan()?.spanContext().traceId;
}

export function spanIds(span: Span): { traceId: string; spanId: string } {
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

import { traceHeaders } from '@ai-service/observability';
import { ROOT_CONTEXT, propagation, type Context } from '@opentelemetry/api';

/**
 * A job carries its producer's W3C trace context (`traceparent`, `tracestate`) in
 * `opts.telemetry.metadata`, the slot BullMQ reserves for context propagation, so the worker
 * continues the same trace and every log line of the job carries its traceId.
 */
export type TraceCarrier = Record<string, string>;

/** The carrier to store on a job: the given one (e.g. from an outbox row) or the active context's. */
export function traceMetadata(carrier: TraceCarrier | undefined = traceHeaders()): string | undefined {
  return Object.keys(carrier).length > 0 ? JSON.stringify(carrier) : undefined;
}

/** The producer's context for the worker's span; the root context when the job carries none. */
export function producerContext(metadata: string | undefined): Context {
  if (!metadata) return ROOT_CONTEXT;
  try {
    const carrier = JSON.parse(metadata) as unknown;
    if (typeof carrier !== 'object' || carrier === null) return ROOT_CONTEXT;
    return propagation.extract(ROOT_CONTEXT, carrier as TraceCarrier);
  } catch {
    return ROOT_CONTEXT;
  }
}

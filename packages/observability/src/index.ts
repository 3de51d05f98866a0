export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { initTracing, currentTraceId, spanIds, traceHeaders, type Tracing, type TracingOptions } from './tracing.ts';
export { createMetrics, type HttpMetrics } from './metrics.ts';
export {
  createHealth,
  type CheckResult,
  type DependencyCheck,
  type Health,
  type HealthOptions,
  type LiveReport,
  type ReadyReport,
} from './health.ts';

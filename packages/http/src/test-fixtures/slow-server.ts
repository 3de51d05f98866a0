// A service built from the kit with one slow route, for the graceful-shutdown test.
import { createHealth, createLogger, createMetrics, initTracing } from '@ai-service/observability';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildHttpApp } from '../app.ts';
import { exitGracefully } from '../shutdown.ts';

const port = Number(process.argv[2]);
const logger = createLogger({ service: 'slow-server', level: 'info', pretty: false });
const tracing = initTracing({ service: 'slow-server', version: '0.0.0' });
const health = createHealth({ checks: {}, maxEventLoopLagMs: 1000, maxHeapRatio: 0.99 });
const app = buildHttpApp({
  service: 'slow-server',
  version: '0.0.0',
  logger,
  tracer: tracing.tracer,
  metrics: createMetrics('slow-server'),
  health,
  bodyLimitBytes: 1024,
});
app.get('/slow', async (request) => {
  await sleep(Number((request.query as { ms?: string }).ms ?? 1000));
  return { finished: true };
});
exitGracefully({ logger, timeoutMs: 10_000, closers: [() => app.close(), async () => health.stop(), () => tracing.shutdown()] });
await app.listen({ host: '127.0.0.1', port });

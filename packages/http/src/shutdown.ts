import closeWithGrace from 'close-with-grace';
import type { Logger } from '@ai-service/observability';

export type ShutdownOptions = {
  logger: Logger;
  timeoutMs: number;
  /** Closers run in order: stop accepting (the HTTP server), then the workers, then the pools. */
  closers: Array<() => Promise<unknown>>;
};

/**
 * On SIGTERM/SIGINT: run the closers in order (Fastify's close finishes in-flight requests first)
 * and exit 0; if they take longer than the timeout, close-with-grace exits 1.
 */
export function exitGracefully({ logger, timeoutMs, closers }: ShutdownOptions): void {
  closeWithGrace({ delay: timeoutMs }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an unexpected error');
    else logger.info({ signal }, 'shutting down');
    for (const close of closers) await close();
    logger.info('stopped');
  });
}

import { trace } from '@opentelemetry/api';
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export type LoggerOptions = {
  service: string;
  level: LevelWithSilent;
  /** Human-readable output; defaults to on only when stdout is a terminal. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
};

/** JSON logs carrying the service name and, inside a traced operation, its traceId/spanId. */
export function createLogger({ service, level, pretty = Boolean(process.stdout.isTTY), destination }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service },
    mixin() {
      const spanContext = trace.getActiveSpan()?.spanContext();
      return spanContext ? { traceId: spanContext.traceId, spanId: spanContext.spanId } : {};
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' },
  };
  if (destination) return pino(options, destination as pino.DestinationStream);
  if (pretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(options);
}

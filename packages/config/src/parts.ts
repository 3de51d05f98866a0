import { z } from 'zod';

/** Building blocks shared by the per-service schemas in ./services.ts. */

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// connection URL' });
const redisUrl = z.url({ protocol: /^rediss?$/, error: 'must be a redis:// connection URL' });

export const ports = {
  GATEWAY_PORT: port(3000),
  FINANCIAL_SVC_PORT: port(3001),
  TRADING_SVC_PORT: port(3002),
  COMM_SVC_PORT: port(3003),
  AI_CORE_PORT: port(3004),
  AUTH_SVC_PORT: port(3005),
  WORKER_FINANCIAL_PORT: port(3101),
  WORKER_TRADING_PORT: port(3102),
} as const;

export type PortVariable = keyof typeof ports;

export const runtimeEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
};

export const httpEnv = {
  BODY_LIMIT_BYTES: positiveInt(1_048_576),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  HEALTH_MAX_EVENT_LOOP_LAG_MS: positiveInt(1_000),
  HEALTH_MAX_HEAP_RATIO: z.coerce.number().gt(0).max(1).default(0.95),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
};

export const databaseEnv = {
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_MAX: positiveInt(10),
};

export const redisEnv = {
  REDIS_URL: redisUrl.optional(),
};

export const launcherEnv = {
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: port(54329),
};

export const testingEnv = {
  TEST_DATABASE_URL: postgresUrl.optional(),
  TEST_REDIS_URL: redisUrl.optional(),
};

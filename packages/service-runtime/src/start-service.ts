import { createPool, migrateSchema, pingPostgres, runtimeRoleFor } from '@ai-service/db';
import { buildHttpApp, exitGracefully, type ErrorMapper } from '@ai-service/http';
import { createHealth, createLogger, createMetrics, initTracing, type DependencyCheck, type Logger } from '@ai-service/observability';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { connectRedis, pingRedis } from './redis.ts';

export type CommonConfig = {
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  HOST: string;
  BODY_LIMIT_BYTES: number;
  SHUTDOWN_TIMEOUT_MS: number;
  HEALTH_MAX_EVENT_LOOP_LAG_MS: number;
  HEALTH_MAX_HEAP_RATIO: number;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  REDIS_URL?: string | undefined;
};

export type DatabaseSetup = {
  url: string;
  poolMax: number;
  /** The Postgres schema this process works in. */
  schema: string;
  /** Present for the service that owns the schema: its committed migrations, applied at boot. */
  migrationsFolder?: string;
};

export type ServiceDeps = { logger: Logger; pool?: pg.Pool; redis?: Redis };

export type ServiceDefinition = {
  service: string;
  version: string;
  port: number;
  config: CommonConfig;
  database?: DatabaseSetup;
  errorMappers?: ErrorMapper[];
  /** Registers the service's own routes and workers; returns closers to run at shutdown. */
  register?: (app: FastifyInstance, deps: ServiceDeps) => Promise<Array<() => Promise<unknown>>> | Array<() => Promise<unknown>>;
};

export type RunningService = { app: FastifyInstance; url: string; deps: ServiceDeps };

/** Boot sequence shared by every process: logs, tracing, migrations, pools, HTTP, graceful exit. */
export async function startService(definition: ServiceDefinition): Promise<RunningService> {
  const { service, version, config, database } = definition;
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const tracing = initTracing({ service, version, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const checks: Record<string, DependencyCheck> = {};
  const deps: ServiceDeps = { logger };

  if (database) {
    if (database.migrationsFolder) {
      await migrateSchema({ ...database, migrationsFolder: database.migrationsFolder, log: (msg, details) => logger.info(details, msg) }).catch(
        (error: unknown) => {
          logger.fatal({ err: error }, 'migration failed');
          process.exit(1);
        },
      );
    }
    const pool = createPool({
      url: database.url,
      max: database.poolMax,
      role: runtimeRoleFor(database.schema),
      onError: (error) => logger.warn({ err: error }, 'postgres connection lost'),
    });
    deps.pool = pool;
    checks['postgres'] = () => pingPostgres(pool);
  }
  if (config.REDIS_URL) {
    const redis = connectRedis(config.REDIS_URL, (error) => logger.warn({ err: error }, 'redis connection error'));
    deps.redis = redis;
    checks['redis'] = () => pingRedis(redis);
  }

  const metrics = createMetrics(service);
  const health = createHealth({
    checks,
    maxEventLoopLagMs: config.HEALTH_MAX_EVENT_LOOP_LAG_MS,
    maxHeapRatio: config.HEALTH_MAX_HEAP_RATIO,
  });
  const app = buildHttpApp({
    service,
    version,
    logger,
    tracer: tracing.tracer,
    metrics,
    health,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    errorMappers: definition.errorMappers ?? [],
  });
  const extraClosers = (await definition.register?.(app, deps)) ?? [];

  exitGracefully({
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    closers: [
      () => app.close(),
      ...extraClosers,
      async () => deps.pool?.end(),
      async () => deps.redis?.quit().catch(() => deps.redis?.disconnect()),
      async () => health.stop(),
      () => tracing.shutdown(),
    ],
  });

  const address = await app.listen({ host: config.HOST, port: definition.port });
  logger.info({ url: address, version }, `${service} listening`);
  return { app, url: address, deps };
}

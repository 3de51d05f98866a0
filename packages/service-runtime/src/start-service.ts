import { createPool, migrateSchema, pingPostgres, runtimeRoleFor } from '@ai-service/db';
import { buildHttpApp, exitGracefully, registerSpecRoutes, type ErrorMapper, type OpenApiDocument, type OperationHandler } from '@ai-service/http';
import { createHealth, createLogger, createMetrics, initTracing, type DependencyCheck, type HttpMetrics, type Logger } from '@ai-service/observability';
import type { FastifyInstance } from 'fastify';
import { flushCompileCache } from 'node:module';
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

export type ServiceDeps = { logger: Logger; metrics: HttpMetrics; pool?: pg.Pool; redis?: Redis };

export type Closer = () => Promise<unknown>;

export type ServiceDefinition = {
  service: string;
  version: string;
  port: number;
  config: CommonConfig;
  database?: DatabaseSetup;
  /** The service's own OpenAPI document; its operations become the routes (see registerSpecRoutes). */
  spec?: OpenApiDocument;
  errorMappers?: ErrorMapper[];
  /** Extra readiness checks (e.g. upstream services for the gateway). */
  checks?: Record<string, DependencyCheck>;
  /** Builds the operation handlers and anything else the service runs; returns closers for shutdown. */
  register?: (app: FastifyInstance, deps: ServiceDeps) => Promise<RegisterResult> | RegisterResult;
};

export type RegisterResult = { handlers?: Record<string, OperationHandler>; closers?: Closer[] };

export type BuiltService = {
  app: FastifyInstance;
  deps: ServiceDeps;
  /** Applies migrations, then listens; resolves with the URL. */
  listen: () => Promise<string>;
  /** Closes the HTTP server first, then the service's own closers, then pools and telemetry. */
  close: () => Promise<void>;
};

/** Everything but the side effects on the outside world: routes can be inspected and injected. */
export async function buildService(definition: ServiceDefinition): Promise<BuiltService> {
  const { service, version, config, database } = definition;
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const tracing = initTracing({ service, version, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const metrics = createMetrics(service);
  const checks: Record<string, DependencyCheck> = { ...definition.checks };
  const deps: ServiceDeps = { logger, metrics };

  if (database) {
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

  const health = createHealth({ checks, maxEventLoopLagMs: config.HEALTH_MAX_EVENT_LOOP_LAG_MS, maxHeapRatio: config.HEALTH_MAX_HEAP_RATIO });
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
  const registered = (await definition.register?.(app, deps)) ?? {};
  if (definition.spec) registerSpecRoutes(app, definition.spec, registered.handlers ?? {});

  const closers: Closer[] = [
    () => app.close(),
    ...(registered.closers ?? []),
    async () => deps.pool?.end(),
    async () => deps.redis?.quit().catch(() => deps.redis?.disconnect()),
    async () => health.stop(),
    () => tracing.shutdown(),
  ];
  return {
    app,
    deps,
    listen: async () => {
      if (database?.migrationsFolder) {
        await migrateSchema({ ...database, migrationsFolder: database.migrationsFolder, log: (msg, details) => logger.info(details, msg) });
      }
      const url = await app.listen({ host: config.HOST, port: definition.port });
      logger.info({ url, version }, `${service} listening`);
      // With NODE_COMPILE_CACHE set (the launcher does), write the cache now rather than at shutdown.
      flushCompileCache();
      return url;
    },
    close: async () => {
      for (const close of closers) await close();
    },
  };
}

/** Boot sequence of every process: build, migrate, listen, and exit gracefully on SIGTERM/SIGINT. */
export async function startService(definition: ServiceDefinition): Promise<BuiltService> {
  const built = await buildService(definition);
  const { logger } = built.deps;
  exitGracefully({ logger, timeoutMs: definition.config.SHUTDOWN_TIMEOUT_MS, closers: [built.close] });
  await built.listen().catch((error: unknown) => {
    logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  });
  return built;
}

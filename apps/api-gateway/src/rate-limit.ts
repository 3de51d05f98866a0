import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';

export type RateLimitSettings = {
  /** Requests per window for one user (the verified token's subject). */
  perUser: number;
  /** Requests per window for one client address, with or without a token. */
  perIp: number;
  windowMs: number;
  /** Counters in Redis, shared by gateway replicas; without it each process counts in memory. */
  redisUrl?: string | undefined;
  onRedisError: (error: Error) => void;
};

export type RateLimitHooks = {
  /** onRequest: counts every API call by address, before the token is even looked at. */
  limitByIp: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** preHandler, after access control: counts calls by the verified user; public calls are not counted. */
  limitByUser: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  close: () => Promise<void>;
};

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type LimiterOptions = { name: string; max: number; windowMs: number; redis?: Redis | undefined; keyGenerator?: (request: FastifyRequest) => string };

class RateLimitExceeded extends Error {
  readonly statusCode = 429;
  readonly code = 'RATE_LIMITED';
}

/**
 * Two independent @fastify/rate-limit counters, each in its own plugin scope (own store, own Redis
 * key prefix): the plugin's route hooks allow only one limit per request, so the gateway calls the
 * limiters itself. Over the limit → 429 problem+json with Retry-After (seconds to the window's end).
 */
export async function registerRateLimits(app: FastifyInstance, settings: RateLimitSettings): Promise<RateLimitHooks> {
  const counters = settings.redisUrl ? redisCounters(settings.redisUrl, settings.onRedisError) : undefined;
  const common = { windowMs: settings.windowMs, redis: counters?.redis };
  const byIp = await createLimiter(app, { ...common, name: 'ip', max: settings.perIp });
  const byUser = await createLimiter(app, {
    ...common,
    name: 'user',
    max: settings.perUser,
    keyGenerator: (request) => request.identity?.userId ?? '',
  });
  return {
    limitByIp: async (request, reply) => {
      await counters?.connected();
      enforce(await byIp(request), reply);
    },
    limitByUser: async (request, reply) => {
      if (request.identity) enforce(await byUser(request), reply);
    },
    close: async () => {
      await counters?.redis.quit().catch(() => counters.redis.disconnect());
    },
  };
}

/**
 * The counters' own Redis connection, opened by the first call, which waits for it (at most the
 * connect timeout) so calls right after boot are counted too. Later, while Redis is unreachable,
 * calls fail fast (no offline queue) and are let through (skipOnError) as ioredis reconnects.
 */
function redisCounters(url: string, onError: (error: Error) => void): { redis: Redis; connected: () => Promise<void> } {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1_000 });
  redis.on('error', onError);
  let firstConnection: Promise<void> | undefined;
  return { redis, connected: () => (firstConnection ??= redis.connect().catch(() => undefined)) };
}

async function createLimiter(app: FastifyInstance, options: LimiterOptions): Promise<Limiter> {
  let limiter: Limiter | undefined;
  await app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: false,
      max: options.max,
      timeWindow: options.windowMs,
      ...(options.keyGenerator ? { keyGenerator: options.keyGenerator } : {}),
      ...(options.redis ? { redis: options.redis, nameSpace: `gateway-rate-limit:${options.name}:` } : {}),
      // Redis down: serve rather than fail every call; readiness reports Redis as failed meanwhile.
      skipOnError: true,
    });
    limiter = scope.createRateLimit();
  });
  if (!limiter) throw new Error(`rate limiter ${options.name} was not created`);
  return limiter;
}

function enforce(result: Awaited<ReturnType<Limiter>>, reply: FastifyReply): void {
  if (result.isAllowed) return;
  reply.header('x-ratelimit-limit', result.max);
  reply.header('x-ratelimit-remaining', result.remaining);
  reply.header('x-ratelimit-reset', result.ttlInSeconds);
  if (!result.isExceeded) return;
  reply.header('retry-after', result.ttlInSeconds);
  throw new RateLimitExceeded(`Too many requests; retry in ${result.ttlInSeconds} s.`);
}

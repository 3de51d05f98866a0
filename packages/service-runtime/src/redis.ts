import { Redis } from 'ioredis';

/** A Redis connection used for readiness; it never queues commands while disconnected. */
export function connectRedis(url: string, onError: (error: Error) => void): Redis {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
  redis.on('error', onError);
  return redis;
}

export async function pingRedis(redis: Redis): Promise<void> {
  if (redis.status === 'wait' || redis.status === 'end') await redis.connect();
  await redis.ping();
}

import { z } from 'zod';
import { aiEnv } from './ai.ts';
import { categorizationEnv } from './categorization.ts';
import { financialSyncEnv } from './financial.ts';
import { accessEnv, authEnv, gatewayEnv, serviceClientEnv, serviceSecretEnv } from './identity.ts';
import { outboxEnv, queueEnv, workerEnv } from './jobs.ts';
import { databaseEnv, httpEnv, launcherEnv, ports, redisEnv, runtimeEnv, testingEnv } from './parts.ts';
import { orderSagaEnv, sessionEnv, tradingEnv, tradingSecretsEnv } from './trading.ts';

const common = { ...runtimeEnv, ...httpEnv, ...redisEnv };
const withDatabase = { ...common, ...databaseEnv };

export const serviceConfigSchemas = {
  // The gateway reads the queues for the admin API: on Redis when REDIS_URL is set, else on Postgres.
  'api-gateway': z.object({
    ...common,
    ...accessEnv,
    ...gatewayEnv,
    ...queueEnv,
    DATABASE_URL: databaseEnv.DATABASE_URL.optional(),
    GATEWAY_PORT: ports.GATEWAY_PORT,
  }),
  'auth-svc': z.object({ ...withDatabase, ...authEnv, AUTH_SVC_PORT: ports.AUTH_SVC_PORT }),
  'financial-svc': z.object({ ...withDatabase, ...accessEnv, ...queueEnv, ...outboxEnv, ...financialSyncEnv, FINANCIAL_SVC_PORT: ports.FINANCIAL_SVC_PORT }),
  'trading-svc': z.object({ ...withDatabase, ...accessEnv, ...queueEnv, ...outboxEnv, ...tradingEnv, ...tradingSecretsEnv, TRADING_SVC_PORT: ports.TRADING_SVC_PORT }),
  'comm-svc': z.object({ ...withDatabase, ...accessEnv, ...queueEnv, ...outboxEnv, COMM_SVC_PORT: ports.COMM_SVC_PORT }),
  'ai-core': z
    .object({ ...withDatabase, ...accessEnv, ...queueEnv, ...outboxEnv, ...aiEnv, AI_CORE_PORT: ports.AI_CORE_PORT })
    .refine((env) => !env.AI_LLM_BASE_URL || env.AI_LLM_MODEL, { path: ['AI_LLM_MODEL'], message: 'is required when AI_LLM_BASE_URL is set' }),
  'worker-financial': z.object({
    ...withDatabase,
    ...queueEnv,
    ...workerEnv,
    ...serviceClientEnv,
    ...financialSyncEnv,
    ...categorizationEnv,
    WORKER_FINANCIAL_PORT: ports.WORKER_FINANCIAL_PORT,
  }),
  'worker-trading': z.object({ ...withDatabase, ...queueEnv, ...workerEnv, ...orderSagaEnv, ...sessionEnv, ...tradingSecretsEnv, WORKER_TRADING_PORT: ports.WORKER_TRADING_PORT }),
};

export type ServiceName = keyof typeof serviceConfigSchemas;
export type ServiceConfig<S extends ServiceName> = z.output<(typeof serviceConfigSchemas)[S]>;

export const launcherConfigSchema = z.object({
  ...runtimeEnv,
  ...redisEnv,
  ...launcherEnv,
  ...ports,
  AUTH_KEY_ENCRYPTION_KEY: authEnv.AUTH_KEY_ENCRYPTION_KEY.optional(),
  ...serviceSecretEnv,
  FINANCIAL_SECRETS_KEY: financialSyncEnv.FINANCIAL_SECRETS_KEY,
  TRADING_SECRETS_KEY: tradingSecretsEnv.TRADING_SECRETS_KEY,
});
export type LauncherConfig = z.output<typeof launcherConfigSchema>;

export const testingConfigSchema = z.object(testingEnv);
export type TestingConfig = z.output<typeof testingConfigSchema>;

/** Every schema whose variables `.env.template` must document. */
export const allConfigSchemas: Record<string, z.ZodObject> = {
  ...serviceConfigSchemas,
  launcher: launcherConfigSchema,
  testing: testingConfigSchema,
};

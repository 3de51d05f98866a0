import { z } from 'zod';
import { databaseEnv, httpEnv, launcherEnv, ports, redisEnv, runtimeEnv, testingEnv, type PortVariable } from './parts.ts';

const domainService = <P extends PortVariable>(portVariable: P) =>
  z.object({ ...runtimeEnv, ...httpEnv, ...databaseEnv, ...redisEnv, [portVariable]: ports[portVariable] } as {
    [K in keyof typeof runtimeEnv | keyof typeof httpEnv | keyof typeof databaseEnv | keyof typeof redisEnv]: (typeof runtimeEnv &
      typeof httpEnv &
      typeof databaseEnv &
      typeof redisEnv)[K];
  } & { [K in P]: (typeof ports)[P] });

export const serviceConfigSchemas = {
  'api-gateway': z.object({ ...runtimeEnv, ...httpEnv, ...redisEnv, GATEWAY_PORT: ports.GATEWAY_PORT }),
  'auth-svc': domainService('AUTH_SVC_PORT'),
  'financial-svc': domainService('FINANCIAL_SVC_PORT'),
  'trading-svc': domainService('TRADING_SVC_PORT'),
  'comm-svc': domainService('COMM_SVC_PORT'),
  'ai-core': domainService('AI_CORE_PORT'),
  'worker-financial': domainService('WORKER_FINANCIAL_PORT'),
  'worker-trading': domainService('WORKER_TRADING_PORT'),
};

export type ServiceName = keyof typeof serviceConfigSchemas;
export type ServiceConfig<S extends ServiceName> = z.output<(typeof serviceConfigSchemas)[S]>;

export const launcherConfigSchema = z.object({ ...runtimeEnv, ...redisEnv, ...launcherEnv, ...ports });
export type LauncherConfig = z.output<typeof launcherConfigSchema>;

export const testingConfigSchema = z.object(testingEnv);
export type TestingConfig = z.output<typeof testingConfigSchema>;

/** Every schema whose variables `.env.template` must document. */
export const allConfigSchemas: Record<string, z.ZodObject> = {
  ...serviceConfigSchemas,
  launcher: launcherConfigSchema,
  testing: testingConfigSchema,
};

import { accessErrorMapper, registerAccessControl, remoteTokenVerifier } from '@ai-service/access';
import type { ServiceConfig } from '@ai-service/config';
import { openapiSpecs } from '@ai-service/contracts';
import { outbox, type Clock } from '@ai-service/financial-domain';
import { startServiceRelay } from '@ai-service/outbox';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import { drizzle } from 'drizzle-orm/node-postgres';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };
import { startBankSync, type BankSyncOverrides } from './bank-sync.ts';
import { financialErrorMapper, registerRetryAfter } from './errors.ts';
import { financialHandlers } from './http/handlers.ts';
import { registerImportUploads } from './http/imports.ts';
import { rulesErrorMapper } from './http/rules.ts';

export type FinancialConfig = ServiceConfig<'financial-svc'>;

export type FinancialServiceOptions = {
  /** The time the rules read; tests pass their own. */
  clock?: Clock;
  /** Publish the outbox to the queues (on by default; tests that only read the outbox turn it off). */
  relay?: boolean;
  /** Bank sync's provider HTTP options and queue (tests: replay servers, a recording queue). */
  bankSync?: BankSyncOverrides;
};

export function defineService(config: FinancialConfig, { clock = () => new Date(), relay = true, bankSync: bankSyncOverrides }: FinancialServiceOptions = {}): ServiceDefinition {
  return {
    service: 'financial-svc',
    version: packageJson.version,
    port: config.FINANCIAL_SVC_PORT,
    config,
    spec: openapiSpecs['financial'],
    database: {
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      schema: 'financial',
      migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
    },
    errorMappers: [accessErrorMapper, financialErrorMapper, rulesErrorMapper],
    register: async (app, { pool, logger, metrics }) => {
      if (!pool) throw new Error('financial-svc runs with its database');
      // Every service checks the caller's token itself; the gateway's check is not trusted blindly.
      registerAccessControl(app, remoteTokenVerifier(config.AUTH_JWKS_URL));
      registerRetryAfter(app);
      await registerImportUploads(app);
      const bankSync = startBankSync(config, { logger, registry: metrics.registry }, bankSyncOverrides);
      const closers = [...(relay ? [startServiceRelay({ config, outbox, logger, registry: metrics.registry })] : []), bankSync.close];
      return { handlers: financialHandlers({ db: drizzle(pool), clock, bankSync: bankSync.deps, templateScheduler: bankSync.templateScheduler }), closers };
    },
  };
}

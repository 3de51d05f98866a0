import type { ServiceConfig } from '@ai-service/config';
import type { Database } from '@ai-service/db';
import type { KeyStore } from './keys/key-store.ts';

export type AuthConfig = ServiceConfig<'auth-svc'>;

/** The time every rule reads (lockout, expiry); tests inject their own. */
export type Clock = () => Date;

/** What every domain function gets: the database, configuration, time, keys and the trace. */
export type ServiceContext = {
  db: Database;
  config: AuthConfig;
  clock: Clock;
  keys: KeyStore;
  traceId: string | undefined;
};

/** A request by a signed-in user, scoped to their tenant. */
export type TenantContext = ServiceContext & { tenantId: string; actorId: string };

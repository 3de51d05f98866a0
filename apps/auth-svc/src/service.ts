import { accessErrorMapper, registerAccessControl } from '@ai-service/access';
import { openapiSpecs } from '@ai-service/contracts';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import { drizzle } from 'drizzle-orm/node-postgres';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };
import type { AuthConfig, Clock } from './context.ts';
import { authErrorMapper, registerRetryAfter } from './errors.ts';
import { authHandlers } from './http/handlers.ts';
import { createKeyStore, KEY_RELOAD_INTERVAL_MS } from './keys/key-store.ts';

export type AuthServiceOptions = {
  /** The time the rules read (lockout windows, token expiry); tests pass their own. */
  clock?: Clock;
};

export function defineService(config: AuthConfig, { clock = () => new Date() }: AuthServiceOptions = {}): ServiceDefinition {
  return {
    service: 'auth-svc',
    version: packageJson.version,
    port: config.AUTH_SVC_PORT,
    config,
    spec: openapiSpecs['auth'],
    database: {
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      schema: 'auth',
      migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
    },
    errorMappers: [accessErrorMapper, authErrorMapper],
    register: (app, { pool, logger }) => {
      if (!pool) throw new Error('auth-svc runs with its database');
      const db = drizzle(pool);
      const keys = createKeyStore({
        db,
        encryptionKey: Buffer.from(config.AUTH_KEY_ENCRYPTION_KEY, 'base64'),
        clock,
        accessTokenTtlSeconds: config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
      });
      // Admin operations are checked against auth-svc's own current keys, without an HTTP call to itself.
      registerAccessControl(app, keys.verify);
      registerRetryAfter(app);

      // Keys are created or loaded once migrations ran (listen → ready), then reloaded periodically.
      let reload: NodeJS.Timeout | undefined;
      app.addHook('onReady', async () => {
        await keys.refresh();
        reload = setInterval(() => keys.refresh().catch((error: unknown) => logger.warn({ err: error }, 'signing key refresh failed')), KEY_RELOAD_INTERVAL_MS);
        reload.unref();
      });
      return { handlers: authHandlers({ db, config, clock, keys }), closers: [async () => clearInterval(reload)] };
    },
  };
}

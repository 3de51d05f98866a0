import type { LauncherConfig } from '@ai-service/config';
import type { LocalSecretName } from './local-secrets.ts';
import { serviceUrls } from './endpoints.ts';
import { SERVICES } from './services.ts';

/** Where auth-svc publishes the keys that verify access tokens (packages/config's default path). */
const JWKS_PATH = '/v1/auth/.well-known/jwks.json';

export type SharedSettings = {
  databaseUrl: string;
  /** Generated or configured secrets (local-secrets.ts), passed to every service that reads them. */
  secrets: Record<LocalSecretName, string>;
  /** Node's on-disk compile cache (NODE_COMPILE_CACHE), shared by all services. */
  compileCacheDir: string;
};

/**
 * What every service process gets: the launcher's environment, the database and Redis URLs,
 * every service's port, and, unless set already, the URLs through which services reach each
 * other (derived from those ports, so moved ports stay consistent) and Node's compile cache.
 *
 * The compile cache (NODE_COMPILE_CACHE, in <DATA_DIR>/compile-cache): the nine processes load
 * largely the same modules; with a warm cache bench/startup measured the kept-folder start about
 * a quarter sooner and ~90 MB less PSS. Node writes new entries when a process exits, so the
 * very first shutdown takes a few seconds longer (calling module.flushCompileCache() once a
 * service listens would move that work out of the shutdown).
 */
export function serviceEnvironment(base: NodeJS.ProcessEnv, config: LauncherConfig, shared: SharedSettings): NodeJS.ProcessEnv {
  const urls = serviceUrls(config);
  const env: NodeJS.ProcessEnv = {
    ...base,
    DATABASE_URL: shared.databaseUrl,
    ...shared.secrets,
    HOST: config.HOST,
    LOG_LEVEL: config.LOG_LEVEL,
    NODE_ENV: config.NODE_ENV,
  };
  if (config.REDIS_URL !== undefined) env['REDIS_URL'] = config.REDIS_URL;
  for (const service of SERVICES) {
    env[service.portVariable] = String(config[service.portVariable]);
    if (service.urlVariable !== undefined) env[service.urlVariable] ||= urls[service.name];
  }
  env['AUTH_JWKS_URL'] ||= `${urls['auth-svc']}${JWKS_PATH}`;
  env['NODE_COMPILE_CACHE'] ||= shared.compileCacheDir;
  return env;
}

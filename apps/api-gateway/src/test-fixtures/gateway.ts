import { serviceConfigSchemas, type ServiceConfig } from '@ai-service/config';
import { buildService, type BuiltService } from '@ai-service/service-runtime';
import { freePort } from '@ai-service/testing';
import { defineGateway, type GatewayOptions } from '../service.ts';

export type RunningGateway = BuiltService & { url: string };

/** Every upstream points at a port nobody listens on unless the test says otherwise. */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** Gateway configuration as main.ts would parse it from `env`; unset upstreams point at closed ports. */
export async function gatewayConfig(env: Record<string, string> = {}): Promise<ServiceConfig<'api-gateway'>> {
  const defaults: Record<string, string> = { LOG_LEVEL: 'silent', GATEWAY_PORT: String(await freePort()), WEB_DIST_DIR: '/nonexistent-web-dist' };
  for (const variable of ['AUTH_SVC_URL', 'FINANCIAL_SVC_URL', 'TRADING_SVC_URL', 'COMM_SVC_URL', 'AI_CORE_URL', 'WORKER_FINANCIAL_URL', 'WORKER_TRADING_URL', 'AUTH_JWKS_URL']) {
    defaults[variable] = await closedPortUrl();
  }
  return serviceConfigSchemas['api-gateway'].parse({ ...defaults, ...env });
}

/** The gateway in this process, listening on a free port. */
export async function startGateway(env: Record<string, string>, options: GatewayOptions = {}): Promise<RunningGateway> {
  const built = await buildService(defineGateway(await gatewayConfig(env), options));
  const url = await built.listen();
  return { ...built, url };
}

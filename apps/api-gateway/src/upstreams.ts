import type { ServiceConfig } from '@ai-service/config';

/** A process behind the gateway: where it listens, for proxying, discovery and readiness. */
export type Upstream = { name: string; url: string };

export type GatewayConfig = ServiceConfig<'api-gateway'>;

/**
 * Which service owns each public path prefix: `/v1/<domain>/...` goes to `DOMAIN_OWNERS[domain]`.
 * A domain spec that gains operations is served through the gateway with no code change; a new
 * domain needs one line here (and boot fails until it has one, rather than serving 404s).
 */
export const DOMAIN_OWNERS: Readonly<Record<string, string>> = {
  auth: 'auth-svc',
  financial: 'financial-svc',
  trading: 'trading-svc',
  comm: 'comm-svc',
  ai: 'ai-core',
};

/** Every process the gateway knows: the domain services it proxies to, and the workers it only watches. */
export function upstreamsFrom(config: GatewayConfig): Upstream[] {
  return [
    { name: 'auth-svc', url: config.AUTH_SVC_URL },
    { name: 'financial-svc', url: config.FINANCIAL_SVC_URL },
    { name: 'trading-svc', url: config.TRADING_SVC_URL },
    { name: 'comm-svc', url: config.COMM_SVC_URL },
    { name: 'ai-core', url: config.AI_CORE_URL },
    { name: 'worker-financial', url: config.WORKER_FINANCIAL_URL },
    { name: 'worker-trading', url: config.WORKER_TRADING_URL },
  ].map((upstream) => ({ ...upstream, url: upstream.url.replace(/\/+$/, '') }));
}

/** `/v1/financial/accounts/{id}` → `financial`; undefined for paths outside `/v1/<domain>/`. */
export function domainOf(path: string): string | undefined {
  return /^\/v1\/([^/]+)\//.exec(path)?.[1];
}

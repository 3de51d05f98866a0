import type { PortVariable, ServiceName } from '@ai-service/config';

export type ServiceDefinition = {
  name: ServiceName;
  /** Environment variable holding the service's port. */
  portVariable: PortVariable;
  /** Services that must answer /health/ready before this one starts (Postgres comes first anyway). */
  dependsOn: readonly ServiceName[];
  /** Variable through which other services (the gateway) find this one's base URL. */
  urlVariable?: string;
};

const DOMAIN_SERVICES: readonly ServiceDefinition[] = [
  { name: 'auth-svc', portVariable: 'AUTH_SVC_PORT', urlVariable: 'AUTH_SVC_URL', dependsOn: [] },
  { name: 'financial-svc', portVariable: 'FINANCIAL_SVC_PORT', urlVariable: 'FINANCIAL_SVC_URL', dependsOn: [] },
  { name: 'trading-svc', portVariable: 'TRADING_SVC_PORT', urlVariable: 'TRADING_SVC_URL', dependsOn: [] },
  { name: 'comm-svc', portVariable: 'COMM_SVC_PORT', urlVariable: 'COMM_SVC_URL', dependsOn: [] },
  { name: 'ai-core', portVariable: 'AI_CORE_PORT', urlVariable: 'AI_CORE_URL', dependsOn: [] },
];

const WORKERS: readonly ServiceDefinition[] = [
  { name: 'worker-financial', portVariable: 'WORKER_FINANCIAL_PORT', urlVariable: 'WORKER_FINANCIAL_URL', dependsOn: ['financial-svc'] },
  { name: 'worker-trading', portVariable: 'WORKER_TRADING_PORT', urlVariable: 'WORKER_TRADING_URL', dependsOn: ['trading-svc'] },
];

const GATEWAY: ServiceDefinition = {
  name: 'api-gateway',
  portVariable: 'GATEWAY_PORT',
  dependsOn: [...DOMAIN_SERVICES, ...WORKERS].map((service) => service.name),
};

/** Every process of the platform. */
export const SERVICES: readonly ServiceDefinition[] = [...DOMAIN_SERVICES, ...WORKERS, GATEWAY];

/**
 * Groups services into waves: each wave only depends on earlier waves, so a wave can start in
 * parallel once the previous one is ready. Throws on unknown dependencies and cycles.
 */
export function startupWaves<S extends { name: string; dependsOn: readonly string[] }>(services: readonly S[]): S[][] {
  assertKnownDependencies(services);
  const waves: S[][] = [];
  const started = new Set<string>();
  let waiting = [...services];
  while (waiting.length > 0) {
    const wave = waiting.filter((service) => service.dependsOn.every((dependency) => started.has(dependency)));
    if (wave.length === 0) {
      throw new Error(`Dependency cycle between: ${waiting.map((service) => service.name).join(', ')}`);
    }
    waves.push(wave);
    for (const service of wave) started.add(service.name);
    waiting = waiting.filter((service) => !wave.includes(service));
  }
  return waves;
}

/** Shutdown runs the startup waves backwards: dependants stop before what they depend on. */
export function shutdownWaves<S extends { name: string; dependsOn: readonly string[] }>(services: readonly S[]): S[][] {
  return startupWaves(services).reverse();
}

function assertKnownDependencies(services: readonly { name: string; dependsOn: readonly string[] }[]): void {
  const names = new Set(services.map((service) => service.name));
  for (const service of services) {
    const unknown = service.dependsOn.filter((dependency) => !names.has(dependency));
    if (unknown.length > 0) throw new Error(`${service.name} depends on unknown service(s): ${unknown.join(', ')}`);
  }
}

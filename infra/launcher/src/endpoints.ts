import type { LauncherConfig, ServiceName } from '@ai-service/config';
import { SERVICES } from './services.ts';

/** Where to reach a server bound to `host`: wildcard binds are reached on loopback. */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}

export function httpBaseUrl(host: string, port: number): string {
  const reachable = reachableHost(host);
  return `http://${reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable}:${port}`;
}

export type PortSettings = Pick<LauncherConfig, 'HOST' | (typeof SERVICES)[number]['portVariable']>;

/** Base URL of every service under the given configuration. */
export function serviceUrls(config: PortSettings): Record<ServiceName, string> {
  return Object.fromEntries(
    SERVICES.map((service) => [service.name, httpBaseUrl(config.HOST, config[service.portVariable])]),
  ) as Record<ServiceName, string>;
}

/** The URL with its password replaced by `***`, for printing. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

import { formatUptime } from './durations.ts';
import type { DependencyCheck, ServiceHealth } from './health-client.ts';
import { renderTable } from './text-table.ts';

export type ServiceStatus = { name: string; url: string; health: ServiceHealth };

type Paint = (style: 'green' | 'red' | 'yellow' | 'dim', text: string) => string;

export function renderStatusTable(statuses: readonly ServiceStatus[], paint: Paint): string {
  return renderTable(
    ['SERVICE', 'URL', 'LIVE', 'READY', 'VERSION', 'UPTIME', 'DEPENDENCIES'],
    statuses.map(({ name, url, health }) =>
      health.reachable
        ? [
            name,
            url,
            health.live ? paint('green', 'live') : paint('red', 'unhealthy'),
            health.ready ? paint('green', 'ready') : paint('red', 'not ready'),
            health.version ?? '-',
            health.uptimeSeconds === undefined ? '-' : formatUptime(health.uptimeSeconds),
            describeDependencies(health.dependencies, paint),
          ]
        : [name, url, paint('red', 'down'), paint('red', 'not ready'), '-', '-', paint('dim', health.error)],
    ),
  );
}

export function summaryLine(statuses: readonly ServiceStatus[]): string {
  const ready = statuses.filter(({ health }) => health.reachable && health.ready).length;
  return `${ready}/${statuses.length} services ready`;
}

export function allReady(statuses: readonly ServiceStatus[]): boolean {
  return statuses.every(({ health }) => health.reachable && health.ready);
}

/** `postgres ok 1.2ms, redis FAILED 2000ms (no answer within 2000 ms)`. */
function describeDependencies(dependencies: Record<string, DependencyCheck>, paint: Paint): string {
  const entries = Object.entries(dependencies);
  if (entries.length === 0) return paint('dim', 'none');
  return entries
    .map(([name, check]) => {
      const latency = Number.isNaN(check.latencyMs) ? '' : ` ${check.latencyMs}ms`;
      const state = check.ok ? paint('green', 'ok') : paint('red', 'FAILED');
      return `${name} ${state}${latency}${check.error === undefined ? '' : ` (${check.error})`}`;
    })
    .join(', ');
}

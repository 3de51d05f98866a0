import type { GatewayComponents } from '@ai-service/contracts';
import type { DependencyCheck } from '@ai-service/observability';
import type { Upstream } from './upstreams.ts';

export type ServiceInfo = GatewayComponents['schemas']['ServiceInfo'];

/**
 * The gateway's readiness asks every service's own `/health/ready`. The launcher probes the gateway
 * with a 1 s budget and the services are asked in parallel, so each answer must come well within it.
 */
const READINESS_PROBE_TIMEOUT_MS = 800;
/** `/health` runs the service's own dependency checks (up to 2 s each), so discovery waits longer. */
const HEALTH_PROBE_TIMEOUT_MS = 3_000;

type HealthReport = {
  version?: unknown;
  uptimeSeconds?: unknown;
  status?: unknown;
  dependencies?: ServiceInfo['dependencies'];
};

/** One readiness check per service, named after it: `/health/ready` of the gateway aggregates them. */
export function upstreamReadinessChecks(upstreams: Upstream[]): Record<string, DependencyCheck> {
  return Object.fromEntries(
    upstreams.map((upstream) => [
      upstream.name,
      async () => {
        const response = await probe(`${upstream.url}/health/ready`, READINESS_PROBE_TIMEOUT_MS);
        await response.body?.cancel();
        if (response.status !== 200) throw new Error(`not ready (HTTP ${response.status})`);
      },
    ]),
  );
}

/** Service discovery (`GET /v1/services`): each service's URL, version, uptime, readiness and dependencies. */
export async function discoverServices(upstreams: Upstream[]): Promise<ServiceInfo[]> {
  return Promise.all(
    upstreams.map(async (upstream): Promise<ServiceInfo> => {
      try {
        const response = await probe(`${upstream.url}/health`, HEALTH_PROBE_TIMEOUT_MS);
        const report = (await response.json()) as HealthReport;
        return {
          name: upstream.name,
          url: upstream.url,
          ready: response.ok && report.status === 'ok',
          version: typeof report.version === 'string' ? report.version : null,
          uptimeSeconds: typeof report.uptimeSeconds === 'number' ? report.uptimeSeconds : null,
          dependencies: report.dependencies ?? {},
          ...(response.ok ? {} : { error: `HTTP ${response.status}` }),
        };
      } catch (error) {
        return { name: upstream.name, url: upstream.url, ready: false, version: null, uptimeSeconds: null, error: describeFailure(error) };
      }
    }),
  );
}

async function probe(url: string, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new Error(describeFailure(error), { cause: error });
  }
}

/** `fetch failed` says nothing; the socket error code (ECONNREFUSED, ...) or the timeout does. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer in time';
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return `unreachable (${code})`;
  return error.message;
}

/** What `npm run status` learns from one service's /health and /health/ready. */
export type DependencyCheck = { ok: boolean; latencyMs: number; error?: string };

export type ServiceHealth =
  | { reachable: false; error: string }
  | {
      reachable: true;
      live: boolean;
      ready: boolean;
      version: string | undefined;
      uptimeSeconds: number | undefined;
      dependencies: Record<string, DependencyCheck>;
    };

type Answer = { status: number; body: Record<string, unknown> };

export async function fetchServiceHealth(baseUrl: string, timeoutMs = 3_000): Promise<ServiceHealth> {
  const [health, ready] = await Promise.allSettled([getJson(`${baseUrl}/health`, timeoutMs), getJson(`${baseUrl}/health/ready`, timeoutMs)]);
  if (health.status === 'rejected' && ready.status === 'rejected') return { reachable: false, error: describe(health.reason) };
  const healthBody = health.status === 'fulfilled' ? health.value.body : {};
  const readyAnswer = ready.status === 'fulfilled' ? ready.value : undefined;
  return {
    reachable: true,
    live: health.status === 'fulfilled' && health.value.status === 200 && (asRecord(healthBody['live'])?.['ok'] ?? true) === true,
    ready: readyAnswer?.status === 200,
    version: typeof healthBody['version'] === 'string' ? healthBody['version'] : undefined,
    uptimeSeconds: typeof healthBody['uptimeSeconds'] === 'number' ? healthBody['uptimeSeconds'] : undefined,
    // The readiness answer is the fresher of the two; /health carries the same checks.
    dependencies: dependencyChecks(readyAnswer?.body['checks'] ?? healthBody['dependencies']),
  };
}

async function getJson(url: string, timeoutMs: number): Promise<Answer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = asRecord(JSON.parse(text)) ?? {};
  } catch {
    // not JSON: status code only
  }
  return { status: response.status, body };
}

function dependencyChecks(value: unknown): Record<string, DependencyCheck> {
  const checks: Record<string, DependencyCheck> = {};
  for (const [name, raw] of Object.entries(asRecord(value) ?? {})) {
    const check = asRecord(raw);
    if (check === undefined || typeof check['ok'] !== 'boolean') continue;
    checks[name] = {
      ok: check['ok'],
      latencyMs: typeof check['latencyMs'] === 'number' ? check['latencyMs'] : Number.NaN,
      ...(typeof check['error'] === 'string' ? { error: check['error'] } : {}),
    };
  }
  return checks;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error.cause as { code?: string } | undefined)?.code;
    if (code !== undefined) return code === 'ECONNREFUSED' ? 'not running (connection refused)' : code;
    return error.name === 'TimeoutError' ? 'no answer (timeout)' : error.message;
  }
  return String(error);
}

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ServiceInfo } from './discovery.ts';
import { startGateway, type RunningGateway } from './test-fixtures/gateway.ts';
import { createTokenIssuer, serveJwks, type TokenIssuer } from '@ai-service/testing';
import { startUpstream, type UpstreamServer } from './test-fixtures/upstream-server.ts';

const URL_VARIABLES = {
  'auth-svc': 'AUTH_SVC_URL',
  'financial-svc': 'FINANCIAL_SVC_URL',
  'trading-svc': 'TRADING_SVC_URL',
  'comm-svc': 'COMM_SVC_URL',
  'ai-core': 'AI_CORE_URL',
  'worker-financial': 'WORKER_FINANCIAL_URL',
  'worker-trading': 'WORKER_TRADING_URL',
} as const;
type Name = keyof typeof URL_VARIABLES;

let issuer: TokenIssuer;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
const services = new Map<Name, UpstreamServer>();
/** Services answering /health/ready with 503 (up, but e.g. without their database). */
const notReady = new Set<Name>();

/** A stand-in for a kit service: `/health` and `/health/ready` as every process serves them. */
function kitService(name: Name) {
  return startUpstream((request, response) => {
    const ready = !notReady.has(name);
    if (request.url === '/health/ready') {
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ready ? 'ready' : 'not ready', failed: ready ? [] : ['postgres'], checks: {} }));
      return;
    }
    const dependencies = { postgres: ready ? { ok: true, latencyMs: 1.2 } : { ok: false, latencyMs: 2000, error: 'no answer within 2000 ms' } };
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ service: name, version: '1.2.3', uptimeSeconds: 42, status: ready ? 'ok' : 'degraded', live: {}, dependencies }));
  });
}

before(async () => {
  issuer = await createTokenIssuer();
  jwks = await serveJwks([issuer]);
  for (const name of Object.keys(URL_VARIABLES) as Name[]) services.set(name, await kitService(name));
});

after(async () => {
  for (const service of services.values()) await service.close();
  await jwks.close();
});

async function gatewayTo(names: Name[]): Promise<RunningGateway> {
  const env: Record<string, string> = { AUTH_JWKS_URL: jwks.url };
  for (const name of names) env[URL_VARIABLES[name]] = services.get(name)!.url;
  return startGateway(env);
}

test('/health/ready is 200 when every service is ready, with one check per service', async () => {
  const gateway = await gatewayTo(Object.keys(URL_VARIABLES) as Name[]);
  try {
    const response = await fetch(`${gateway.url}/health/ready`);
    const body = (await response.json()) as { status: string; failed: string[]; checks: Record<string, { ok: boolean }> };
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(body.status, 'ready');
    assert.deepEqual(Object.keys(body.checks).sort(), Object.keys(URL_VARIABLES).sort());
  } finally {
    await gateway.close();
  }
});

test('/health/ready is 503 naming each service that is down or not ready; /health/live stays 200', async () => {
  notReady.add('comm-svc');
  const gateway = await gatewayTo(['auth-svc', 'financial-svc', 'trading-svc', 'comm-svc', 'worker-financial', 'worker-trading']);
  try {
    const response = await fetch(`${gateway.url}/health/ready`);
    const body = (await response.json()) as { status: string; failed: string[]; checks: Record<string, { ok: boolean; error?: string }> };
    assert.equal(response.status, 503);
    assert.deepEqual(body.failed.sort(), ['ai-core', 'comm-svc']);
    assert.match(body.checks['ai-core']?.error ?? '', /ECONNREFUSED/);
    assert.match(body.checks['comm-svc']?.error ?? '', /503/);
    assert.equal((await fetch(`${gateway.url}/health/live`)).status, 200);
  } finally {
    notReady.delete('comm-svc');
    await gateway.close();
  }
});

test('GET /v1/services lists every service with URL, version, uptime, readiness and dependencies (admin:system)', async () => {
  notReady.add('trading-svc');
  const gateway = await gatewayTo(['auth-svc', 'financial-svc', 'trading-svc', 'comm-svc', 'ai-core', 'worker-financial']);
  try {
    const admin = await issuer.sign({ perms: ['admin:system'] });
    const response = await fetch(`${gateway.url}/v1/services`, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(response.status, 200);
    const listed = (await response.json()) as ServiceInfo[];
    const byName = new Map(listed.map((service) => [service.name, service]));
    assert.deepEqual([...byName.keys()].sort(), Object.keys(URL_VARIABLES).sort());

    const auth = byName.get('auth-svc')!;
    assert.deepEqual(
      { url: auth.url, ready: auth.ready, version: auth.version, uptimeSeconds: auth.uptimeSeconds, postgres: auth.dependencies?.['postgres']?.ok },
      { url: services.get('auth-svc')!.url, ready: true, version: '1.2.3', uptimeSeconds: 42, postgres: true },
    );
    assert.equal(byName.get('trading-svc')!.ready, false, 'degraded');
    assert.equal(byName.get('trading-svc')!.dependencies?.['postgres']?.ok, false);
    const worker = byName.get('worker-trading')!;
    assert.equal(worker.ready, false);
    assert.equal(worker.version, null);
    assert.match(worker.error ?? '', /ECONNREFUSED/);
  } finally {
    notReady.delete('trading-svc');
    await gateway.close();
  }
});

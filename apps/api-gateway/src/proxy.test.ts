import assert from 'node:assert/strict';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { closedPortUrl, startGateway, type RunningGateway } from './test-fixtures/gateway.ts';
import { createTokenIssuer, serveJwks, type TokenIssuer } from '@ai-service/testing';
import { echo, startUpstream, type UpstreamServer } from './test-fixtures/upstream-server.ts';

const TIMEOUT_MS = 700;

let issuer: TokenIssuer;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
let authSvc: UpstreamServer;
let gateway: RunningGateway;
/** What auth-svc does with the next requests; the echo unless a test says otherwise. */
let behaviour: 'echo' | 'slow' | 'created' = 'echo';

before(async () => {
  issuer = await createTokenIssuer();
  jwks = await serveJwks([issuer]);
  authSvc = await startUpstream(async (request, response) => {
    if (behaviour === 'slow') await sleep(TIMEOUT_MS * 3);
    if (behaviour === 'created') {
      response.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'created', 'cache-control': 'no-store' }).end('{"created" : true}');
      return;
    }
    echo(request, response);
  });
  gateway = await startGateway({ AUTH_JWKS_URL: jwks.url, AUTH_SVC_URL: authSvc.url, UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) });
});

after(async () => {
  await gateway.close();
  await authSvc.close();
  await jwks.close();
});

type Echoed = { method: string; url: string; headers: Record<string, string>; body: string };

async function forward(path: string, init: RequestInit = {}): Promise<{ response: Response; echoed: Echoed }> {
  const response = await fetch(`${gateway.url}${path}`, init);
  assert.equal(response.status, 200, await response.clone().text());
  return { response, echoed: (await response.json()) as Echoed };
}

test('the body reaches the service byte for byte, whatever its type (never re-serialized)', async () => {
  const json = '{ "email" :"a@b.c",\n  "password": "x",   "n": 1.50 }';
  const { echoed } = await forward('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: json });
  assert.equal(Buffer.from(echoed.body, 'base64').toString(), json);
  assert.equal(echoed.headers['content-type'], 'application/json');

  const binary = Buffer.from(Array.from({ length: 70_000 }, (_, index) => index % 256));
  const multipart = await forward('/v1/auth/register', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: binary });
  assert.deepEqual(Buffer.from(multipart.echoed.body, 'base64'), binary);

  const untyped = await forward('/v1/auth/logout', { method: 'POST', body: new Uint8Array([0, 1, 2, 255]) });
  assert.deepEqual([...Buffer.from(untyped.echoed.body, 'base64')], [0, 1, 2, 255]);
});

test('a client that waits for 100 Continue (curl with a large body) is forwarded too', async () => {
  const body = Buffer.alloc(200_000, 'x');
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const outgoing = request(`${gateway.url}/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': body.length, expect: '100-continue' },
    });
    outgoing.on('continue', () => outgoing.end(body));
    outgoing.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    outgoing.on('error', reject);
  });
  assert.equal(status, 200, text);
  assert.equal(Buffer.from((JSON.parse(text) as Echoed).body, 'base64').length, body.length);
});

test('even invalid JSON is forwarded as is: the service validates, not the gateway', async () => {
  const { echoed } = await forward('/v1/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"refreshToken":' });
  assert.equal(Buffer.from(echoed.body, 'base64').toString(), '{"refreshToken":');
});

test('path, path parameters and query string are forwarded unchanged', async () => {
  const token = await issuer.sign({ perms: ['admin:users'] });
  const { echoed } = await forward('/v1/auth/users/0b0e5f2a-4a3e-4c7e-9f59-6f0b3c1d2e4f/roles/admin?dry=1&x=%20y', {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(echoed.method, 'PUT');
  assert.equal(echoed.url, '/v1/auth/users/0b0e5f2a-4a3e-4c7e-9f59-6f0b3c1d2e4f/roles/admin?dry=1&x=%20y');
});

test('identity look-alike headers from the client never reach the service; Authorization does, unchanged', async () => {
  const token = await issuer.sign();
  const { echoed } = await forward('/v1/auth/me', {
    headers: {
      authorization: `Bearer ${token}`,
      'x-user-id': 'admin',
      'x-tenant-id': 'other-tenant',
      'x-user-roles': 'owner',
      'x-forwarded-user': 'root',
      'x-forwarded-for': '6.6.6.6',
      'x-custom': 'kept',
    },
  });
  for (const name of ['x-user-id', 'x-tenant-id', 'x-user-roles', 'x-forwarded-user']) assert.equal(echoed.headers[name], undefined, name);
  assert.equal(echoed.headers['authorization'], `Bearer ${token}`);
  assert.equal(echoed.headers['x-forwarded-for'], '127.0.0.1', 'the gateway states the address it saw');
  assert.equal(echoed.headers['x-custom'], 'kept');
});

test('the request id and the trace id travel to the service', async () => {
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const { response, echoed } = await forward('/v1/auth/.well-known/jwks.json', {
    headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01`, 'x-request-id': 'req-gw-1' },
  });
  assert.equal(response.headers.get('x-request-id'), 'req-gw-1');
  assert.equal(echoed.headers['x-request-id'], 'req-gw-1');
  const [version, forwardedTraceId, parentSpanId] = (echoed.headers['traceparent'] ?? '').split('-');
  assert.equal(version, '00');
  assert.equal(forwardedTraceId, traceId, 'same trace');
  assert.notEqual(parentSpanId, 'b7ad6b7169203331', "the service's parent is the gateway's span");

  const started = await forward('/v1/auth/.well-known/jwks.json');
  assert.match(started.echoed.headers['traceparent'] ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/, 'a trace starts at the gateway when the client sent none');
  assert.ok(started.echoed.headers['x-request-id'], 'a request id is generated');
});

test("the service's status, headers and body come back as they are", async () => {
  behaviour = 'created';
  try {
    const response = await fetch(`${gateway.url}/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('x-upstream'), 'created');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(await response.text(), '{"created" : true}');
  } finally {
    behaviour = 'echo';
  }
});

test('a service slower than UPSTREAM_TIMEOUT_MS → 504 problem+json', async () => {
  behaviour = 'slow';
  try {
    const response = await fetch(`${gateway.url}/v1/auth/.well-known/jwks.json`);
    assert.equal(response.status, 504);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body['code'], 'UPSTREAM_TIMEOUT');
    assert.match(String(body['detail']), /auth-svc/);
  } finally {
    behaviour = 'echo';
  }
  assert.equal((await fetch(`${gateway.url}/v1/auth/.well-known/jwks.json`)).status, 200, 'the next call is served again');
});

test('a service that is down → 503 problem+json within the timeout; the gateway stays live', async () => {
  const down = await startGateway({ AUTH_SVC_URL: await closedPortUrl(), UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) });
  try {
    const started = Date.now();
    const response = await fetch(`${down.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const elapsed = Date.now() - started;
    assert.equal(response.status, 503);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body['code'], 'UPSTREAM_UNAVAILABLE');
    assert.ok(elapsed < TIMEOUT_MS + 1_000, `answered after ${elapsed} ms`);
    const live = await fetch(`${down.url}/health/live`);
    assert.equal(live.status, 200);
  } finally {
    await down.close();
  }
});

test('a service that stops while the gateway runs → 503, and is served again when it is back', async () => {
  const flaky = await startUpstream();
  const port = new URL(flaky.url).port;
  const gatewayToFlaky = await startGateway({ AUTH_SVC_URL: flaky.url, UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) });
  try {
    assert.equal((await fetch(`${gatewayToFlaky.url}/v1/auth/.well-known/jwks.json`)).status, 200);
    await flaky.close();
    assert.equal((await fetch(`${gatewayToFlaky.url}/v1/auth/.well-known/jwks.json`)).status, 503);
    assert.equal((await fetch(`${gatewayToFlaky.url}/health/live`)).status, 200);
    const back = await startUpstream(echo, Number(port));
    try {
      assert.equal((await fetch(`${gatewayToFlaky.url}/v1/auth/.well-known/jwks.json`)).status, 200);
    } finally {
      await back.close();
    }
  } finally {
    await gatewayToFlaky.close();
  }
});

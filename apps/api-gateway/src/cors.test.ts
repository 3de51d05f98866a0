import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startGateway, type RunningGateway } from './test-fixtures/gateway.ts';
import { startUpstream, type UpstreamServer } from './test-fixtures/upstream-server.ts';

const LISTED = 'https://app.example.org';

let authSvc: UpstreamServer;
let gateway: RunningGateway;

before(async () => {
  authSvc = await startUpstream();
  gateway = await startGateway({ AUTH_SVC_URL: authSvc.url, CORS_ORIGINS: `${LISTED}/, http://localhost:5173` });
});

after(async () => {
  await gateway.close();
  await authSvc.close();
});

const preflight = (origin: string, path = '/v1/auth/me') =>
  fetch(`${gateway.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization, content-type' },
  });

test('a preflight from a listed origin is allowed with the methods and headers the API needs', async () => {
  const response = await preflight(LISTED);
  assert.equal(response.status, 204);
  assert.equal(response.headers.get('access-control-allow-origin'), LISTED);
  assert.match(response.headers.get('access-control-allow-methods') ?? '', /GET/);
  assert.match(response.headers.get('access-control-allow-methods') ?? '', /DELETE/);
  assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/);
  assert.equal(response.headers.get('access-control-allow-credentials'), null, 'tokens are headers, not cookies');
  assert.equal(authSvc.received.length, 0, 'preflights are answered by the gateway');
});

test('a preflight from another origin is refused: no CORS headers', async () => {
  for (const origin of ['https://evil.example.com', 'https://app.example.org.evil.com', 'null']) {
    const response = await preflight(origin);
    assert.notEqual(response.status, 204, origin);
    assert.equal(response.headers.get('access-control-allow-origin'), null, origin);
    assert.equal(response.headers.get('access-control-allow-methods'), null, origin);
  }
});

test('actual responses, errors included, carry the CORS headers for a listed origin only', async () => {
  const allowed = await fetch(`${gateway.url}/v1/auth/me`, { headers: { origin: 'http://localhost:5173' } });
  assert.equal(allowed.status, 401);
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  assert.match(allowed.headers.get('access-control-expose-headers') ?? '', /retry-after/);

  const other = await fetch(`${gateway.url}/v1/auth/login`, { method: 'POST', headers: { origin: 'https://evil.example.com', 'content-type': 'application/json' }, body: '{}' });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
});

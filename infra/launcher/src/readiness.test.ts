import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { probeReadiness, ReadinessTimeoutError, waitUntilReady } from './readiness.ts';

let server: Server;
let baseUrl: string;
let answersBeforeReady = 0;

before(async () => {
  server = createServer((request, response) => {
    const ready = request.url === '/health/ready' && answersBeforeReady-- <= 0;
    response.writeHead(ready ? 200 : 503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a probe reports 200 as ready and anything else with its status', async () => {
  answersBeforeReady = 1;
  assert.deepEqual(await probeReadiness(baseUrl), { ready: false, detail: `GET ${baseUrl}/health/ready answered 503` });
  assert.equal((await probeReadiness(baseUrl)).ready, true);
});

test('a probe of a closed port says why instead of throwing', async () => {
  const probe = await probeReadiness('http://127.0.0.1:1');
  assert.equal(probe.ready, false);
  assert.match(probe.detail, /failed: ECONNREFUSED/);
});

test('waiting polls until the service answers 200', async () => {
  answersBeforeReady = 3;
  await waitUntilReady({ service: 'comm-svc', baseUrl, timeoutMs: 5_000, intervalMs: 10 });
  assert.ok(answersBeforeReady < 0);
});

test('a wait that times out names the service and its last answer', async () => {
  answersBeforeReady = Number.POSITIVE_INFINITY;
  await assert.rejects(waitUntilReady({ service: 'ai-core', baseUrl, timeoutMs: 300, intervalMs: 20 }), (error: unknown) => {
    assert.ok(error instanceof ReadinessTimeoutError);
    assert.equal(error.service, 'ai-core');
    assert.match(error.message, /^ai-core did not become ready within 300ms \(last check: GET .* answered 503\)$/);
    return true;
  });
});

test('aborting stops the wait', async () => {
  answersBeforeReady = Number.POSITIVE_INFINITY;
  const stop = new AbortController();
  setTimeout(() => stop.abort(new Error('stop requested')), 50);
  await assert.rejects(waitUntilReady({ service: 'auth-svc', baseUrl, timeoutMs: 5_000, signal: stop.signal }), /stop requested/);
});

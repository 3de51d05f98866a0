import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startGateway, type RunningGateway } from './test-fixtures/gateway.ts';

const INDEX = '<!doctype html><title>ai-service</title><script type="module" src="/assets/app-3f2a.js"></script>';

let dist: string;
let gateway: RunningGateway;

before(async () => {
  dist = await mkdtemp(join(tmpdir(), 'gateway-web-'));
  await mkdir(join(dist, 'assets'));
  await writeFile(join(dist, 'index.html'), INDEX);
  await writeFile(join(dist, 'assets', 'app-3f2a.js'), 'console.log("app")');
  await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(dist, '.env'), 'SECRET=1');
  gateway = await startGateway({ WEB_DIST_DIR: dist });
});

after(async () => {
  await gateway.close();
  await rm(dist, { recursive: true, force: true });
});

test('/ serves the web app; its files are served as they are', async () => {
  const index = await fetch(`${gateway.url}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type') ?? '', /text\/html/);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.equal(await index.text(), INDEX);

  const script = await fetch(`${gateway.url}/assets/app-3f2a.js`);
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type') ?? '', /javascript/);
  assert.match(script.headers.get('cache-control') ?? '', /immutable/);
  assert.equal((await fetch(`${gateway.url}/favicon.svg`)).headers.get('content-type')?.startsWith('image/svg+xml'), true);
});

test('client-side routes fall back to index.html; API, health and docs paths never do', async () => {
  for (const path of ['/transactions', '/settings/profile?tab=2']) {
    const response = await fetch(`${gateway.url}${path}`);
    assert.equal(response.status, 200, path);
    assert.equal(await response.text(), INDEX, path);
  }
  for (const path of ['/v1/unknown', '/v1', '/health/whatever', '/docs/unknown']) {
    const response = await fetch(`${gateway.url}${path}`);
    assert.equal(response.status, 404, path);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/, path);
  }
});

/** fetch() normalizes `..` away; a raw request sends the path as written. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(`${gateway.url}${path}`, { method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

test('nothing outside the build or hidden is served', async () => {
  for (const path of ['/.env', '/..%2f..%2fetc/passwd', '/assets/../../etc/passwd', '/%2e%2e/%2e%2e/etc/hostname']) {
    const response = await rawGet(path);
    assert.doesNotMatch(response.body, /SECRET|root:/, path);
  }
});

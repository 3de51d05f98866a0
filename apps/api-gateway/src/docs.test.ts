import { openapiSpecs } from '@ai-service/contracts';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startGateway, type RunningGateway } from './test-fixtures/gateway.ts';

let gateway: RunningGateway;

before(async () => {
  gateway = await startGateway({});
});

after(async () => {
  await gateway.close();
});

test('/docs serves the interactive viewer, self-contained', async () => {
  const redirect = await fetch(`${gateway.url}/docs`, { redirect: 'manual' });
  assert.equal(redirect.status, 301);
  const page = await fetch(`${gateway.url}/docs/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  const html = await page.text();
  assert.match(html, /openapi\.json/);
  assert.doesNotMatch(html, /https?:\/\/(cdn|fonts)\./, 'no third-party assets');
  const csp = page.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self' 'unsafe-inline'/);
  assert.match(csp, /connect-src 'self'/);
  const script = await fetch(`${gateway.url}/docs/js/scalar.js`);
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type') ?? '', /javascript/);
});

test('/docs/openapi.json is the bundled gateway spec', async () => {
  const response = await fetch(`${gateway.url}/docs/openapi.json`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), openapiSpecs.gateway);
});

test("the API's own responses keep the strict default CSP", async () => {
  const response = await fetch(`${gateway.url}/health/live`);
  assert.doesNotMatch(response.headers.get('content-security-policy') ?? '', /unsafe-inline'; style|script-src 'self' 'unsafe-inline'/);
});

import { openapiSpecs } from '@ai-service/contracts';
import type { OpenApiDocument } from '@ai-service/http';
import { buildService } from '@ai-service/service-runtime';
import { assertRoutesMatchSpec, createTokenIssuer, serveJwks } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defineGateway } from './service.ts';
import { gatewayConfig, startGateway } from './test-fixtures/gateway.ts';
import { startUpstream } from './test-fixtures/upstream-server.ts';

/**
 * Routes the gateway serves that are not API operations: the CORS preflight catch-all, the docs
 * viewer with its assets and the spec download, and (with a web build) the web app. Listed here one
 * by one so that anything else the gateway registers must be in the spec.
 */
const DOCS_ROUTES = ['GET /docs', 'GET /docs/', 'GET /docs/openapi.json', 'GET /docs/openapi.yaml', 'GET /docs/js/scalar.js'];
const NON_API_ROUTES = new Set(['OPTIONS *', ...DOCS_ROUTES]);
const WEB_APP_ROUTE = 'GET /*';

const key = (route: { method: string; url: string }) => `${route.method} ${route.url}`;

async function registeredRoutes(env: Record<string, string> = {}, spec?: OpenApiDocument) {
  const { app, close } = await buildService(defineGateway(await gatewayConfig(env), spec ? { spec } : {}));
  try {
    await app.ready();
    return app.routeTable;
  } finally {
    await close();
  }
}

test('the gateway serves exactly the operations of openapi/gateway.yaml, plus its docs and CORS preflight', async () => {
  const routes = await registeredRoutes();
  assert.deepEqual(routes.filter((route) => NON_API_ROUTES.has(key(route))).map(key).sort(), [...NON_API_ROUTES].sort());
  assertRoutesMatchSpec(routes.filter((route) => !NON_API_ROUTES.has(key(route))), openapiSpecs.gateway);
});

test('with a web build, the only extra route is the web app fallback', async () => {
  const dist = await mkdtemp(join(tmpdir(), 'gateway-web-'));
  try {
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    const routes = await registeredRoutes({ WEB_DIST_DIR: dist });
    assert.deepEqual(routes.filter((route) => key(route) === WEB_APP_ROUTE).length, 1);
    assertRoutesMatchSpec(routes.filter((route) => !NON_API_ROUTES.has(key(route)) && key(route) !== WEB_APP_ROUTE), openapiSpecs.gateway);
  } finally {
    await rm(dist, { recursive: true, force: true });
  }
});

/** The gateway spec as a later issue will make it: new domains' operations, composed in by $ref. */
function specWith(paths: OpenApiDocument['paths']): OpenApiDocument {
  return { ...openapiSpecs.gateway, paths: { ...openapiSpecs.gateway.paths, ...paths } };
}

test('operations added to the spec are routed to their owning service with no code change', async () => {
  const financial = await startUpstream();
  const ai = await startUpstream();
  const issuer = await createTokenIssuer();
  const jwks = await serveJwks([issuer]);
  const spec = specWith({
    '/v1/financial/accounts/{accountId}': {
      get: { operationId: 'getAccount', 'x-permission': 'financial:read', responses: {} },
      delete: { operationId: 'deleteAccount', 'x-permission': 'financial:write', responses: {} },
    },
    '/v1/ai/chat': { post: { operationId: 'chat', 'x-permission': 'ai:use', responses: {} } },
  });
  const gateway = await startGateway({ FINANCIAL_SVC_URL: financial.url, AI_CORE_URL: ai.url, AUTH_JWKS_URL: jwks.url }, { spec });
  try {
    assertRoutesMatchSpec(gateway.app.routeTable.filter((route) => !NON_API_ROUTES.has(key(route))), spec);
    const reader = await issuer.sign({ perms: ['financial:read', 'ai:use'] });
    const get = await fetch(`${gateway.url}/v1/financial/accounts/42`, { headers: { authorization: `Bearer ${reader}` } });
    assert.equal(get.status, 200);
    assert.equal(financial.received.at(-1)?.url, '/v1/financial/accounts/42');
    const remove = await fetch(`${gateway.url}/v1/financial/accounts/42`, { method: 'DELETE', headers: { authorization: `Bearer ${reader}` } });
    assert.equal(remove.status, 403, 'the new operation carries its own x-permission');
    const chat = await fetch(`${gateway.url}/v1/ai/chat`, { method: 'POST', headers: { authorization: `Bearer ${reader}` }, body: 'hello' });
    assert.equal(chat.status, 200);
    assert.equal(ai.received.at(-1)?.body.toString(), 'hello');
    assert.equal(financial.received.length, 1);
  } finally {
    await gateway.close();
    await Promise.all([financial.close(), ai.close(), jwks.close()]);
  }
});

test('an operation with no owning service fails at boot instead of answering 404 at run time', async () => {
  const config = await gatewayConfig();
  assert.throws(() => defineGateway(config, { spec: specWith({ '/v1/billing/plans': { get: { operationId: 'listPlans', responses: {} } } }) }), /listPlans/);
  assert.throws(() => defineGateway(config, { spec: specWith({ '/internal/debug': { get: { operationId: 'debug', responses: {} } } }) }), /debug/);
});

test('unknown paths are 404 problem+json', async () => {
  const gateway = await startGateway({});
  try {
    for (const [method, path] of [['GET', '/v1/nothing'], ['POST', '/v1/auth/me'], ['GET', '/'], ['DELETE', '/v1/auth/unknown/x']] as const) {
      const response = await fetch(`${gateway.url}${path}`, { method });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    }
  } finally {
    await gateway.close();
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launcherConfigSchema } from '@ai-service/config';
import { serviceEnvironment, type SharedSettings } from './service-environment.ts';

const shared: SharedSettings = { databaseUrl: 'postgres://u:p@127.0.0.1:5/db', secrets: { AUTH_KEY_ENCRYPTION_KEY: 'a2V5', INTERNAL_SERVICE_SECRET: 'c2VjcmV0', FINANCIAL_SECRETS_KEY: 'ZmluYW5jaWFs', TRADING_SECRETS_KEY: 'dHJhZGluZw==' }, compileCacheDir: '/data/compile-cache' };
const config = launcherConfigSchema.parse({ AUTH_SVC_PORT: '4005', FINANCIAL_SVC_PORT: '4001', GATEWAY_PORT: '4000', HOST: '0.0.0.0' });

test('services get the database, every port, and URLs derived from those ports', () => {
  const env = serviceEnvironment({ PATH: '/bin' }, config, shared);
  assert.equal(env['PATH'], '/bin');
  assert.equal(env['DATABASE_URL'], shared.databaseUrl);
  assert.equal(env['AUTH_KEY_ENCRYPTION_KEY'], shared.secrets.AUTH_KEY_ENCRYPTION_KEY);
  assert.equal(env['INTERNAL_SERVICE_SECRET'], shared.secrets.INTERNAL_SERVICE_SECRET);
  assert.equal(env['FINANCIAL_SECRETS_KEY'], shared.secrets.FINANCIAL_SECRETS_KEY);
  assert.equal(env['TRADING_SECRETS_KEY'], shared.secrets.TRADING_SECRETS_KEY);
  assert.equal(env['HOST'], '0.0.0.0');
  assert.equal(env['AUTH_SVC_PORT'], '4005');
  assert.equal(env['TRADING_SVC_PORT'], '3002');
  assert.equal(env['AUTH_SVC_URL'], 'http://127.0.0.1:4005');
  assert.equal(env['FINANCIAL_SVC_URL'], 'http://127.0.0.1:4001');
  assert.equal(env['WORKER_TRADING_URL'], 'http://127.0.0.1:3102');
  assert.equal(env['AUTH_JWKS_URL'], 'http://127.0.0.1:4005/v1/auth/.well-known/jwks.json');
  assert.equal(env['NODE_COMPILE_CACHE'], '/data/compile-cache');
  assert.equal(env['REDIS_URL'], undefined);
});

test('URLs and the compile cache set by the user win; empty values count as unset', () => {
  const env = serviceEnvironment({ AUTH_SVC_URL: 'https://auth.example.org', COMM_SVC_URL: '', NODE_COMPILE_CACHE: '/elsewhere' }, config, shared);
  assert.equal(env['AUTH_SVC_URL'], 'https://auth.example.org');
  assert.equal(env['COMM_SVC_URL'], 'http://127.0.0.1:3003');
  assert.equal(env['NODE_COMPILE_CACHE'], '/elsewhere');
});

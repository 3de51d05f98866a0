import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from './load.ts';
import { serviceConfigSchemas } from './services.ts';

const schema = serviceConfigSchemas['financial-svc'];

test('valid env parses into typed values with defaults', () => {
  const result = parseConfig(schema, { DATABASE_URL: 'postgres://u:p@localhost:5432/db', FINANCIAL_SVC_PORT: '4001' });
  assert.ok(result.ok);
  assert.equal(result.config.FINANCIAL_SVC_PORT, 4001);
  assert.equal(result.config.HOST, '127.0.0.1');
  assert.equal(result.config.REDIS_URL, undefined);
});

test('each bad variable is reported once, by name and reason, without its value', () => {
  const result = parseConfig(schema, { DATABASE_URL: 'mysql://admin:s3cr3t@db/x', FINANCIAL_SVC_PORT: 'seventy', LOG_LEVEL: 'loud' });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.problems.map((problem) => problem.variable).sort(), ['DATABASE_URL', 'FINANCIAL_SVC_PORT', 'LOG_LEVEL']);
  assert.ok(!JSON.stringify(result.problems).includes('s3cr3t'));
});

test('a missing required variable says it is required', () => {
  const result = parseConfig(schema, {});
  assert.deepEqual(result.ok ? [] : result.problems, [{ variable: 'DATABASE_URL', reason: 'is required' }]);
});

test('an empty value counts as unset', () => {
  const result = parseConfig(schema, { DATABASE_URL: 'postgres://localhost/db', REDIS_URL: '' });
  assert.ok(result.ok && result.config.REDIS_URL === undefined);
});

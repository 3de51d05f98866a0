import { FinancialError } from '@ai-service/financial-domain';
import Fastify from 'fastify';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registerRetryAfter } from './errors.ts';

test("a bank provider's rate limit answers with Retry-After; other errors do not", async () => {
  const app = Fastify();
  registerRetryAfter(app);
  app.get('/limited', async () => {
    throw new FinancialError('rate_limited', 'GoCardless asks to wait', { details: { retryAfterSeconds: 41.2 } });
  });
  app.get('/broken', async () => {
    throw new FinancialError('provider_error', 'GoCardless failed');
  });
  try {
    assert.equal((await app.inject('/limited')).headers['retry-after'], '42');
    assert.equal((await app.inject('/broken')).headers['retry-after'], undefined);
  } finally {
    await app.close();
  }
});

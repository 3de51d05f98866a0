import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonLosslessly } from './json.ts';
import { retryAfterSeconds } from './rate-limit.ts';

const now = new Date('2025-03-03T06:00:00Z');

test('the exhausted window decides: the per-account one when its allowance is used up', () => {
  const headers = new Headers({
    HTTP_X_RATELIMIT_REMAINING: '97',
    HTTP_X_RATELIMIT_RESET: '40',
    HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_REMAINING: '0',
    HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_RESET: '21600',
  });
  assert.equal(retryAfterSeconds(headers, '', now), 21600);
});

test('the general window when it is the exhausted one, not the far-off account reset', () => {
  const headers = new Headers({
    HTTP_X_RATELIMIT_REMAINING: '0',
    HTTP_X_RATELIMIT_RESET: '40',
    HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_REMAINING: '3',
    HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_RESET: '80000',
  });
  assert.equal(retryAfterSeconds(headers, '', now), 40);
});

test('Retry-After in seconds or as a date, the body hint, and a minute without any hint', () => {
  assert.equal(retryAfterSeconds(new Headers({ 'retry-after': '120' }), '', now), 120);
  assert.equal(retryAfterSeconds(new Headers({ 'retry-after': 'Mon, 03 Mar 2025 06:05:00 GMT' }), '', now), 300);
  assert.equal(retryAfterSeconds(new Headers(), '{"detail":"The rate limit for this resource is 4/day. Please try again in 85092 seconds"}', now), 85092);
  assert.equal(retryAfterSeconds(new Headers(), 'Too Many Requests', now), 60);
});

test('JSON numbers are read as their source text, never as floats', () => {
  assert.deepEqual(parseJsonLosslessly('{"amount": -1234567890123456.78, "n": [0.1, 3], "s": "0.10"}'), {
    amount: '-1234567890123456.78',
    n: ['0.1', '3'],
    s: '0.10',
  });
});

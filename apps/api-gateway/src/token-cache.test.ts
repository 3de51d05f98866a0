import { AccessError, tokenVerifier, type TokenVerifier } from '@ai-service/access';
import { createLocalJWKSet } from 'jose';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTokenIssuer } from '@ai-service/testing';
import { cachedTokenVerifier } from './token-cache.ts';

async function setup(options: { maxEntries?: number; maxAgeMs?: number } = {}) {
  const issuer = await createTokenIssuer();
  const real = tokenVerifier(createLocalJWKSet({ keys: [issuer.jwk] }));
  let calls = 0;
  const counting: TokenVerifier = (token) => {
    calls++;
    return real(token);
  };
  let clock = Date.now();
  const verify = cachedTokenVerifier(counting, { maxEntries: options.maxEntries ?? 100, maxAgeMs: options.maxAgeMs ?? 60_000, now: () => clock });
  return { issuer, verify, calls: () => calls, advance: (ms: number) => void (clock += ms) };
}

test('a verified token is verified once, then reused', async () => {
  const { issuer, verify, calls } = await setup();
  const token = await issuer.sign({ sub: 'user-1', perms: ['financial:read'] });
  const first = await verify(token);
  const second = await verify(token);
  assert.equal(calls(), 1);
  assert.deepEqual(second, first);
  assert.equal(first.userId, 'user-1');
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.permissions), 'shared identities cannot be changed by one request');
});

test('a cached token is verified again after maxAgeMs', async () => {
  const { issuer, verify, calls, advance } = await setup({ maxAgeMs: 60_000 });
  const token = await issuer.sign({ expiresIn: '10m' });
  await verify(token);
  advance(59_000);
  await verify(token);
  assert.equal(calls(), 1);
  advance(2_000);
  await verify(token);
  assert.equal(calls(), 2);
});

test('a cached token is never served past its exp', async () => {
  const { issuer, verify, calls, advance } = await setup({ maxAgeMs: 60_000 });
  const token = await issuer.sign({ expiresIn: '30s' });
  await verify(token);
  await verify(token);
  assert.equal(calls(), 1);
  advance(31_000);
  // Expired on the cache's clock: handed to the verifier again (which, on the real clock, rejects it).
  await verify(token).catch(() => undefined);
  assert.equal(calls(), 2);
});

test('failures are not cached', async () => {
  const { issuer, verify, calls } = await setup();
  const foreign = await (await createTokenIssuer(issuer.kid)).sign();
  await assert.rejects(verify(foreign), AccessError);
  await assert.rejects(verify(foreign), AccessError);
  assert.equal(calls(), 2);
});

test('at most maxEntries tokens are remembered, the oldest forgotten first', async () => {
  const { issuer, verify, calls } = await setup({ maxEntries: 2 });
  const [a, b, c] = [await issuer.sign(), await issuer.sign(), await issuer.sign()];
  for (const token of [a, b, c]) await verify(token);
  await verify(c);
  await verify(b);
  assert.equal(calls(), 3);
  await verify(a);
  assert.equal(calls(), 4);
});

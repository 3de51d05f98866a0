import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { isFinancialError } from '../../errors.ts';
import { maskSecret, openSecret, sealSecret, secretBinding } from './secrets.ts';

const key = randomBytes(32);
const binding = secretBinding('tenant-a', 'bank_connections', 'row-1');

test('a sealed secret opens with its key and binding, and shows nothing of the plaintext', () => {
  const sealed = sealSecret(key, binding, 'https://user:pass@bridge.example/simplefin');
  assert.match(sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.doesNotMatch(sealed, /user|pass|bridge/);
  assert.notEqual(sealSecret(key, binding, 'same'), sealSecret(key, binding, 'same'), 'a fresh IV each time');
  assert.equal(openSecret(key, binding, sealed), 'https://user:pass@bridge.example/simplefin');
});

test('another key, another row or another tenant cannot open it', () => {
  const sealed = sealSecret(key, binding, 'secret');
  const refused = (error: unknown) => isFinancialError(error, 'not_configured');
  assert.throws(() => openSecret(randomBytes(32), binding, sealed), refused);
  assert.throws(() => openSecret(key, secretBinding('tenant-a', 'bank_connections', 'row-2'), sealed), refused);
  assert.throws(() => openSecret(key, secretBinding('tenant-b', 'bank_connections', 'row-1'), sealed), refused);
  assert.throws(() => openSecret(key, binding, 'plain text'), refused);
});

test('the hint keeps only the last four characters', () => {
  assert.equal(maskSecret('6f1c0a2e-secret-id-a1b2'), '••••a1b2');
});

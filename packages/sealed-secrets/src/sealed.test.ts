import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { maskSecret, openSealed, seal, sealingKeyFrom } from './sealed.ts';

test('a sealed value opens with its key and binding only, and shows nothing of the plaintext', () => {
  const key = randomBytes(32);
  const sealed = seal(key, 'tenant/table/row', 'api-secret-1234');
  assert.match(sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.ok(!sealed.includes('api-secret'));
  assert.equal(openSealed(key, 'tenant/table/row', sealed)?.toString('utf8'), 'api-secret-1234');
  assert.equal(openSealed(key, 'tenant/table/other-row', sealed), undefined, 'another binding');
  assert.equal(openSealed(randomBytes(32), 'tenant/table/row', sealed), undefined, 'another key');
  const [version, iv, tag, ciphertext] = sealed.split('.');
  const flipped = `${ciphertext!.startsWith('A') ? 'B' : 'A'}${ciphertext!.slice(1)}`;
  assert.equal(openSealed(key, 'tenant/table/row', [version, iv, tag, flipped].join('.')), undefined, 'tampered');
  assert.equal(openSealed(key, 'tenant/table/row', 'plain text'), undefined, 'not sealed');
});

test('binary plaintexts round-trip; the key comes from base64; masks keep the last four characters', () => {
  const key = sealingKeyFrom(randomBytes(32).toString('base64'))!;
  const bytes = randomBytes(48);
  assert.deepEqual(openSealed(key, 'kid', seal(key, 'kid', bytes)), bytes);
  assert.equal(sealingKeyFrom(undefined), undefined);
  assert.equal(maskSecret('abcdef1234'), '••••1234');
});

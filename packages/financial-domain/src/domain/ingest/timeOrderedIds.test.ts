import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeOrderedIds } from './timeOrderedIds.ts';

const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('time-ordered ids are version-7 UUIDs of the given millisecond, unique, in ascending order', () => {
  const now = Date.parse('2026-11-24T08:00:00.123Z');
  const ids = timeOrderedIds(50_000, now);
  assert.equal(ids.length, 50_000);
  assert.ok(ids.every((id) => VERSION_7.test(id)));
  assert.ok(ids.every((id) => id.replace('-', '').startsWith(now.toString(16).padStart(12, '0'))), 'the millisecond leads');
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.every((id, index) => index === 0 || ids[index - 1]! < id), 'ascending, as Postgres orders uuids');
  assert.ok(timeOrderedIds(1, now + 1)[0]! > ids.at(-1)!, 'a later millisecond sorts after');
  assert.deepEqual(timeOrderedIds(0), []);
});

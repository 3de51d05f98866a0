import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressWriter } from './progress-writer.ts';

test('progress is written at most once per interval, never two writes at once; a failed write is dropped', async () => {
  let now = 0;
  const written: number[] = [];
  let release: (() => void) | undefined;
  let fail = false;
  const writer = progressWriter({
    clock: () => new Date(now),
    intervalMs: 1_000,
    write: async (processed) => {
      written.push(processed);
      await new Promise<void>((resolve) => (release = resolve));
      if (fail) throw new Error('connection lost');
    },
  });

  writer.report(100);
  assert.deepEqual(written, [], 'not before an interval has passed');
  now = 1_000;
  writer.report(200);
  now = 3_000;
  writer.report(300);
  assert.deepEqual(written, [200], 'a report while a write is in flight is skipped');
  release!();
  await writer.settle();

  now = 1_500;
  writer.report(400);
  assert.deepEqual(written, [200], 'within the interval of the last write');
  now = 2_000;
  fail = true;
  writer.report(500);
  release!();
  await writer.settle();
  fail = false;
  now = 3_000;
  writer.report(600);
  release!();
  await writer.settle();
  assert.deepEqual(written, [200, 500, 600], 'the failed write of 500 did not stop the next one');
});

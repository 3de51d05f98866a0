import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartBackoff, restartDelayMs } from './restart-backoff.ts';

test('delays double from 1 s and stop growing at 30 s', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 20].map(restartDelayMs),
    [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000],
  );
});

test('quick consecutive crashes climb the schedule', () => {
  const backoff = new RestartBackoff();
  const delays = [100, 500, 2_000, 59_999].map((uptime) => backoff.delayAfterCrash(uptime));
  assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000]);
  assert.equal(backoff.consecutiveCrashes, 4);
});

test('a run of 60 s or more resets the schedule', () => {
  const backoff = new RestartBackoff();
  for (const uptime of [10, 10, 10]) backoff.delayAfterCrash(uptime);
  assert.equal(backoff.delayAfterCrash(60_000), 1_000);
  assert.equal(backoff.consecutiveCrashes, 1);
  assert.equal(backoff.delayAfterCrash(5), 2_000);
});

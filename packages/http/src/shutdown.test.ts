import { freePort, runScript, waitFor } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';

test('SIGTERM during a slow request: the request completes, then the process exits 0', async () => {
  const port = await freePort();
  const server = runScript('packages/http/src/test-fixtures/slow-server.ts', {}, [String(port)]);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => ((await fetch(`${base}/health/live`)).ok ? true : undefined), { what: 'slow server up' });

  const started = Date.now();
  const slow = fetch(`${base}/slow?ms=1500`).then(async (response) => ({ status: response.status, body: await response.json() }));
  await sleep(300);
  server.child.kill('SIGTERM');
  const [{ code }, result] = await Promise.all([server.exited, slow]);

  assert.equal(result.status, 200);
  assert.deepEqual(result.body, { finished: true });
  assert.equal(code, 0, server.output());
  assert.ok(Date.now() - started >= 1500, 'the process waited for the in-flight request');
  await assert.rejects(fetch(`${base}/health/live`), 'no longer accepting connections');
});

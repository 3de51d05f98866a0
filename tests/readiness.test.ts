import { startEmbeddedPostgres } from '@ai-service/pg-embedded';
import { freePort, startServiceProcess, waitFor } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

test('/health/ready is 503 naming postgres while its Postgres is stopped, and 200 again when it returns', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ai-ready-'));
  const pgPort = await freePort();
  let postgres = await startEmbeddedPostgres({ dataDir, port: pgPort });
  const port = await freePort();
  const service = await startServiceProcess('financial-svc', port, { DATABASE_URL: postgres.url, FINANCIAL_SVC_PORT: String(port) });
  const readiness = async () => {
    const response = await fetch(`${service.url}/health/ready`);
    return { status: response.status, body: (await response.json()) as { failed: string[]; checks: Record<string, { ok: boolean; latencyMs: number }> } };
  };
  try {
    assert.equal((await readiness()).status, 200);

    await postgres.stop();
    const down = await waitFor(async () => {
      const result = await readiness();
      return result.status === 503 ? result : undefined;
    }, { what: 'ready to turn 503' });
    assert.deepEqual(down.body.failed, ['postgres']);
    assert.equal(down.body.checks["postgres"]?.ok, false);
    assert.equal((await fetch(`${service.url}/health/live`)).status, 200, 'the process itself stays alive');

    postgres = await startEmbeddedPostgres({ dataDir, port: pgPort });
    const up = await waitFor(async () => {
      const result = await readiness();
      return result.status === 200 ? result : undefined;
    }, { what: 'ready to return to 200' });
    assert.equal(up.body.checks["postgres"]?.ok, true);
    assert.equal(typeof up.body.checks["postgres"]?.latencyMs, 'number');
  } finally {
    await service.stop();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

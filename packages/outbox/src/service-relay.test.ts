import { createPool, runtimeRoleFor, withTenant } from '@ai-service/db';
import { createTestDatabase, freePort, requireTestDatabaseUrl, startServiceProcess, waitFor } from '@ai-service/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgSchema } from 'drizzle-orm/pg-core';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { appendEvent } from './append.ts';
import { outboxTable } from './tables.ts';
import { stateChange } from './test-fixtures/harness.ts';

const database = await createTestDatabase(requireTestDatabaseUrl());
after(() => database.drop());

test('a service runs its relay: an event committed to its outbox is published, and /metrics reports the backlog', async () => {
  const port = await freePort();
  const service = await startServiceProcess('trading-svc', port, { DATABASE_URL: database.url, TRADING_SVC_PORT: String(port), OUTBOX_RELAY_POLL_MS: '200' });
  const pool = createPool({ url: database.url, max: 2, role: runtimeRoleFor('trading') });
  const owner = createPool({ url: database.url, max: 1 });
  const outbox = outboxTable(pgSchema('trading'));
  try {
    const tenantId = randomUUID();
    const event = await withTenant(drizzle(pool), tenantId, (tx) => appendEvent(tx, outbox, stateChange(tenantId, randomUUID())));
    const published = await waitFor(
      async () => {
        // Read as the owner: the runtime role sees no row without a tenant.
        const { rows } = await owner.query('select published_at, delivered_to from trading.outbox where id = $1', [event.id]);
        return rows[0]?.published_at ? rows[0] : undefined;
      },
      { what: 'the relay to publish the event' },
    );
    // No queue subscribes to StrategyStateChanged yet: published to nobody, and said so.
    assert.deepEqual(published.delivered_to, []);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    assert.match(metrics, /outbox_pending\{schema="trading",service="trading-svc"\} 0/);
    assert.match(metrics, /outbox_lag_seconds\{schema="trading",service="trading-svc"\} 0/);
  } finally {
    await pool.end();
    await owner.end();
    const exit = await service.stop();
    assert.equal(exit.code, 0, service.output());
  }
});

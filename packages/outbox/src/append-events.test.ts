import { withTenant } from '@ai-service/db';
import { createTestDatabase, requireTestDatabaseUrl } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { appendEvents } from './append.ts';
import { isOutboxError } from './errors.ts';
import { newTenant, outbox, setUpFixture, stateChange } from './test-fixtures/harness.ts';

const serverUrl = requireTestDatabaseUrl();
const fixture = await setUpFixture(await createTestDatabase(serverUrl), serverUrl, { poolMax: 2 });
after(() => fixture.close());

const stored = async (tenantId: string) =>
  (await fixture.admin.query('select aggregate_id, payload from relay_fixture.outbox where tenant_id = $1 order by position', [tenantId])).rows as Array<{
    aggregate_id: string;
    payload: { reason: string };
  }>;

test('appendEvents writes many events in order, in the caller transaction, as appendEvent would one by one', async () => {
  const tenant = newTenant();
  const sessions = Array.from({ length: 5_001 }, () => randomUUID());
  await withTenant(fixture.db, tenant, (tx) => appendEvents(tx, outbox, sessions.map((session, step) => stateChange(tenant, session, step))));
  const rows = await stored(tenant);
  assert.equal(rows.length, sessions.length, 'more events than one INSERT takes');
  assert.deepEqual(
    rows.slice(0, 2).map((row) => [row.aggregate_id, row.payload.reason]),
    [
      [sessions[0], 'step 0'],
      [sessions[1], 'step 1'],
    ],
  );
  assert.equal(rows[5_000]?.aggregate_id, sessions[5_000]);
});

test('one invalid event refuses the batch, and a rolled-back transaction leaves no event', async () => {
  const tenant = newTenant();
  const invalid = { ...stateChange(tenant, randomUUID()), payload: { sessionId: 'not-a-uuid' } } as unknown as ReturnType<typeof stateChange>;
  await assert.rejects(
    withTenant(fixture.db, tenant, (tx) => appendEvents(tx, outbox, [stateChange(tenant, randomUUID()), invalid])),
    (error: unknown) => isOutboxError(error, 'invalid_event'),
  );
  await assert.rejects(
    withTenant(fixture.db, tenant, async (tx) => {
      await appendEvents(tx, outbox, [stateChange(tenant, randomUUID())]);
      throw new Error('the change failed');
    }),
    /the change failed/,
  );
  assert.deepEqual(await stored(tenant), []);
});

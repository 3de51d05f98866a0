import { withTenant } from '@ai-service/db';
import { createTestDatabase, requireTestDatabaseUrl } from '@ai-service/testing';
import { sql } from 'drizzle-orm';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { appendEventWith } from './append.ts';
import { isOutboxError } from './errors.ts';
import { effects, newTenant, outbox, setUpFixture, stateChange } from './test-fixtures/harness.ts';

const serverUrl = requireTestDatabaseUrl();
const fixture = await setUpFixture(await createTestDatabase(serverUrl), serverUrl, { poolMax: 2 });
after(() => fixture.close());

/** An effect row for `sessionId` unless the tenant has one: the change the event reports, which may not happen. */
const recordOnce = (tenantId: string, sessionId: string) => ({
  ctes: sql`recorded as (
    insert into ${effects} (consumer, event_id, tenant_id, aggregate_id)
    select 'change', ${randomUUID()}::uuid, ${tenantId}::uuid, ${sessionId}
     where not exists (select 1 from ${effects} where aggregate_id = ${sessionId})
    returning 1)`,
  when: 'recorded',
});

const stored = async (tenantId: string) =>
  (
    await fixture.admin.query(
      `select (select count(*)::int from relay_fixture.outbox where tenant_id = $1) as events,
              (select count(*)::int from relay_fixture.effects where tenant_id = $1) as changes`,
      [tenantId],
    )
  ).rows[0] as { events: number; changes: number };

test('appendEventWith appends the event in the statement of its change, only when the change happened', async () => {
  const tenant = newTenant();
  const sessionId = randomUUID();
  const first = await withTenant(fixture.db, tenant, (tx) => appendEventWith(tx, outbox, stateChange(tenant, sessionId), recordOnce(tenant, sessionId)));
  assert.equal(first?.aggregate.id, sessionId);
  assert.deepEqual(await stored(tenant), { events: 1, changes: 1 });
  const { rows } = await fixture.admin.query('select id, payload from relay_fixture.outbox where tenant_id = $1', [tenant]);
  assert.deepEqual(rows[0], { id: first?.id, payload: first?.payload });

  // The change does not happen again: no second event.
  const second = await withTenant(fixture.db, tenant, (tx) => appendEventWith(tx, outbox, stateChange(tenant, sessionId, 1), recordOnce(tenant, sessionId)));
  assert.equal(second, undefined);
  assert.deepEqual(await stored(tenant), { events: 1, changes: 1 });
});

test('appendEventWith refuses an invalid event before anything is written, and rolls back with its transaction', async () => {
  const tenant = newTenant();
  const invalid = { ...stateChange(tenant, randomUUID()), payload: { sessionId: 'not-a-uuid' } } as unknown as ReturnType<typeof stateChange>;
  await assert.rejects(
    withTenant(fixture.db, tenant, (tx) => appendEventWith(tx, outbox, invalid, recordOnce(tenant, invalid.aggregateId))),
    (error: unknown) => isOutboxError(error, 'invalid_event'),
  );
  const sessionId = randomUUID();
  await assert.rejects(
    withTenant(fixture.db, tenant, async (tx) => {
      await appendEventWith(tx, outbox, stateChange(tenant, sessionId), recordOnce(tenant, sessionId));
      throw new Error('the rest of the change failed');
    }),
    /the rest of the change failed/,
  );
  assert.deepEqual(await stored(tenant), { events: 0, changes: 0 });
});

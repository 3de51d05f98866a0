import { withTenant } from '@ai-service/db';
import { createTestDatabase, requireTestDatabaseUrl } from '@ai-service/testing';
import { sql } from 'drizzle-orm';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { appendEventsFrom } from './append-from.ts';
import { appendEvents } from './append.ts';
import { newTenant, outbox, setUpFixture, stateChange } from './test-fixtures/harness.ts';

const serverUrl = requireTestDatabaseUrl();
const fixture = await setUpFixture(await createTestDatabase(serverUrl), serverUrl, { poolMax: 2 });
after(() => fixture.close());

type Stored = { id: string; type: string; version: number; tenant_id: string; aggregate_type: string; aggregate_id: string; occurred_at: Date; trace_id: string | null; payload: { reason: string } };

test('appendEventsFrom writes the envelope appendEvents writes, for payloads built by a query, in the query order', async () => {
  const tenant = newTenant();
  const occurredAt = new Date('2026-01-02T03:04:05.678Z');
  const sessions = [randomUUID(), randomUUID(), randomUUID()];
  const events = sessions.map((session, step) => stateChange(tenant, session, step));
  const appended = await withTenant(fixture.db, tenant, async (tx) => {
    await appendEvents(tx, outbox, [{ ...events[0]!, occurredAt }]);
    // The same events again, their payloads built by the database, in reverse order.
    const rows = sql.join(
      events.map((event, order) => sql`select ${order}::int as n, ${event.aggregateId}::text as aggregate_id, ${JSON.stringify(event.payload)}::jsonb as payload`),
      sql` union all `,
    );
    return appendEventsFrom(tx, outbox, { type: 'StrategyStateChanged', tenantId: tenant, occurredAt }, sql`select aggregate_id, payload from (${rows}) r order by n desc`);
  });
  assert.equal(appended, 3);
  const stored = (await fixture.admin.query('select id, type, version, tenant_id, aggregate_type, aggregate_id, occurred_at, trace_id, payload from relay_fixture.outbox where tenant_id = $1 order by position', [tenant]))
    .rows as Stored[];
  const envelope = ({ id: _id, ...row }: Stored) => row;
  assert.deepEqual(envelope(stored[3]!), envelope(stored[0]!), 'the same event, written either way');
  assert.deepEqual(stored.slice(1).map((row) => row.payload.reason), ['step 2', 'step 1', 'step 0']);
  assert.equal(new Set(stored.map((row) => row.id)).size, 4, 'each event its own id');
  for (const { id } of stored.slice(1)) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/, 'time-ordered (version 7) ids');
});

test('appendEventsFrom appends nothing for an empty query', async () => {
  const tenant = newTenant();
  const appended = await withTenant(fixture.db, tenant, (tx) =>
    appendEventsFrom(tx, outbox, { type: 'StrategyStateChanged', tenantId: tenant }, sql`select 'x'::text as aggregate_id, '{}'::jsonb as payload where false`),
  );
  assert.equal(appended, 0);
});

import { accounts, withTenantTx } from '@ai-service/financial-domain';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness();
});
after(async () => {
  await harness.close();
});

test('the harness serves financial-svc on a migrated database with row-level security on every tenant table', async () => {
  const response = await fetch(`${harness.url}/health/ready`);
  assert.equal(response.status, 200);
  const unforced = await harness.queryAsOwner<{ relname: string }>(
    `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'financial' and c.relkind = 'r' and not c.relforcerowsecurity
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')`,
  );
  assert.deepEqual(unforced, []);
  const tenant = randomUUID();
  const ctx = harness.ctxFor(tenant);
  await withTenantTx(ctx, (tx) => tx.insert(accounts).values({ id: randomUUID(), tenantId: tenant, name: 'Cash', type: 'cash', currency: 'EUR' }));
  assert.equal((await withTenantTx(harness.ctxFor(randomUUID()), (tx) => tx.select().from(accounts))).length, 0, 'another tenant sees nothing');
  assert.equal((await withTenantTx(ctx, (tx) => tx.select().from(accounts))).length, 1);
});

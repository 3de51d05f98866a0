import { withTenant } from '@ai-service/db';
import { inTransaction, issueInvoice } from '@ai-service/financial-domain';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createClient, createDraft, invoiceApi } from './invoices-fixtures.ts';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness({ clock: () => new Date('2026-03-10T12:00:00Z') });
});
after(async () => {
  await harness.close();
});

class Abort extends Error {}

/** Issues the draft inside a transaction that then fails, as any error after the number was taken would. */
async function failedIssue(tenant: string, invoiceId: string): Promise<string> {
  const ctx = harness.ctxFor(tenant);
  let number = '';
  await assert.rejects(
    withTenant(harness.db, tenant, async (tx) => {
      number = (await issueInvoice({ ctx: inTransaction(ctx, tx), input: { invoiceId } })).number!;
      throw new Abort('after the number was taken');
    }),
    Abort,
  );
  return number;
}

const sequences = async (tenant: string) =>
  (await harness.queryAsOwner<{ sequence: number }>(`select sequence from financial.invoices where tenant_id = $1 and kind = 'invoice' and sequence is not null order by sequence`, [tenant])).map(
    (row) => row.sequence,
  );

test('50 concurrent issues get the numbers 1..50: no gap, no duplicate, one InvoiceIssued each', async () => {
  const tenant = randomUUID();
  const api = invoiceApi(harness, tenant);
  const clientId = await createClient(api);
  const ids: string[] = [];
  for (let index = 0; index < 50; index++) ids.push((await createDraft(api, clientId))['id'] as string);

  const issued = await Promise.all(ids.map((id) => api('POST', `/v1/financial/invoices/${id}/issue`)));
  assert.deepEqual(
    issued.map((response) => response.status),
    ids.map(() => 200),
  );
  const numbers = issued.map((response) => response.body['number'] as string).sort();
  assert.deepEqual(
    numbers,
    Array.from({ length: 50 }, (_, index) => `INV-2026-${String(index + 1).padStart(4, '0')}`),
  );
  assert.deepEqual(
    await sequences(tenant),
    Array.from({ length: 50 }, (_, index) => index + 1),
  );
  const events = await harness.queryAsOwner<{ number: string }>(`select payload->>'number' as number from financial.outbox where tenant_id = $1 and type = 'InvoiceIssued' order by 1`, [tenant]);
  assert.deepEqual(
    events.map((event) => event.number),
    numbers,
  );
});

test('a failed issue in the middle of concurrent ones gives its number back: still no gap', async () => {
  const tenant = randomUUID();
  const api = invoiceApi(harness, tenant);
  const clientId = await createClient(api);
  const ids: string[] = [];
  for (let index = 0; index < 21; index++) ids.push((await createDraft(api, clientId))['id'] as string);
  const [doomed, ...rest] = ids;

  const first = await Promise.all(rest.slice(0, 10).map((id) => api('POST', `/v1/financial/invoices/${id}/issue`)));
  const [failedNumber, ...second] = await Promise.all([failedIssue(tenant, doomed!), ...rest.slice(10).map((id) => api('POST', `/v1/financial/invoices/${id}/issue`))]);
  assert.match(failedNumber as string, /^INV-2026-00\d\d$/, 'the failed issue had taken a number');
  assert.ok([...first, ...second].every((response) => typeof response !== 'string' && response.status === 200));
  assert.deepEqual(
    await sequences(tenant),
    Array.from({ length: 20 }, (_, index) => index + 1),
  );

  const retried = await api('POST', `/v1/financial/invoices/${doomed!}/issue`);
  assert.equal(retried.status, 200);
  assert.equal(retried.body['number'], 'INV-2026-0021');
  const events = await harness.queryAsOwner(`select 1 from financial.outbox where tenant_id = $1 and type = 'InvoiceIssued' and aggregate_id = $2`, [tenant, doomed]);
  assert.equal(events.length, 1, 'the rolled-back issue left no event');
});

test('series are per tenant: another tenant starts at 1', async () => {
  const [a, b] = [randomUUID(), randomUUID()];
  for (const tenant of [a, b]) {
    const api = invoiceApi(harness, tenant);
    const id = (await createDraft(api, await createClient(api)))['id'] as string;
    assert.equal((await api('POST', `/v1/financial/invoices/${id}/issue`)).body['number'], 'INV-2026-0001');
  }
});

import { statementFixture } from '@ai-service/statement-import/testing';
import { createTestDatabase, createTokenIssuer, freePort, requireTestDatabaseUrl, serveJwks, startServiceProcess, waitFor } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';

// The whole path of an import: financial-svc accepts the upload and commits its
// StatementImportRequested, its relay publishes it (on Postgres: no REDIS_URL), and this worker
// runs it; the outcome is read back through the API.
const database = await createTestDatabase(requireTestDatabaseUrl());
const issuer = await createTokenIssuer();
const jwks = await serveJwks([issuer]);
const svcPort = await freePort();
const svc = await startServiceProcess('financial-svc', svcPort, { DATABASE_URL: database.url, FINANCIAL_SVC_PORT: String(svcPort), AUTH_JWKS_URL: jwks.url });
const workerPort = await freePort();
const worker = await startServiceProcess('worker-financial', workerPort, { DATABASE_URL: database.url, WORKER_FINANCIAL_PORT: String(workerPort) });
after(async () => {
  await worker.stop();
  await svc.stop();
  await jwks.close();
  await database.drop();
});

test('an uploaded statement is imported by the worker: completed, then 0 new rows for the same file again', async () => {
  const tenant = randomUUID();
  const authorization = `Bearer ${await issuer.sign({ tid: tenant, sub: randomUUID(), perms: ['financial:read', 'financial:write'] })}`;
  const account = await fetch(`${svc.url}/v1/financial/accounts`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Checking', type: 'checking', currency: 'EUR' }),
  });
  const accountId = ((await account.json()) as { id: string }).id;

  const importOnce = async () => {
    const form = new FormData();
    form.append('accountId', accountId);
    form.append('file', new Blob([statementFixture('spanish-bank.csv')]), 'movimientos.csv');
    const accepted = await fetch(`${svc.url}/v1/financial/imports`, { method: 'POST', headers: { authorization }, body: form });
    assert.equal(accepted.status, 202);
    const { id } = (await accepted.json()) as { id: string };
    return waitFor(
      async () => {
        const current = (await (await fetch(`${svc.url}/v1/financial/imports/${id}`, { headers: { authorization } })).json()) as { status: string; outcome: Record<string, unknown> };
        return current.status === 'completed' || current.status === 'failed' ? current : undefined;
      },
      { timeoutMs: 30_000, what: `import ${id} to finish` },
    );
  };

  const first = await importOnce();
  assert.equal(first.status, 'completed', worker.output());
  assert.deepEqual(first.outcome, { parsed: 6, created: 6, duplicates: 0, replaced: 0, errors: [] });
  const second = await importOnce();
  assert.deepEqual(second.outcome, { parsed: 6, created: 0, duplicates: 6, replaced: 0, errors: [] });
  const list = (await (await fetch(`${svc.url}/v1/financial/transactions?accountId=${accountId}`, { headers: { authorization } })).json()) as { items: unknown[] };
  assert.equal(list.items.length, 6);
});

test("after the import commits, its autoCategorize job categorizes what the rules left: here the coffees, by the user's history", async () => {
  const tenant = randomUUID();
  const authorization = `Bearer ${await issuer.sign({ tid: tenant, sub: randomUUID(), perms: ['financial:read', 'financial:write'] })}`;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${svc.url}${path}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.ok(response.ok, await response.clone().text());
    return (await response.json()) as { id: string };
  };
  const accountId = (await post('/v1/financial/accounts', { name: 'Checking', type: 'checking', currency: 'EUR' })).id;
  const eatingOut = (await post('/v1/financial/categories', { name: 'Eating out', kind: 'expense' })).id;
  for (const bookingDate of ['2024-02-01', '2024-02-08', '2024-02-15']) {
    await post('/v1/financial/transactions', { accountId, bookingDate, amount: '-3.20', description: 'Coffee', counterpartyName: 'Café Central', categoryId: eatingOut });
  }
  const form = new FormData();
  form.append('accountId', accountId);
  form.append('file', new Blob([statementFixture('generic.csv')]), 'generic.csv');
  const { id } = (await (await fetch(`${svc.url}/v1/financial/imports`, { method: 'POST', headers: { authorization }, body: form })).json()) as { id: string };
  type Item = { description: string; categoryId: string | null; categoryProvenance: string | null; importId?: string | null };
  const imported = await waitFor(
    async () => {
      const page = (await (await fetch(`${svc.url}/v1/financial/transactions?accountId=${accountId}&limit=50`, { headers: { authorization } })).json()) as { items: Item[] };
      const coffees = page.items.filter((item) => item.description === 'Coffee' && item.categoryProvenance !== 'user');
      return coffees.length === 2 && coffees.every((item) => item.categoryProvenance === 'history') ? page.items : undefined;
    },
    { timeoutMs: 30_000, what: `import ${id} and its categorization` },
  );
  const others = imported.filter((item) => item.description !== 'Coffee');
  assert.equal(others.length, 4);
  assert.ok(others.every((item) => item.categoryId === null), 'no history, no AI configured: left uncategorized');
  assert.ok(imported.filter((item) => item.categoryProvenance === 'history').every((item) => item.categoryId === eatingOut));
});

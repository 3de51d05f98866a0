import { loadConfig, testingConfigSchema } from '@ai-service/config';
import { createPool, migrateSchema, runtimeRoleFor } from '@ai-service/db';
import {
  categorizeTransactions,
  createAccount,
  createCategory,
  createImport,
  createRule,
  createRuleGroup,
  createTransaction,
  runImport,
  type FinancialContext,
  type ImportContext,
  type ImportView,
} from '@ai-service/financial-domain';
import { startEmbeddedPostgres } from '@ai-service/pg-embedded';
import { parseStatement } from '@ai-service/statement-import';
import { createTestDatabase } from '@ai-service/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { copyBaseline } from './copy.ts';
import { generateStatement, MERCHANTS } from './generate.ts';

// `pnpm bench:import [-- --rows 100000 --samples 500]`: a generated Spanish-bank CSV imported the
// way financial-svc and worker-financial do it (accept: parse, check, store; job: parse, dedup,
// insert, events, rules, audit), the same file again (all duplicates), and a plain COPY of the same
// rows into a table shaped like financial.transactions, in one run against one Postgres
// (TEST_DATABASE_URL, or an embedded server started here). Then categorization_latency_ms as the
// TransactionSynced subscription sees it: rules + counterparty history, one transaction per run.
const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, samples: { type: 'string', default: '500' } } });
const ROWS = Number(values.rows);
const SAMPLES = Number(values.samples);
const GOAL_ROWS_PER_SECOND = 20_000;
const GOAL_COPY_RATIO = 10;

const config = loadConfig(testingConfigSchema, process.env, 'bench:import');
const embeddedDir = config.TEST_DATABASE_URL ? undefined : await mkdtemp(join(tmpdir(), 'bench-import-'));
const embedded = embeddedDir ? await startEmbeddedPostgres({ dataDir: embeddedDir, port: 54359, database: 'postgres' }) : undefined;
const database = await createTestDatabase(config.TEST_DATABASE_URL ?? embedded?.url ?? '');
await migrateSchema({ url: database.url, schema: 'financial', migrationsFolder: fileURLToPath(new URL('../../apps/financial-svc/drizzle', import.meta.url)) });
const pool = createPool({ url: database.url, max: 8, role: runtimeRoleFor('financial') });
const owner = new pg.Client({ connectionString: database.url });
await owner.connect();

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const verdict = (ok: boolean) => (ok ? 'meets the goal' : 'MISSES the goal');

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** A tenant as a user leaves it after a while: categories, a few rules, and earlier choices per counterparty. */
async function setUpTenant(ctx: FinancialContext): Promise<string> {
  const account = await createAccount({ ctx, input: { name: 'Cuenta corriente', type: 'checking', currency: 'EUR' } });
  const categories = new Map<string, string>();
  for (const name of new Set(MERCHANTS.map((merchant) => merchant.category))) {
    const kind = name === 'Salary' || name === 'Transfers' ? 'income' : 'expense';
    categories.set(name, (await createCategory({ ctx, input: { name, kind } })).id);
  }
  const group = await createRuleGroup({ ctx, input: { name: 'Bank concepts' } });
  const ruled = MERCHANTS.filter((_, index) => index % 2 === 0);
  for (const merchant of ruled) {
    await createRule({
      ctx,
      input: {
        groupId: group.id,
        name: merchant.name,
        logic: { conditions: [{ field: 'description', op: 'contains', value: merchant.concept }], actions: [{ type: 'setCategory', value: categories.get(merchant.category) }] },
      },
    });
  }
  // Counterparty memory for the merchants no rule covers: three earlier choices of the user each.
  for (const merchant of MERCHANTS.filter((candidate) => !ruled.includes(candidate))) {
    for (const day of ['2021-12-01', '2021-12-08', '2021-12-15']) {
      await createTransaction({
        ctx,
        input: { accountId: account.id, bookingDate: day, amount: merchant.income ? '100' : '-10', counterpartyName: merchant.name, description: merchant.concept, categoryId: categories.get(merchant.category) },
      });
    }
  }
  return account.id;
}

try {
  const tenantId = randomUUID();
  const ctx: FinancialContext = { db: drizzle(pool), tenantId, actorId: randomUUID(), traceId: undefined, clock: () => new Date() };
  const queued: string[] = [];
  const importCtx: ImportContext = { ...ctx, importQueue: { enqueueImport: async (job) => void queued.push(job.importId) } };
  const accountId = await setUpTenant(ctx);
  // A database in use has statistics (autovacuum keeps them); a fresh one would plan as if empty.
  await owner.query('analyze');
  const file = generateStatement(ROWS);
  console.log(`${ROWS.toLocaleString('en')} rows, ${(file.length / 1_048_576).toFixed(1)} MB of CSV; rules: ${Math.ceil(MERCHANTS.length / 2)}, active on ingest.\n`);

  const importOnce = async (): Promise<{ view: ImportView; acceptMs: number; jobMs: number }> => {
    const accepted = await timed(() => createImport({ ctx: importCtx, input: { accountId, file, fileName: 'movimientos.csv' } }));
    const job = await timed(() => runImport({ ctx: { ...ctx, actorId: null }, input: { importId: queued.shift() ?? accepted.value.id } }));
    return { view: job.value, acceptMs: accepted.ms, jobMs: job.ms };
  };

  const first = await importOnce();
  const firstMs = first.acceptMs + first.jobMs;
  console.log(`import (new rows)       ${seconds(firstMs).padStart(8)}  ${rate(ROWS, firstMs).toLocaleString('en').padStart(8)} rows/s   accept ${seconds(first.acceptMs)}, job ${seconds(first.jobMs)}`);
  console.log(`  outcome: ${JSON.stringify(first.view.outcome)}`);

  const second = await importOnce();
  const secondMs = second.acceptMs + second.jobMs;
  console.log(`same file again (dedup) ${seconds(secondMs).padStart(8)}  ${rate(ROWS, secondMs).toLocaleString('en').padStart(8)} rows/s   created ${second.view.outcome.created}, duplicates ${second.view.outcome.duplicates}`);

  // The same file for a tenant without rules: what the ingest itself costs, the rest of the job being rules.
  const bare: FinancialContext = { ...ctx, tenantId: randomUUID() };
  const bareAccount = await createAccount({ ctx: bare, input: { name: 'Sin reglas', type: 'checking', currency: 'EUR' } });
  const bareImport = await timed(async () => {
    const view = await createImport({ ctx: { ...bare, importQueue: importCtx.importQueue }, input: { accountId: bareAccount.id, file, fileName: 'movimientos.csv' } });
    return runImport({ ctx: bare, input: { importId: queued.shift() ?? view.id } });
  });
  console.log(`same file, no rules     ${seconds(bareImport.ms).padStart(8)}  ${rate(ROWS, bareImport.ms).toLocaleString('en').padStart(8)} rows/s   (rules took ≈ ${seconds(Math.max(0, firstMs - bareImport.ms))} of the first import)`);

  const rows = parseStatement(file).rows;
  const copyMs = await copyBaseline(owner, rows, { tenantId, accountId });
  console.log(`plain COPY, same rows   ${seconds(copyMs).padStart(8)}  ${rate(rows.length, copyMs).toLocaleString('en').padStart(8)} rows/s`);
  const ratio = firstMs / copyMs;
  console.log(`\nimport rows/s: ${rate(ROWS, firstMs).toLocaleString('en')} (goal ≥ ${GOAL_ROWS_PER_SECOND.toLocaleString('en')}): ${verdict(rate(ROWS, firstMs) >= GOAL_ROWS_PER_SECOND)}`);
  console.log(`import / COPY time: ${ratio.toFixed(1)}× (goal ≤ ${GOAL_COPY_RATIO}×): ${verdict(ratio <= GOAL_COPY_RATIO)}`);

  // categorization_latency_ms: the TransactionSynced subscription categorizes one transaction per run.
  const sample = await owner.query<{ id: string }>(`select id from financial.transactions where import_id = $1 order by md5(id::text) limit $2`, [first.view.id, SAMPLES]);
  const latencies: number[] = [];
  const layers = new Map<string, number>();
  for (const { id } of sample.rows) {
    const result = await categorizeTransactions({ ctx, input: { transactionIds: [id] } });
    for (const outcome of result.outcomes) {
      latencies.push(outcome.decidedAfterMs);
      layers.set(outcome.layer, (layers.get(outcome.layer) ?? 0) + 1);
    }
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `\ncategorization_latency_ms (rules + history, ${latencies.length} single-transaction runs): p50 ${percentile(latencies, 50).toFixed(1)}  p95 ${percentile(latencies, 95).toFixed(1)}   by layer ${JSON.stringify(Object.fromEntries(layers))}`,
  );
} finally {
  await owner.end();
  await pool.end();
  await database.drop();
  await embedded?.stop();
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
}

import { loadConfig, testingConfigSchema } from '@ai-service/config';
import { createPool, migrateSchema, runtimeRoleFor } from '@ai-service/db';
import {
  categorizeImport,
  categorizeTransactions,
  createAccount,
  createCategory,
  createImport,
  createRule,
  createRuleGroup,
  createTransaction,
  ingestTransactions,
  runImport,
  type CategorizationOutcome,
  type FinancialContext,
  type ImportPhase,
  type ImportView,
} from '@ai-service/financial-domain';
import { startEmbeddedPostgres } from '@ai-service/pg-embedded';
import { parseStatement, type StatementRow } from '@ai-service/statement-import';
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

// `npm run bench:import -- [--rows 100000 --samples 500 --runs 3]`: a generated Spanish-bank CSV
// imported the way financial-svc and worker-financial do it (accept: parse, check, store; job:
// parse, dedup, rules, insert, events, audit, commit), then the import's categorization job; the
// same file again (all duplicates); the same file for a tenant without rules; and a plain COPY of
// the same rows into a table shaped like financial.transactions, against one Postgres
// (TEST_DATABASE_URL, or an embedded server started here). Each run uses a fresh database that was
// never analyzed: the first big import of a new install, the planner's worst case.
const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, samples: { type: 'string', default: '500' }, runs: { type: 'string', default: '1' } } });
const ROWS = Number(values.rows);
const SAMPLES = Number(values.samples);
const RUNS = Number(values.runs);
const GOAL_ROWS_PER_SECOND = 20_000;
const GOAL_COPY_RATIO = 10;
const PHASES: readonly ImportPhase[] = ['parse', 'check', 'dedup', 'rules', 'insert', 'outbox', 'payments', 'audit', 'commit'];

const config = loadConfig(testingConfigSchema, process.env, 'bench:import');
const embeddedDir = config.TEST_DATABASE_URL ? undefined : await mkdtemp(join(tmpdir(), 'bench-import-'));
const embedded = embeddedDir ? await startEmbeddedPostgres({ dataDir: embeddedDir, port: 54359, database: 'postgres' }) : undefined;
const serverUrl = config.TEST_DATABASE_URL ?? embedded?.url ?? '';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const verdict = (ok: boolean) => (ok ? 'meets the goal' : 'MISSES the goal');
const spread = (numbers: number[], format: (value: number) => string) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted.length === 1 ? format(sorted[0]!) : `${format(sorted[0]!)} – ${format(sorted.at(-1)!)} (median ${format(percentile(sorted, 50))})`;
};

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** categorization_latency_ms as worker-financial observes it: per transaction, its run's time until decided, for every layer but the user's and splits'. */
function latencies(outcomes: readonly CategorizationOutcome[]) {
  const observed = outcomes.filter((outcome) => outcome.layer !== 'user' && outcome.layer !== 'split');
  const sorted = observed.map((outcome) => outcome.decidedAfterMs).sort((a, b) => a - b);
  const layers: Record<string, number> = {};
  for (const outcome of observed) layers[outcome.layer] = (layers[outcome.layer] ?? 0) + 1;
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), layers };
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

type RunResult = { importMs: number; copyMs: number; phases: Map<ImportPhase, number>; importJob: ReturnType<typeof latencies>; sync: ReturnType<typeof latencies> };

async function benchmarkRun(run: number, file: Buffer, rows: readonly StatementRow[]): Promise<RunResult> {
  const database = await createTestDatabase(serverUrl);
  await migrateSchema({ url: database.url, schema: 'financial', migrationsFolder: fileURLToPath(new URL('../../apps/financial-svc/drizzle', import.meta.url)) });
  const pool = createPool({ url: database.url, max: 8, role: runtimeRoleFor('financial') });
  const owner = new pg.Client({ connectionString: database.url });
  await owner.connect();
  try {
    const tenantId = randomUUID();
    const ctx: FinancialContext = { db: drizzle(pool), tenantId, actorId: randomUUID(), traceId: undefined, clock: () => new Date() };
    const jobCtx = (base: FinancialContext): FinancialContext => ({ ...base, actorId: null });
    const accountId = await setUpTenant(ctx);
    console.log(`\nrun ${run}: fresh database (never analyzed)`);

    const phases = new Map<ImportPhase, number>();
    const importOnce = async (onPhase?: (phase: ImportPhase, ms: number) => void): Promise<{ view: ImportView; acceptMs: number; jobMs: number }> => {
      const accepted = await timed(() => createImport({ ctx, input: { accountId, file, fileName: 'movimientos.csv' } }));
      const input = { importId: accepted.value.id, ...(onPhase ? { onPhase } : {}) };
      const job = await timed(() => runImport({ ctx: jobCtx(ctx), input }));
      return { view: job.value, acceptMs: accepted.ms, jobMs: job.ms };
    };

    const first = await importOnce((phase, ms) => phases.set(phase, (phases.get(phase) ?? 0) + ms));
    const importMs = first.acceptMs + first.jobMs;
    console.log(`import (new rows)       ${seconds(importMs).padStart(8)}  ${rate(ROWS, importMs).toLocaleString('en').padStart(8)} rows/s   accept ${seconds(first.acceptMs)}, job ${seconds(first.jobMs)}`);
    console.log(`  job split: ${PHASES.map((phase) => `${phase} ${seconds(phases.get(phase) ?? 0)}`).join(', ')}`);
    console.log(`  outcome: ${JSON.stringify(first.view.outcome)}`);

    // The import's autoCategorize job (history, then AI: none here), as worker-financial runs it once the import committed.
    const categorized = await timed(() => categorizeImport({ ctx: { ...ctx, actorId: null }, input: { importId: first.view.id } }));
    const importJob = latencies(categorized.value.outcomes);
    const ruled = Number((await owner.query<{ n: string }>(`select count(*) as n from financial.transactions where import_id = $1 and category_provenance = 'rule'`, [first.view.id])).rows[0]?.n);
    console.log(
      `categorization job      ${seconds(categorized.ms).padStart(8)}  ${rate(categorized.value.outcomes.length, categorized.ms).toLocaleString('en').padStart(8)} rows/s   ${categorized.value.outcomes.length.toLocaleString('en')} left uncategorized by the rules (${ruled.toLocaleString('en')} categorized by rules in the import)`,
    );

    const second = await importOnce();
    const secondMs = second.acceptMs + second.jobMs;
    console.log(`same file again (dedup) ${seconds(secondMs).padStart(8)}  ${rate(ROWS, secondMs).toLocaleString('en').padStart(8)} rows/s   created ${second.view.outcome.created}, duplicates ${second.view.outcome.duplicates}`);

    // The same file for a tenant without rules: what the ingest itself costs.
    const bare: FinancialContext = { ...ctx, tenantId: randomUUID() };
    const bareAccount = await createAccount({ ctx: bare, input: { name: 'Sin reglas', type: 'checking', currency: 'EUR' } });
    const bareImport = await timed(async () => {
      const view = await createImport({ ctx: bare, input: { accountId: bareAccount.id, file, fileName: 'movimientos.csv' } });
      return runImport({ ctx: jobCtx(bare), input: { importId: view.id } });
    });
    console.log(`same file, no rules     ${seconds(bareImport.ms).padStart(8)}  ${rate(ROWS, bareImport.ms).toLocaleString('en').padStart(8)} rows/s`);

    const copyMs = await copyBaseline(owner, rows, { tenantId, accountId });
    console.log(`plain COPY, same rows   ${seconds(copyMs).padStart(8)}  ${rate(rows.length, copyMs).toLocaleString('en').padStart(8)} rows/s   import / COPY ${(importMs / copyMs).toFixed(1)}×`);

    // Bank sync's path: each synced transaction categorized by its own run (the TransactionSynced subscription).
    const synced = await createAccount({ ctx, input: { name: 'Sincronizada', type: 'checking', currency: 'EUR' } });
    const sample = rows.slice(0, SAMPLES).map((row, index) => ({ ...row, externalId: `sync-${index}` }));
    const { createdIds } = await ingestTransactions({ ctx, input: { accountId: synced.id, source: 'gocardless', rows: sample } });
    const outcomes: CategorizationOutcome[] = [];
    for (const id of createdIds) outcomes.push(...(await categorizeTransactions({ ctx: { ...ctx, actorId: null }, input: { transactionIds: [id] } })).outcomes);
    const sync = latencies(outcomes);

    console.log(`categorization_latency_ms (rules + history)`);
    console.log(`  the import's job (${categorized.value.outcomes.length.toLocaleString('en')} transactions, runs of 1,000): p50 ${importJob.p50.toFixed(1)}  p95 ${importJob.p95.toFixed(1)}   by layer ${JSON.stringify(importJob.layers)}`);
    console.log(`  synced one by one (${outcomes.length} runs): p50 ${sync.p50.toFixed(1)}  p95 ${sync.p95.toFixed(1)}   by layer ${JSON.stringify(sync.layers)}`);
    return { importMs, copyMs, phases, importJob, sync };
  } finally {
    await owner.end();
    await pool.end();
    await database.drop();
  }
}

try {
  const file = generateStatement(ROWS);
  const rows = parseStatement(file).rows;
  console.log(`${ROWS.toLocaleString('en')} rows, ${(file.length / 1_048_576).toFixed(1)} MB of CSV; rules: ${Math.ceil(MERCHANTS.length / 2)}, active on ingest; ${RUNS} run(s).`);
  const results: RunResult[] = [];
  for (let run = 1; run <= RUNS; run += 1) results.push(await benchmarkRun(run, file, rows));

  const rates = results.map((result) => rate(ROWS, result.importMs));
  const ratios = results.map((result) => result.importMs / result.copyMs);
  console.log(`\nover ${RUNS} run(s):`);
  console.log(`import rows/s: ${spread(rates, (value) => value.toLocaleString('en'))} (goal ≥ ${GOAL_ROWS_PER_SECOND.toLocaleString('en')}): ${verdict(Math.min(...rates) >= GOAL_ROWS_PER_SECOND)}`);
  console.log(`import / COPY time: ${spread(ratios, (value) => `${value.toFixed(1)}×`)} (goal ≤ ${GOAL_COPY_RATIO}×): ${verdict(Math.max(...ratios) <= GOAL_COPY_RATIO)}`);
  console.log(`COPY: ${spread(results.map((result) => result.copyMs), seconds)}`);
  for (const phase of PHASES) console.log(`  ${phase.padEnd(7)} ${spread(results.map((result) => result.phases.get(phase) ?? 0), seconds)}`);
  console.log(`categorization_latency_ms, import job: p50 ${spread(results.map((result) => result.importJob.p50), (value) => value.toFixed(0))}, p95 ${spread(results.map((result) => result.importJob.p95), (value) => value.toFixed(0))}`);
  console.log(`categorization_latency_ms, synced one by one: p50 ${spread(results.map((result) => result.sync.p50), (value) => value.toFixed(1))}, p95 ${spread(results.map((result) => result.sync.p95), (value) => value.toFixed(1))}`);
} finally {
  await embedded?.stop();
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
}

import { loadConfig, testingConfigSchema } from '@ai-service/config';
import { testDatastores } from '@ai-service/jobs/testing';
import { setUpFixture } from '@ai-service/outbox/testing';
import { startEmbeddedPostgres } from '@ai-service/pg-embedded';
import { createTestDatabase } from '@ai-service/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Figures } from './figures.ts';
import { ourPipeline } from './pipeline.ts';
import { rawBullmq } from './raw.ts';

// `pnpm bench:jobs [-- --events 5000 --concurrency 16 --rates 1000,250]`: for each datastore
// (Postgres always, Redis when TEST_REDIS_URL is set), raw BullMQ (add + no-op worker) against our
// pipeline (commit with outbox → relay → queue → idempotent consumer): throughput at full speed,
// then end-to-end latency at fixed offered rates (5 s each). Postgres: TEST_DATABASE_URL, or an
// embedded server started here.
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
    rates: { type: 'string', default: '1000,250' },
  },
});
const total = Number(values.events);
const concurrency = Number(values.concurrency);
const rates = values.rates.split(',').map(Number);
const RATE_SECONDS = 5;

const config = loadConfig(testingConfigSchema, process.env, 'bench:jobs');
const embeddedDir = config.TEST_DATABASE_URL ? undefined : await mkdtemp(join(tmpdir(), 'bench-jobs-'));
const embedded = embeddedDir ? await startEmbeddedPostgres({ dataDir: embeddedDir, port: 54349, database: 'postgres' }) : undefined;
const serverUrl = config.TEST_DATABASE_URL ?? embedded?.url ?? '';
const fixture = await setUpFixture(await createTestDatabase(serverUrl), serverUrl, { poolMax: concurrency + 2 });

const ms = (value: number) => `${value.toFixed(1)} ms`;
const row = (label: string, f: Figures) =>
  `  ${label.padEnd(34)} ${f.eventsPerSecond.toFixed(0).padStart(7)} events/s   p50 ${ms(f.p50Ms).padStart(9)}   p99 ${ms(f.p99Ms).padStart(9)}`;

try {
  console.log(`${total} events per full-speed run, ${concurrency} producers and ${concurrency} worker slots; paced runs: ${RATE_SECONDS} s each.\n`);
  for (const store of testDatastores(fixture.databaseUrl)) {
    try {
      const full = { total, concurrency };
      console.log(`${store.kind}`);
      const raw = await rawBullmq(store.datastore, store.prefix, concurrency, full);
      console.log(row('raw BullMQ, full speed', raw));
      const ours = await ourPipeline(fixture, store.datastore, store.prefix, concurrency, full);
      console.log(row('our pipeline, full speed', ours));
      for (const rate of rates) {
        const paced = { total: rate * RATE_SECONDS, concurrency, ratePerSecond: rate };
        console.log(row(`raw BullMQ, offered ${rate}/s`, await rawBullmq(store.datastore, store.prefix, concurrency, paced)));
        console.log(row(`our pipeline, offered ${rate}/s`, await ourPipeline(fixture, store.datastore, store.prefix, concurrency, paced)));
      }
      console.log(`  throughput ratio (ours / raw, full speed): ${((100 * ours.eventsPerSecond) / raw.eventsPerSecond).toFixed(0)} %\n`);
    } finally {
      await store.cleanup();
    }
  }
} finally {
  await fixture.close();
  await embedded?.stop();
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
}

import { loadConfig, testingConfigSchema } from '@ai-service/config';
import { testDatastores } from '@ai-service/jobs/testing';
import { setUpFixture } from '@ai-service/outbox/testing';
import { startEmbeddedPostgres } from '@ai-service/pg-embedded';
import { createTestDatabase } from '@ai-service/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Figures } from './figures.ts';
import { commitsAlone, ourPipeline } from './pipeline.ts';
import { rawBullmq } from './raw.ts';

// `npm run bench:jobs -- [--events 5000 --concurrency 16 --runs 3 --rates 1000,250]`: for each
// datastore (Postgres always, Redis when TEST_REDIS_URL is set), raw BullMQ (add + no-op worker)
// against our pipeline (commit with outbox → relay → queue → idempotent consumer), both with the
// same producers and worker slots: full-speed throughput `runs` times, raw and ours taking turns
// (on a shared machine the ratio within one pair is what means something; the spread shows the
// noise), then the producers' commits alone (the ceiling of any outbox pipeline here), then
// end-to-end latency at fixed offered rates (5 s each). Postgres: TEST_DATABASE_URL, or an
// embedded server started here.
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
    runs: { type: 'string', default: '3' },
    rates: { type: 'string', default: '1000,250' },
  },
});
const total = Number(values.events);
const concurrency = Number(values.concurrency);
const runs = Number(values.runs);
const rates = values.rates.split(',').map(Number);
const RATE_SECONDS = 5;

const config = loadConfig(testingConfigSchema, process.env, 'bench:jobs');
const embeddedDir = config.TEST_DATABASE_URL ? undefined : await mkdtemp(join(tmpdir(), 'bench-jobs-'));
const embedded = embeddedDir ? await startEmbeddedPostgres({ dataDir: embeddedDir, port: 54349, database: 'postgres' }) : undefined;
const serverUrl = config.TEST_DATABASE_URL ?? embedded?.url ?? '';
const fixture = await setUpFixture(await createTestDatabase(serverUrl), serverUrl, { poolMax: concurrency + 2 });

const ms = (value: number) => `${value.toFixed(1)} ms`;
const row = (label: string, f: Figures) =>
  `  ${label.padEnd(40)} ${f.eventsPerSecond.toFixed(0).padStart(7)} events/s   p50 ${ms(f.p50Ms).padStart(9)}   p99 ${ms(f.p99Ms).padStart(9)}`;
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)} %`;
const median = (sorted: number[]) => sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;

try {
  console.log(`${total} events per full-speed run, ${concurrency} producers and ${concurrency} worker slots; paced runs: ${RATE_SECONDS} s each.`);
  console.log(`Load average at start: ${loadavg()[0]?.toFixed(1)} (${new Date().toISOString()}).\n`);
  for (const store of testDatastores(fixture.databaseUrl)) {
    try {
      const base = { fixture, datastore: store.datastore, prefix: store.prefix, workerConcurrency: concurrency };
      const full = { ...base, drive: { total, concurrency } };
      console.log(`${store.kind}`);
      const ratios: number[] = [];
      let lastRaw: Figures | undefined;
      for (let run = 1; run <= runs; run++) {
        const raw = await rawBullmq(full);
        console.log(row(`raw BullMQ, full speed (run ${run})`, raw));
        const ours = await ourPipeline(full);
        console.log(row(`our pipeline, full speed (run ${run})`, ours));
        ratios.push(ours.eventsPerSecond / raw.eventsPerSecond);
        lastRaw = raw;
      }
      const commits = await commitsAlone(full);
      console.log(row('producer commits alone (no queue)', commits));
      for (const rate of rates) {
        const paced = { ...base, drive: { total: rate * RATE_SECONDS, concurrency, ratePerSecond: rate } };
        console.log(row(`raw BullMQ, offered ${rate}/s`, await rawBullmq(paced)));
        console.log(row(`our pipeline, offered ${rate}/s`, await ourPipeline(paced)));
      }
      const sorted = [...ratios].sort((a, b) => a - b);
      console.log(
        `  throughput ratio ours / raw, full speed: ${percent(median(sorted), 1)} median of ${runs} ` +
          `(${sorted.map((ratio) => percent(ratio, 1)).join(', ')})`,
      );
      if (lastRaw) console.log(`  producer commits alone / raw (last run): ${percent(commits.eventsPerSecond, lastRaw.eventsPerSecond)}\n`);
    } finally {
      await store.cleanup();
    }
  }
} finally {
  await fixture.close();
  await embedded?.stop();
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
}

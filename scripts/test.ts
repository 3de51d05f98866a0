// Runs every *.test.ts with node:test. Integration tests need a Postgres server: TEST_DATABASE_URL
// when given (CI sets it to the machine's server), otherwise an embedded one started here, so
// `npm test` works on a machine that has nothing but Node.js and npm.
import { loadConfig, testingConfigSchema } from '@ai-service/config';
import { startEmbeddedPostgres } from '@ai-service/pg-embedded';
import { spawn } from 'node:child_process';
import { glob } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const config = loadConfig(testingConfigSchema, process.env, 'tests');

async function testFiles(): Promise<string[]> {
  const files: string[] = [];
  for await (const file of glob('{apps,packages,infra,tests,bench}/**/*.test.ts', { cwd: root, exclude: (name) => name.includes('node_modules') })) {
    if (filters.length === 0 || filters.some((filter) => file.includes(filter))) files.push(file);
  }
  return files.sort();
}

const files = await testFiles();
const embedded = config.TEST_DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: join(root, '.data', 'test-postgres'), port: 54339, database: 'postgres' });
const databaseUrl = config.TEST_DATABASE_URL ?? embedded?.url ?? '';
if (!config.TEST_REDIS_URL) console.log('TEST_REDIS_URL is not set: tests that need Redis run on Postgres only.');

const child = spawn(
  process.execPath,
  ['--test', `--test-concurrency=${Math.max(2, availableParallelism())}`, '--test-timeout=120000', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: databaseUrl } },
);
const code: number = await new Promise((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
await embedded?.stop();
process.exit(code);

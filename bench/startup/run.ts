import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureRun, type RunFigures } from './measure-run.ts';
import { meetsGoals, renderRun } from './report.ts';

// `npm run bench:startup -- [--data-dir <dir>]`: starts the real launcher twice on free ports, first
// on an empty (temporary) data folder, then on the folder the first run kept; prints start-up
// times and memory against the goals (all ready ≤ 10 s, total RSS ≤ 800 MB).
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
const givenDataDir = values['data-dir'];
const workDir = givenDataDir === undefined ? await mkdtemp(path.join(tmpdir(), 'bench-startup-')) : undefined;
if (workDir !== undefined) await chmod(workDir, 0o755); // as root, Postgres runs as `postgres` and must enter it
const dataDir = givenDataDir === undefined ? path.join(workDir ?? '', 'data') : path.resolve(givenDataDir);

// Start-up is CPU-bound (nine Node processes compiling at once): other load skews the figures.
console.log(`machine: ${availableParallelism()} CPUs, load average ${loadavg().map((load) => load.toFixed(2)).join(' ')}; Node ${process.version}\n`);
const runs: RunFigures[] = [];
try {
  for (let index = 0; index < 2; index++) {
    const run = await measureRun(process.env, dataDir);
    runs.push(run);
    console.log(`${renderRun(run, index)}\n`);
  }
} finally {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
}
console.log(runs.every(meetsGoals) ? 'Both runs meet the goals.' : 'At least one run misses a goal.');

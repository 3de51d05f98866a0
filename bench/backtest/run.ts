import { runBacktest } from '@ai-service/trading';
import { randomWalkSeries } from '@ai-service/trading/testing';
import { parseArgs } from 'node:util';
import { renderTable } from '../../infra/launcher/src/text-table.ts';
import { bareSmaCrossoverEntries } from './bareLoop.ts';

// `npm run bench:backtest -- [--candles 1000000 --runs 7 --fast 10 --slow 30]`: the SMA crossover
// backtest over a seeded random walk against a bare loop computing the same two moving averages over
// the same close array, alternating the two in one process after a warm-up run of each.
const { values } = parseArgs({
  options: {
    candles: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '7' },
    fast: { type: 'string', default: '10' },
    slow: { type: 'string', default: '30' },
    seed: { type: 'string', default: '42' },
  },
});
const candles = Number(values.candles);
const runs = Number(values.runs);
const fast = Number(values.fast);
const slow = Number(values.slow);
const GOALS = { minCandlesPerSecond: 1_000_000, minRatio: 0.25 } as const;

const series = randomWalkSeries({ candles, seed: Number(values.seed) });
const backtest = () =>
  runBacktest({ series, strategy: 'sma-crossover', parameters: { fast, slow }, initialCapital: 10_000, fee: 0.001, slippage: 0.0005, timeframe: '1m' }).metrics.trades;
const bare = () => bareSmaCrossoverEntries(series.close, fast, slow);

type Timing = { wall: number; cpu: number; entries: number };

/**
 * Candles per second of wall-clock time, and per second of this thread's CPU time (which other
 * processes on a busy machine do not inflate). Each timing repeats its loop for 100–250 ms: the
 * thread CPU clock advances in steps of 0.4–3 ms on the development VM, which made the 40 ms
 * timings of three engine runs jump by 10 % between neighbouring values.
 */
function timed(run: () => number, repetitions: number): Timing {
  const cpuBefore = process.threadCpuUsage();
  const started = process.hrtime.bigint();
  let entries = 0;
  for (let repetition = 0; repetition < repetitions; repetition++) entries = run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.threadCpuUsage(cpuBefore);
  return { wall: (repetitions * candles) / seconds, cpu: (repetitions * candles) / ((cpu.user + cpu.system) / 1e6), entries };
}

const ENGINE_REPETITIONS = 10;
const BARE_REPETITIONS = 60;

type Summary = { median: number; min: number; max: number; spreadPct: number };
function summarize(rates: number[]): Summary {
  const sorted = [...rates].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const min = sorted[0] ?? Number.NaN;
  const max = sorted.at(-1) ?? Number.NaN;
  return { median, min, max, spreadPct: (100 * (max - min)) / median };
}

timed(bare, BARE_REPETITIONS);
timed(backtest, ENGINE_REPETITIONS);
const engineRuns: Timing[] = [];
const bareRuns: Timing[] = [];
for (let run = 0; run < runs; run++) {
  const engine = timed(backtest, ENGINE_REPETITIONS);
  const baseline = timed(bare, BARE_REPETITIONS);
  if (engine.entries !== baseline.entries) throw new Error(`engine filled ${engine.entries} entries, the bare loop counted ${baseline.entries}`);
  engineRuns.push(engine);
  bareRuns.push(baseline);
}

const millions = (value: number) => `${(value / 1e6).toFixed(2)} M`;
const row = (label: string, summary: Summary) => [label, millions(summary.median), millions(summary.min), millions(summary.max), `${summary.spreadPct.toFixed(0)} %`];
const engine = { wall: summarize(engineRuns.map((run) => run.wall)), cpu: summarize(engineRuns.map((run) => run.cpu)) };
const baseline = { wall: summarize(bareRuns.map((run) => run.wall)), cpu: summarize(bareRuns.map((run) => run.cpu)) };
const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');
const ratio = (clock: 'wall' | 'cpu') => engine[clock].median / baseline[clock].median;

console.log(
  `SMA crossover (${fast}/${slow}) over ${candles.toLocaleString('en')} candles: ${runs} timings each (engine ×${ENGINE_REPETITIONS}, bare loop ×${BARE_REPETITIONS} per timing) after one warm-up, Node ${process.versions.node}\n`,
);
console.log(
  renderTable(
    ['LOOP', 'CLOCK', 'MEDIAN CANDLES/S', 'MIN', 'MAX', 'MAX-MIN / MEDIAN'],
    [
      row('runBacktest (engine)', engine.wall).toSpliced(1, 0, 'wall'),
      row('', engine.cpu).toSpliced(1, 0, 'thread CPU'),
      row('bare loop (two SMAs)', baseline.wall).toSpliced(1, 0, 'wall'),
      row('', baseline.cpu).toSpliced(1, 0, 'thread CPU'),
    ],
  ),
);
console.log(`\nengine: ${millions(engine.wall.median)} candles/s wall-clock (goal ≥ ${millions(GOALS.minCandlesPerSecond)}) ${verdict(engine.wall.median >= GOALS.minCandlesPerSecond)}`);
console.log(`engine / bare loop: ${(100 * ratio('wall')).toFixed(1)} % wall-clock, ${(100 * ratio('cpu')).toFixed(1)} % thread CPU (goal ≥ ${100 * GOALS.minRatio} %) ${verdict(ratio('wall') >= GOALS.minRatio)}`);

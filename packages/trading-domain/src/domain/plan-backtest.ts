import {
  isTradingError,
  parseStrategyParameters,
  STRATEGY_NAMES,
  sweepGrid,
  walkForwardWindows,
  type BacktestMetrics,
  type StrategyName,
  type TimeRange,
} from '@ai-service/trading';
import { TradingDomainError } from '../errors.ts';
import { parseSeriesKey, type MarketSeries } from './series-key.ts';
import type { SweepGrid, WalkForwardOptions, WindowReport } from './types.ts';

/** Runs one request may make, out-of-sample runs included: a sweep is one job per grid point. */
export const MAX_RUNS = 1_000;

export type RequestBacktestInput = {
  strategy: string;
  parameters?: Record<string, unknown> | undefined;
  exchange: string;
  symbol: string;
  timeframe: string;
  /** ISO 8601; candles whose open time is in [from, to). */
  from: string;
  to: string;
  /** Decimal string, kept exact in the request; the simulator reads it as a float. */
  initialCapital: string;
  fee: number;
  slippage: number;
  /** Per parameter, the values to try: numbers, strings or booleans. */
  sweep?: Record<string, unknown[]> | undefined;
  walkForward?: WalkForwardOptions | undefined;
  rankBy?: keyof BacktestMetrics | undefined;
};

export type PlannedRun = { role: 'grid-point' | 'in-sample' | null; windowIndex: number | null; parameters: Record<string, unknown>; range: TimeRange };

export type BacktestPlan = {
  kind: 'single' | 'sweep' | 'walk-forward';
  strategy: StrategyName;
  series: MarketSeries;
  range: TimeRange;
  /** A run's parameters completed with the strategy's defaults; a sweep's as given (the grid completes them). */
  parameters: Record<string, unknown>;
  sweep: SweepGrid | null;
  /** Runs queued now; a walk-forward adds one out-of-sample run per window once its in-sample runs finish. */
  runs: PlannedRun[];
  /** Walk-forward: each window's in-sample and out-of-sample ranges. */
  windows: WindowReport[] | null;
};

const invalid = (field: string, message: string) => new TradingDomainError('invalid_input', `${field} ${message}.`, [{ field, message }]);

/**
 * Checks a backtest request and lays out its runs: one run; or one per grid point of a sweep; or,
 * for a walk-forward, one per grid point (or the given parameters) on each window's in-sample range.
 * Every grid point's parameters are validated here, so a sweep never queues a run that must fail.
 */
export function planBacktest(input: RequestBacktestInput): BacktestPlan {
  const series = parseSeriesKey(input);
  if (!(STRATEGY_NAMES as readonly string[]).includes(input.strategy)) throw invalid('strategy', `must be one of ${STRATEGY_NAMES.join(', ')}`);
  const strategy = input.strategy as StrategyName;
  const range = { from: Date.parse(input.from), to: Date.parse(input.to) };
  if (!Number.isFinite(range.from)) throw invalid('from', 'must be an ISO 8601 date-time');
  if (!Number.isFinite(range.to)) throw invalid('to', 'must be an ISO 8601 date-time');
  if (range.to <= range.from) throw invalid('to', 'must be after from');
  if (!(Number(input.initialCapital) > 0)) throw invalid('initialCapital', 'must be more than zero');

  const sweep = input.sweep && sweepOf(input.sweep);
  const windows = input.walkForward ? planWindows(range, input.walkForward) : null;
  // Counted before the grid is expanded: a grid too large to run must not be built either.
  const gridPoints = sweep ? Object.values(sweep).reduce((count, values) => count * values.length, 1) : 1;
  const runCount = windows ? windows.length * (gridPoints + 1) : gridPoints;
  if (runCount > MAX_RUNS) {
    throw new TradingDomainError('too_many_runs', `This request makes ${runCount} runs; at most ${MAX_RUNS} are allowed.`, [
      { field: sweep ? 'sweep' : 'walkForward.windows', message: `makes ${runCount} runs (at most ${MAX_RUNS})` },
    ]);
  }
  const candidates = (sweep ? sweepGrid(sweep) : [{}]).map((point) => validParameters(strategy, input.parameters ?? {}, point));
  // A sweep's own parameters may be incomplete on their own (the grid supplies the rest): kept as given.
  const parameters = sweep ? (input.parameters ?? {}) : candidates[0]!;

  if (windows) {
    const runs = windows.flatMap((window) => candidates.map((candidate) => ({ role: 'in-sample' as const, windowIndex: window.index, parameters: candidate, range: window.inSample })));
    return { kind: 'walk-forward', strategy, series, range, parameters, sweep: sweep ?? null, runs, windows };
  }
  if (sweep) return { kind: 'sweep', strategy, series, range, parameters, sweep, runs: candidates.map((candidate) => ({ role: 'grid-point', windowIndex: null, parameters: candidate, range })), windows: null };
  return { kind: 'single', strategy, series, range, parameters, sweep: null, runs: [{ role: null, windowIndex: null, parameters, range }], windows: null };
}

function sweepOf(grid: Record<string, unknown[]>): SweepGrid {
  const scalar = (value: unknown) => typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
  const bad = Object.entries(grid).find(([, values]) => values.length === 0 || !values.every(scalar));
  if (bad) throw invalid(`sweep.${bad[0]}`, 'must list one or more values, each a number, string or boolean');
  return grid as SweepGrid;
}

/** The strategy's parameters for one grid point; a refusal names the field where the caller wrote it. */
function validParameters(strategy: StrategyName, parameters: Record<string, unknown>, point: Record<string, unknown>): Record<string, unknown> {
  try {
    return parseStrategyParameters(strategy, { ...parameters, ...point });
  } catch (error) {
    if (!isTradingError(error)) throw error;
    const key = error.field?.split('.')[0];
    const field = key && key !== 'parameters' ? (Object.hasOwn(point, key) ? `sweep.${error.field}` : `parameters.${error.field}`) : 'parameters';
    const value = key && Object.hasOwn(point, key) ? ` (sweep value ${JSON.stringify(point[key])})` : '';
    throw new TradingDomainError('invalid_parameters', `${error.message}${value}`, [{ field, message: error.message }], { cause: error });
  }
}

function planWindows(range: TimeRange, options: WalkForwardOptions): WindowReport[] {
  try {
    return walkForwardWindows({ ...range, ...options }).map(({ index, inSample, outOfSample }) => ({ index, inSample, outOfSample }));
  } catch (error) {
    if (!isTradingError(error)) throw error;
    const field = error.field === 'to' ? 'to' : `walkForward.${error.field ?? 'windows'}`;
    throw new TradingDomainError('invalid_input', error.message, [{ field, message: error.message }], { cause: error });
  }
}

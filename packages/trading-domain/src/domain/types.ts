import type { BacktestMetrics, BacktestTrade, EquityPoint, TimeRange } from '@ai-service/trading';
import type { BacktestRow } from '../repositories/backtests.ts';

/** Grid values a sweep tries, per strategy parameter. */
export type SweepGrid = Record<string, Array<number | string | boolean>>;

export type WalkForwardOptions = { windows: number; inSampleRatio: number };

/** A sweep parent's table: completed runs in rank order (rank 1 is best), then the failed ones (rank null). */
export type RankedRun = {
  rank: number | null;
  backtestId: string;
  parameters: Record<string, unknown>;
  status: 'completed' | 'failed';
  metrics: BacktestMetrics | null;
  error: string | null;
};

/**
 * One walk-forward window: the ranges (planned at request time), then the in-sample runs, the
 * parameters chosen from them, and the out-of-sample run of those parameters.
 */
export type WindowReport = {
  index: number;
  inSample: TimeRange;
  outOfSample: TimeRange;
  /** In-sample runs tried (one per grid point, or one with the given parameters). */
  candidates?: number;
  chosenParameters?: Record<string, unknown> | null;
  inSampleBacktestId?: string | null;
  inSampleMetrics?: BacktestMetrics | null;
  outOfSampleBacktestId?: string | null;
  outOfSampleMetrics?: BacktestMetrics | null;
  error?: string | null;
};

/** The out-of-sample windows chained in order: each window's returns compound onto the previous ones'. */
export type WalkForwardAggregate = {
  windows: number;
  totalReturn: number;
  maxDrawdown: number;
  trades: number;
  winRate: number;
  profitFactor: number | null;
  equityCurve: EquityPoint[];
};

export type BacktestRunResult = { candles: number; metrics: BacktestMetrics; trades: BacktestTrade[]; equityCurve: EquityPoint[] };

export type BacktestProgress = { processedCandles: number; totalCandles: number; percent: number };

/** A backtest as the API shows it. Results appear once completed: a run's own, a sweep's ranking, a walk-forward's windows. */
export type BacktestView = Pick<
  BacktestRow,
  | 'id'
  | 'kind'
  | 'role'
  | 'windowIndex'
  | 'parentId'
  | 'status'
  | 'strategy'
  | 'parameters'
  | 'exchange'
  | 'symbol'
  | 'timeframe'
  | 'initialCapital'
  | 'fee'
  | 'slippage'
  | 'sweep'
  | 'walkForward'
  | 'rankBy'
  | 'error'
  | 'createdAt'
  | 'startedAt'
  | 'finishedAt'
> & {
  from: Date;
  to: Date;
  progress: BacktestProgress;
  result: BacktestRunResult | null;
  ranking: RankedRun[] | null;
  windows: WindowReport[] | null;
  aggregate: WalkForwardAggregate | null;
};

export type BacktestPage = { items: BacktestView[]; nextCursor: string | null };

import { YEAR_MS } from '../market-data/timeframes.ts';
import { createStrategy } from '../strategies/strategies.ts';
import { CandleReplay } from './candleReplay.ts';
import type { BacktestInput, BacktestMetrics, BacktestResult, BacktestTrade, StrategyBacktestInput } from './types.ts';
import { validateBacktestInput } from './validateBacktestInput.ts';

const PROGRESS_EVERY = 65_536;
/** Candles per call of the replay loop (see CandleReplay.advance); divides PROGRESS_EVERY. */
const CHUNK = 1024;

/** Backtests a built-in strategy by name, its parameters validated too (invalid_parameters). */
export function runBacktest(input: BacktestInput): BacktestResult {
  const { strategy, parameters, ...options } = input;
  validateBacktestInput(options);
  return simulate({ ...options, strategy: createStrategy(strategy, parameters) });
}

/** Backtests any strategy instance (a fresh one: it keeps indicator state) with the same rules. */
export function backtestStrategy(input: StrategyBacktestInput): BacktestResult {
  validateBacktestInput(input);
  return simulate(input);
}

function simulate(input: StrategyBacktestInput): BacktestResult {
  const { series, onProgress } = input;
  const { length, time } = series;
  const replay = new CandleReplay(input);
  for (let from = 0; from < length; from += CHUNK) {
    const to = Math.min(length, from + CHUNK);
    replay.advance(from, to);
    if (to % PROGRESS_EVERY === 0) onProgress?.(to);
  }
  onProgress?.(length);

  const trades = replay.account.trades.toTrades();
  const last = length - 1;
  return {
    candles: length,
    trades,
    equityCurve: replay.sampler.points,
    metrics: metrics(input, replay, trades, (time[last] as number) + replay.step - (time[0] as number)),
  };
}

function metrics(input: StrategyBacktestInput, replay: CandleReplay, tradeList: readonly BacktestTrade[], elapsedMs: number): BacktestMetrics {
  const { initialCapital } = input;
  const { account, statistics } = replay;
  const candles = input.series.length;
  const finalEquity = account.cash;
  const periodsPerYear = YEAR_MS / replay.step;
  let grossProfit = 0;
  let grossLoss = 0;
  let wins = 0;
  for (const trade of tradeList) {
    if (trade.pnl > 0) {
      wins++;
      grossProfit += trade.pnl;
    } else grossLoss -= trade.pnl;
  }
  const trades = tradeList.length;
  const growth = finalEquity / initialCapital;
  // Compounding a short series to a year overflows quickly; keep the metric a finite number.
  const cagr = Math.min(growth ** (YEAR_MS / elapsedMs) - 1, Number.MAX_VALUE);
  return {
    initialCapital,
    finalEquity,
    totalReturn: growth - 1,
    cagr,
    maxDrawdown: statistics.maxDrawdown,
    sharpe: statistics.sharpe(candles, periodsPerYear),
    sortino: statistics.sortino(candles, periodsPerYear),
    winRate: trades === 0 ? 0 : wins / trades,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    exposure: replay.candlesInPosition / candles,
    fills: account.fills,
    trades,
    fees: account.fees,
  };
}

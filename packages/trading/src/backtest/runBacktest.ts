import { timeframeMs, YEAR_MS } from '../market-data/timeframes.ts';
import { createStrategy } from '../strategies/strategies.ts';
import { advanceContext, SeriesContext } from '../strategies/strategyContext.ts';
import { TradingError } from '../errors.ts';
import { Account } from './account.ts';
import { EquitySampler } from './equitySampler.ts';
import { EquityStatistics } from './equityStatistics.ts';
import type { BacktestInput, BacktestMetrics, BacktestResult, StrategyBacktestInput } from './types.ts';
import { validateBacktestInput } from './validateBacktestInput.ts';

const PROGRESS_EVERY_MASK = 0xffff;
const NONE = 0;
const ENTER = 1;
const EXIT = 2;

/** A share of the cash to commit: (0, 1], or the strategy is broken. */
function entryFraction(fraction: number): number {
  if (!(fraction > 0 && fraction <= 1)) {
    throw new TradingError('invalid_backtest', `The strategy sized an entry with fraction ${fraction}, outside (0, 1]`, { field: 'parameters' });
  }
  return fraction;
}

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

/**
 * Replays the strategy over the series, candle by candle, in float64. Per candle: the order decided
 * at the previous close fills at this open; open-position exits are tested against this candle's
 * range; the strategy sees this closed candle and decides; equity is marked at the close. The last
 * candle's signal is not filled and a position still open is sold at the last close.
 */
function simulate(input: StrategyBacktestInput): BacktestResult {
  const { series, strategy, onProgress } = input;
  const { length, time, open, high, low, close } = series;
  const step = timeframeMs(input.timeframe);
  const last = length - 1;
  const account = new Account(input.initialCapital, input.fee, input.slippage, strategy.risk);
  const statistics = new EquityStatistics(input.initialCapital);
  const context = new SeriesContext(series);
  const sampler = new EquitySampler(length);
  const positionSize = entryFraction(strategy.positionSize);
  let pending = NONE;
  let pendingFraction = positionSize;
  let candlesInPosition = 0;

  for (let index = 0; index < length; index++) {
    // Read on every candle although used only on fills: a sequential read is prefetched, while the
    // occasional read of a fill missed the cache (perf put it among the loop's hottest instructions).
    const openPrice = open[index] as number;
    const openTime = time[index] as number;
    if (pending === ENTER) account.buy(openPrice, openTime, pendingFraction);
    else if (pending === EXIT) account.sell(openPrice, openTime, 'signal');
    pending = NONE;
    if (account.quantity > 0) {
      if (account.hasExitLevels) account.applyExits(openPrice, high[index] as number, low[index] as number, openTime);
      if (account.quantity > 0) candlesInPosition++;
    }

    advanceContext(context, index, account.quantity > 0, account.entryPrice);
    const signal = strategy.onCandle(context);
    if (index === last) {
      if (account.quantity > 0) account.sell(close[index] as number, openTime + step, 'end-of-data');
    } else if (signal !== 'hold') {
      if (signal === 'exit') pending = account.quantity > 0 ? EXIT : NONE;
      else if (account.quantity === 0) {
        pending = ENTER;
        pendingFraction = signal === 'enter-long' ? positionSize : entryFraction(signal.fraction);
      }
    }

    const marked = account.cash + account.quantity * (close[index] as number);
    statistics.mark(marked);
    if (index === sampler.next) sampler.keep(openTime + step, marked);
    if ((index & PROGRESS_EVERY_MASK) === PROGRESS_EVERY_MASK && onProgress) onProgress(index + 1);
  }
  onProgress?.(length);

  return {
    candles: length,
    trades: account.trades,
    equityCurve: sampler.points,
    metrics: metrics(input, account, statistics, candlesInPosition, (time[last] as number) + step - (time[0] as number), step),
  };
}

function metrics(input: StrategyBacktestInput, account: Account, statistics: EquityStatistics, candlesInPosition: number, elapsedMs: number, step: number): BacktestMetrics {
  const { initialCapital } = input;
  const finalEquity = account.cash;
  const periodsPerYear = YEAR_MS / step;
  let grossProfit = 0;
  let grossLoss = 0;
  let wins = 0;
  for (const trade of account.trades) {
    if (trade.pnl > 0) {
      wins++;
      grossProfit += trade.pnl;
    } else grossLoss -= trade.pnl;
  }
  const trades = account.trades.length;
  const growth = finalEquity / initialCapital;
  // Compounding a short series to a year overflows quickly; keep the metric a finite number.
  const cagr = Math.min(growth ** (YEAR_MS / elapsedMs) - 1, Number.MAX_VALUE);
  return {
    initialCapital,
    finalEquity,
    totalReturn: growth - 1,
    cagr,
    maxDrawdown: statistics.maxDrawdown,
    sharpe: statistics.sharpe(periodsPerYear),
    sortino: statistics.sortino(periodsPerYear),
    winRate: trades === 0 ? 0 : wins / trades,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    exposure: candlesInPosition / input.series.length,
    fills: account.fills,
    trades,
    fees: account.fees,
  };
}

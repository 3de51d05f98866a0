import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { candleSeries, type Candle } from '../market-data/candles.ts';
import type { RiskSettings, Signal, Strategy } from '../strategies/strategy.ts';
import { isTradingError } from '../errors.ts';
import { randomWalkSeries } from '../testing.ts';
import { backtestStrategy, runBacktest } from './runBacktest.ts';
import type { BacktestResult } from './types.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const NO_EXITS: RiskSettings = { stopLoss: null, takeProfit: null, trailingStop: null };

/** Candles from closes; each opens at the previous close unless `opens` says otherwise; ranges 0.5 beyond the body. */
function candles(closes: number[], options: { opens?: (number | undefined)[]; highs?: (number | undefined)[]; lows?: (number | undefined)[] } = {}): Candle[] {
  return closes.map((close, index) => {
    const open = options.opens?.[index] ?? closes[index - 1] ?? close;
    return {
      time: START + index * HOUR,
      open,
      high: options.highs?.[index] ?? Math.max(open, close) + 0.5,
      low: options.lows?.[index] ?? Math.min(open, close) - 0.5,
      close,
      volume: 1,
    };
  });
}

/** A strategy that returns scripted signals by candle index: what the engine does with them is under test. */
function scripted(signals: Record<number, Signal>, risk: Partial<RiskSettings> = {}, positionSize = 1): Strategy {
  return { positionSize, risk: { ...NO_EXITS, ...risk }, onCandle: (context) => signals[context.length - 1] ?? 'hold' };
}

function backtest(rows: Candle[], strategy: Strategy, costs: { fee?: number; slippage?: number } = {}): BacktestResult {
  return backtestStrategy({ series: candleSeries(rows), strategy, initialCapital: 1000, fee: costs.fee ?? 0, slippage: costs.slippage ?? 0, timeframe: '1h' });
}

function assertClose(actual: number, expected: number, label: string) {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${label}: ${actual} ≠ ${expected}`);
}

describe('a backtest computed by hand (SMA 2/3 crossover, 12 hourly candles, fee 1 %, slippage 1 %)', () => {
  // Candle:   0   1   2   3   4   5   6   7   8   9  10  11
  // close:   10  10  10  12  14  13  11   9  10  12  13  14   (each opens at the previous close)
  // SMA2 − SMA3 from candle 2: 0, +1/3, +1, +1/2, −2/3, −1, −1/2, +2/3, +5/6, +1/2
  // → enter at candle 3's close (fills at candle 4's open, 12), exit at 6 (fills at 7's open, 11),
  //   enter at 9 (fills at 10's open, 12), still long at the end (sold at candle 11's close, 14).
  const rows = candles([10, 10, 10, 12, 14, 13, 11, 9, 10, 12, 13, 14]);
  const result = runBacktest({ series: candleSeries(rows), strategy: 'sma-crossover', parameters: { fast: 2, slow: 3 }, initialCapital: 1000, fee: 0.01, slippage: 0.01, timeframe: '1h' });

  // Trade 1: buy price 12 × 1.01 = 12.12; quantity = 1000 / (12.12 × 1.01) = 1000 / 12.2412 = 81.69133745057674
  //          entry fee = 81.6913… × 12.12 × 0.01 = 10 / 1.01 = 9.900990099009901
  //          sell price 11 × 0.99 = 10.89; proceeds 81.6913… × 10.89 = 889.6186648367807; exit fee 8.896186648367808
  //          cash = 889.6186… × 0.99 = 880.7224781884129; pnl = 880.7224… − 1000 = −119.27752181158712
  const q1 = 1000 / 12.2412;
  const cash1 = q1 * 10.89 * 0.99;
  // Trade 2: buy 12.12 again with all 880.7224… cash: quantity = 880.7224… / 12.2412 = 71.94739716599784
  //          entry fee = 880.7224… / 1.01 × 0.01 = 8.72002453651894
  //          sell at 14 × 0.99 = 13.86; proceeds 997.1909247207301; exit fee 9.971909247207302
  //          cash = 997.1909… × 0.99 = 987.2190154735227; pnl = 987.2190… − 880.7224… = 106.49653728510987
  const q2 = cash1 / 12.2412;
  const cash2 = q2 * 13.86 * 0.99;

  it('gives exactly the two round trips', () => {
    assert.equal(result.trades.length, 2);
    const [first, second] = result.trades;
    assert.ok(first && second);
    assert.deepEqual(
      { ...first, quantity: 0, fees: 0, pnl: 0, returnPct: 0 },
      { side: 'long', entryTime: START + 4 * HOUR, entryPrice: 12 * 1.01, exitTime: START + 7 * HOUR, exitPrice: 11 * 0.99, quantity: 0, fees: 0, pnl: 0, returnPct: 0, exitReason: 'signal' },
    );
    assertClose(first.quantity, 81.69133745057674, 'quantity 1');
    assertClose(first.fees, 9.900990099009901 + 8.896186648367808, 'fees 1');
    assertClose(first.pnl, -119.27752181158712, 'pnl 1');
    assertClose(first.returnPct, -11.92775218115871, 'return 1 (% of the 1000 spent)');
    assert.equal(second.entryTime, START + 10 * HOUR);
    assert.equal(second.exitTime, START + 12 * HOUR, 'the end-of-data exit is at the last candle close');
    assert.equal(second.exitReason, 'end-of-data');
    assertClose(second.exitPrice, 13.86, 'exit price 2');
    assertClose(second.quantity, 71.94739716599784, 'quantity 2');
    assertClose(second.fees, 8.72002453651894 + 9.971909247207302, 'fees 2');
    assertClose(second.pnl, 106.49653728510987, 'pnl 2');
    assertClose(second.returnPct, (100 * 106.49653728510987) / 880.7224781884129, 'return 2');
  });

  it('marks equity at every close and ends with the cash after the last sale', () => {
    // Flat: 1000 until candle 3. Long q1: 4 → q1 × 14, 5 → q1 × 13, 6 → q1 × 11. Flat: 7–9 → cash1.
    // Long q2: 10 → q2 × 13. Candle 11: sold at the close → cash2.
    const expected = [1000, 1000, 1000, 1000, q1 * 14, q1 * 13, q1 * 11, cash1, cash1, cash1, q2 * 13, cash2];
    assert.equal(result.equityCurve.length, 12);
    result.equityCurve.forEach((point, index) => {
      assert.equal(point.time, START + (index + 1) * HOUR, 'equity is dated at the candle close');
      assertClose(point.equity, expected[index] as number, `equity ${index}`);
    });
    assertClose(expected[4] as number, 1143.6787243080744, 'q1 × 14');
    assertClose(cash2, 987.2190154735227, 'final cash');
  });

  it('reports the metrics of those trades', () => {
    const { metrics } = result;
    assertClose(metrics.finalEquity, 987.2190154735227, 'final equity');
    assertClose(metrics.totalReturn, 987.2190154735227 / 1000 - 1, 'total return');
    assert.equal(metrics.fills, 4);
    assert.equal(metrics.trades, 2);
    assertClose(metrics.fees, 9.900990099009901 + 8.896186648367808 + 8.72002453651894 + 9.971909247207302, 'fees');
    assert.equal(metrics.winRate, 0.5);
    assertClose(metrics.profitFactor ?? Number.NaN, 106.49653728510987 / 119.27752181158712, 'profit factor');
    assert.equal(metrics.exposure, 5 / 12, 'in position at the close of candles 4, 5, 6, 10, 11');
    // Peak q1 × 14 at candle 4, trough cash1 at candles 7–9: 1 − (q1 × 10.89 × 0.99) / (q1 × 14) = 1 − 10.7811 / 14.
    assertClose(metrics.maxDrawdown, 1 - 10.7811 / 14, 'max drawdown');
    // 12 hours elapsed (first open to last close): CAGR = growth ^ (8766 h / 12 h) − 1.
    assertClose(metrics.cagr, (987.2190154735227 / 1000) ** (8766 / 12) - 1, 'cagr');
  });

  it('annualizes Sharpe and Sortino from per-candle returns by the timeframe (8766 hourly candles a year)', () => {
    const equity = [1000, ...result.equityCurve.map((point) => point.equity)];
    const returns = equity.slice(1).map((value, index) => value / (equity[index] as number) - 1);
    const mean = returns.reduce((sum, value) => sum + value, 0) / returns.length;
    const sampleDeviation = Math.sqrt(returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (returns.length - 1));
    const downsideDeviation = Math.sqrt(returns.reduce((sum, value) => sum + Math.min(value, 0) ** 2, 0) / returns.length);
    assertClose(result.metrics.sharpe, (mean / sampleDeviation) * Math.sqrt(8766), 'sharpe');
    assertClose(result.metrics.sortino, (mean / downsideDeviation) * Math.sqrt(8766), 'sortino');
  });
});

describe('fills', () => {
  const rows = candles([100, 100, 100, 100, 110, 110], { opens: [undefined, undefined, 104, undefined, 108, undefined] });

  it('fills a signal at the next candle open, not at the signal candle close', () => {
    const [trade] = backtest(rows, scripted({ 1: 'enter-long', 3: 'exit' })).trades;
    assert.equal(trade?.entryTime, START + 2 * HOUR);
    assert.equal(trade?.entryPrice, 104);
    assert.equal(trade?.exitTime, START + 4 * HOUR);
    assert.equal(trade?.exitPrice, 108);
  });

  it('does not fill a signal given on the last candle', () => {
    const result = backtest(rows, scripted({ 5: 'enter-long' }));
    assert.equal(result.metrics.fills, 0);
    assert.equal(result.metrics.finalEquity, 1000);
  });

  it('ignores an entry while long and an exit while flat', () => {
    const result = backtest(rows, scripted({ 0: 'exit', 1: 'enter-long', 2: 'enter-long', 3: 'exit', 4: 'exit' }));
    assert.equal(result.metrics.fills, 2);
    assert.equal(result.metrics.trades, 1);
  });

  it('closes a position still open at the end at the last close, with fee and slippage', () => {
    const [trade] = backtest(rows, scripted({ 1: 'enter-long' }), { fee: 0.001, slippage: 0.002 }).trades;
    assert.equal(trade?.exitReason, 'end-of-data');
    assert.equal(trade?.exitPrice, 110 * (1 - 0.002));
    assert.equal(trade?.exitTime, START + 6 * HOUR);
  });

  it('sizes an entry by positionSize, or by the fraction a signal carries', () => {
    const bySize = backtest(rows, scripted({ 1: 'enter-long' }, {}, 0.25)).trades[0];
    assert.equal(bySize?.quantity, 250 / 104);
    const bySignal = backtest(rows, scripted({ 1: { action: 'enter-long', fraction: 0.5 } }, {}, 0.25)).trades[0];
    assert.equal(bySignal?.quantity, 500 / 104);
    // Half the cash stays idle: final equity = 500 + (500 / 104) × 110.
    assertClose(backtest(rows, scripted({ 1: { action: 'enter-long', fraction: 0.5 } })).metrics.finalEquity, 500 + (500 / 104) * 110, 'final equity');
  });

  it('refuses an entry fraction outside (0, 1], from a signal or a strategy', () => {
    const invalid = (error: unknown) => isTradingError(error) && error.code === 'invalid_backtest';
    assert.throws(() => backtest(rows, scripted({ 1: { action: 'enter-long', fraction: 1.5 } })), invalid);
    assert.throws(() => backtest(rows, scripted({}, {}, 0)), invalid);
  });
});

describe('fees and slippage', () => {
  // Buy at candle 2's open (100), sell at candle 4's open (120).
  const rows = candles([100, 100, 100, 120, 120, 120]);
  const strategy = () => scripted({ 1: 'enter-long', 3: 'exit' });

  it('without costs, the trade earns the price move exactly', () => {
    const [trade] = backtest(rows, strategy()).trades;
    assert.equal(trade?.quantity, 10);
    assert.equal(trade?.pnl, 200);
    assert.equal(trade?.fees, 0);
  });

  it('a fee is a fraction of the notional on each fill, the buy quantity leaving room for it', () => {
    const [trade] = backtest(rows, strategy(), { fee: 0.01 }).trades;
    // quantity = 1000 / (100 × 1.01); entry fee = quantity × 100 × 0.01; exit fee = quantity × 120 × 0.01.
    const quantity = 1000 / 101;
    assertClose(trade?.quantity ?? 0, quantity, 'quantity');
    assertClose(trade?.fees ?? 0, quantity * 1 + quantity * 1.2, 'fees');
    // pnl = quantity × 120 × 0.99 − 1000 = 1176.2376… − 1000
    assertClose(trade?.pnl ?? 0, quantity * 120 * 0.99 - 1000, 'pnl');
  });

  it('slippage raises the buy price and lowers the sell price', () => {
    const [trade] = backtest(rows, strategy(), { slippage: 0.005 }).trades;
    assert.equal(trade?.entryPrice, 100 * 1.005);
    assert.equal(trade?.exitPrice, 120 * 0.995);
    assertClose(trade?.pnl ?? 0, (1000 / 100.5) * 119.4 - 1000, 'pnl');
  });

  it('each cost lowers the final equity', () => {
    const free = backtest(rows, strategy()).metrics.finalEquity;
    const withFee = backtest(rows, strategy(), { fee: 0.001 }).metrics.finalEquity;
    const withSlippage = backtest(rows, strategy(), { slippage: 0.001 }).metrics.finalEquity;
    const withBoth = backtest(rows, strategy(), { fee: 0.001, slippage: 0.001 }).metrics.finalEquity;
    assert.ok(free > withFee && free > withSlippage && withFee > withBoth && withSlippage > withBoth);
  });
});

describe('stop-loss, take-profit and trailing stop', () => {
  // Entry at candle 2's open, 100; candle 2 closes at 100 with a range set per test.
  const run = (risk: Partial<RiskSettings>, candle2: { open?: number; high: number; low: number; close?: number }, more: number[] = []) => {
    const closes = [100, 100, candle2.close ?? 100, ...more];
    const rows = candles(closes, { opens: [undefined, undefined, candle2.open ?? 100], highs: [undefined, undefined, candle2.high], lows: [undefined, undefined, candle2.low] });
    return backtest(rows, scripted({ 1: 'enter-long' }, risk), { slippage: 0.001 }).trades[0];
  };

  it('a stop-loss fills at the stop level, less slippage, when the low reaches it', () => {
    const trade = run({ stopLoss: 0.05 }, { high: 101, low: 94 });
    assert.equal(trade?.exitReason, 'stop-loss');
    assertClose(trade?.exitPrice ?? 0, 100 * 1.001 * 0.95 * 0.999, 'stop price (from the entry fill price)');
    assert.equal(trade?.exitTime, START + 2 * HOUR, 'dated at the open of the candle it triggered in');
  });

  it('a take-profit fills at its level when the high reaches it', () => {
    const trade = run({ takeProfit: 0.1 }, { high: 111, low: 99 });
    assert.equal(trade?.exitReason, 'take-profit');
    assertClose(trade?.exitPrice ?? 0, 100 * 1.001 * 1.1 * 0.999, 'target price');
  });

  it('when the stop and the target are both inside one candle, the stop is assumed first', () => {
    const trade = run({ stopLoss: 0.05, takeProfit: 0.05 }, { high: 110, low: 90 });
    assert.equal(trade?.exitReason, 'stop-loss');
  });

  it('a candle opening through the stop fills at its open', () => {
    // The stop (from candle 2's entry at 100) is ~95.1; candle 3 opens at 90, below it.
    const rows = candles([100, 100, 100, 92], { opens: [undefined, undefined, 100, 90], lows: [undefined, undefined, 99.5, 89] });
    const trade = backtest(rows, scripted({ 1: 'enter-long' }, { stopLoss: 0.05 }), { slippage: 0.001 }).trades[0];
    assert.equal(trade?.exitReason, 'stop-loss');
    assertClose(trade?.exitPrice ?? 0, 90 * 0.999, 'gap fill at the open');
    assert.equal(trade?.exitTime, START + 3 * HOUR);
  });

  it('a trailing stop follows the highest high of the candles before the one it is tested on', () => {
    // Entry 100.1 at candle 2 (high 120 → the stop trails to 120 × 0.9 = 108 from candle 3 on).
    // Candle 3: 115 → 107, its low reaches 108 → exit at 108 × 0.999.
    const rows = candles([100, 100, 118, 107], { opens: [undefined, undefined, 100, 115], highs: [undefined, undefined, 120, 115.5], lows: [undefined, undefined, 99.5, 106.5] });
    const trade = backtest(rows, scripted({ 1: 'enter-long' }, { trailingStop: 0.1, stopLoss: 0.2 }), { slippage: 0.001 }).trades[0];
    assert.equal(trade?.exitReason, 'trailing-stop');
    assertClose(trade?.exitPrice ?? 0, 120 * 0.9 * 0.999, 'trailing stop price');
  });

  it('a trailing stop does not tighten on the high of the candle it is tested on', () => {
    // Candle 2 rises to 120 and falls to 107 within itself: the stop is still 100.1 × 0.9 = 90.09 there.
    const trade = run({ trailingStop: 0.1 }, { high: 120, low: 107, close: 110 });
    assert.equal(trade?.exitReason, 'end-of-data');
  });
});

describe('results', () => {
  it('downsamples the equity curve to at most 1000 points, keeping the first and the last', () => {
    const series = randomWalkSeries({ candles: 5000, seed: 3 });
    const result = runBacktest({ series, strategy: 'sma-crossover', parameters: {}, initialCapital: 1000, fee: 0.001, slippage: 0, timeframe: '1m' });
    assert.equal(result.equityCurve.length, 1000);
    assert.equal(result.equityCurve[0]?.time, (series.time[0] as number) + 60_000);
    assert.equal(result.equityCurve.at(-1)?.time, (series.time[4999] as number) + 60_000);
    assert.equal(result.equityCurve.at(-1)?.equity, result.metrics.finalEquity);
    assert.ok(result.equityCurve.every((point, index, all) => index === 0 || point.time > (all[index - 1]?.time ?? 0)));
  });

  it('carries orders, positions and statistics through a long series (the loop runs in chunks)', () => {
    // 5000 candles, alternately an entry and an exit every 37 candles (from candle 24, so candle
    // 1023 gives an exit filled at 1024); no costs, so equity is cash when flat and quantity × close
    // when long. Seed 1's deepest drawdown falls from a peak set in an earlier chunk of the loop.
    const series = randomWalkSeries({ candles: 5000, seed: 1, stepMs: HOUR });
    const signals: Record<number, Signal> = {};
    for (let signal = 0, index = 24; index < 5000; signal++, index += 37) signals[index] = signal % 2 === 0 ? 'enter-long' : 'exit';
    const result = backtestStrategy({ series, strategy: scripted(signals), initialCapital: 1000, fee: 0, slippage: 0, timeframe: '1h' });

    const candleAt = (time: number) => (time - (series.time[0] as number)) / HOUR;
    assert.ok(result.trades.length > 64, 'more trades than the trade log first holds');
    result.trades.forEach((trade, index) => {
      assert.equal(candleAt(trade.entryTime), 24 + 2 * index * 37 + 1, `entry ${index}`);
      if (trade.exitReason === 'signal') assert.equal(candleAt(trade.exitTime), 24 + (2 * index + 1) * 37 + 1, `exit ${index}`);
    });

    const equity: number[] = [];
    let cash = 1000;
    let inPosition = 0;
    for (let index = 0; index < 5000; index++) {
      const trade = result.trades.find((candidate) => candleAt(candidate.entryTime) <= index && index < candleAt(candidate.exitTime));
      const closedBefore = result.trades.filter((candidate) => candleAt(candidate.exitTime) <= index).at(-1);
      if (closedBefore) cash = closedBefore.quantity * closedBefore.exitPrice;
      if (trade) inPosition++;
      equity.push(trade ? trade.quantity * (series.close[index] as number) : cash);
    }
    const returns = equity.map((value, index) => value / (index === 0 ? 1000 : (equity[index - 1] as number)) - 1);
    const mean = returns.reduce((sum, value) => sum + value, 0) / returns.length;
    const sampleDeviation = Math.sqrt(returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (returns.length - 1));
    const downsideDeviation = Math.sqrt(returns.reduce((sum, value) => sum + Math.min(value, 0) ** 2, 0) / returns.length);
    let peak = 1000;
    let maxDrawdown = 0;
    for (const value of equity) {
      peak = Math.max(peak, value);
      maxDrawdown = Math.max(maxDrawdown, (peak - value) / peak);
    }
    assert.equal(result.metrics.exposure, inPosition / 5000);
    assertClose(result.metrics.finalEquity, equity.at(-1) as number, 'final equity');
    assertClose(result.metrics.sharpe, (mean / sampleDeviation) * Math.sqrt(8766), 'sharpe');
    assertClose(result.metrics.sortino, (mean / downsideDeviation) * Math.sqrt(8766), 'sortino');
    assertClose(result.metrics.maxDrawdown, maxDrawdown, 'max drawdown');
  });

  it('reports progress every 65,536 candles and at the end', () => {
    const series = randomWalkSeries({ candles: 140_000, seed: 4 });
    const progress: number[] = [];
    runBacktest({ series, strategy: 'ema-crossover', parameters: {}, initialCapital: 1000, fee: 0, slippage: 0, timeframe: '1m', onProgress: (done) => progress.push(done) });
    assert.deepEqual(progress, [65_536, 131_072, 140_000]);
  });

  it('reports no profit factor and a zero win rate without trades', () => {
    const { metrics } = backtest(candles([100, 101, 102]), scripted({}));
    assert.equal(metrics.profitFactor, null);
    assert.equal(metrics.winRate, 0);
    assert.equal(metrics.sharpe, 0);
    assert.equal(metrics.maxDrawdown, 0);
    assert.equal(metrics.exposure, 0);
  });
});

describe('input validation', () => {
  const series = candleSeries(candles([100, 101, 102]));
  const base = { series, strategy: 'sma-crossover' as const, parameters: {}, initialCapital: 1000, fee: 0.001, slippage: 0, timeframe: '1h' as const };
  const rejects = (input: Parameters<typeof runBacktest>[0], code: string, field: string) =>
    assert.throws(() => runBacktest(input), (error) => isTradingError(error) && error.code === code && error.field === field);

  it('names the field at fault', () => {
    rejects({ ...base, initialCapital: 0 }, 'invalid_backtest', 'initialCapital');
    rejects({ ...base, fee: -0.1 }, 'invalid_backtest', 'fee');
    rejects({ ...base, slippage: 1 }, 'invalid_backtest', 'slippage');
    rejects({ ...base, series: candleSeries([]) }, 'invalid_backtest', 'series');
    rejects({ ...base, series: candleSeries([...candles([1, 2]), ...candles([3])]) }, 'invalid_backtest', 'series');
    rejects({ ...base, series: candleSeries(candles([100, 0, 100])) }, 'invalid_backtest', 'series');
    rejects({ ...base, parameters: { fast: 40, slow: 30 } }, 'invalid_parameters', 'fast');
  });
});

import type { TradingComponents } from '@ai-service/contracts';
import type { BacktestMetrics, BacktestTrade, Candle, CandleGap, EquityPoint } from '@ai-service/trading';
import type {
  BacktestPage,
  BacktestView,
  CandlePage,
  ImportCandlesReport,
  RankedRun,
  SeriesCoverage,
  StrategyInfo,
  WalkForwardAggregate,
  WindowReport,
} from '@ai-service/trading-domain';

type Schemas = TradingComponents['schemas'];

/** Domain results → the JSON shapes of openapi/trading.yaml: epoch milliseconds become ISO 8601 strings. */
const iso = (epochMs: number) => new Date(epochMs).toISOString();

const presentGap = (gap: CandleGap): Schemas['CandleGap'] => ({ from: iso(gap.from), to: iso(gap.to), missing: gap.missing });

const presentCandle = (candle: Candle): Schemas['Candle'] => ({ ...candle, time: iso(candle.time) });

const presentTrade = (trade: BacktestTrade): Schemas['BacktestTrade'] => ({ ...trade, entryTime: iso(trade.entryTime), exitTime: iso(trade.exitTime) });

const presentEquity = (point: EquityPoint): Schemas['EquityPoint'] => ({ time: iso(point.time), equity: point.equity });

const presentMetrics = (metrics: BacktestMetrics | null | undefined): Schemas['BacktestMetrics'] | null => metrics ?? null;

export const presentCandleImport = (report: ImportCandlesReport): Schemas['CandleImport'] => ({
  ...report,
  duplicates: { ...report.duplicates, lines: report.duplicates.lines.map((duplicate) => ({ line: duplicate.line, time: iso(duplicate.time) })) },
  gaps: { ...report.gaps, items: report.gaps.items.map(presentGap) },
  range: { from: iso(report.range.from), to: iso(report.range.to) },
});

export const presentCandlePage = (page: CandlePage): Schemas['CandlePage'] => ({ items: page.items.map(presentCandle), nextCursor: page.nextCursor });

export const presentMarkets = (series: SeriesCoverage[]): Schemas['MarketList'] => ({
  items: series.map((entry) => ({
    exchange: entry.exchange,
    symbol: entry.symbol,
    timeframe: entry.timeframe as Schemas['Timeframe'],
    candles: entry.candles,
    from: iso(entry.from),
    to: iso(entry.to),
    gaps: { ...entry.gaps, items: entry.gaps.items.map(presentGap) },
  })),
});

export const presentStrategies = (strategies: StrategyInfo[]): Schemas['StrategyList'] => ({
  items: strategies.map((strategy) => ({ ...strategy, parameters: strategy.parameters as Record<string, unknown> })),
});

const presentRankedRun = (run: RankedRun): Schemas['RankedRun'] => ({ ...run, metrics: presentMetrics(run.metrics) });

const presentWindow = (window: WindowReport): Schemas['WalkForwardWindow'] => ({
  ...window,
  inSample: { from: iso(window.inSample.from), to: iso(window.inSample.to) },
  outOfSample: { from: iso(window.outOfSample.from), to: iso(window.outOfSample.to) },
  inSampleMetrics: presentMetrics(window.inSampleMetrics),
  outOfSampleMetrics: presentMetrics(window.outOfSampleMetrics),
});

const presentAggregate = (aggregate: WalkForwardAggregate): Schemas['WalkForwardAggregate'] => ({ ...aggregate, equityCurve: aggregate.equityCurve.map(presentEquity) });

export const presentBacktest = (backtest: BacktestView): Schemas['Backtest'] => ({
  id: backtest.id,
  kind: backtest.kind,
  role: backtest.role,
  windowIndex: backtest.windowIndex,
  parentId: backtest.parentId,
  status: backtest.status,
  strategy: backtest.strategy as Schemas['StrategyName'],
  parameters: backtest.parameters,
  exchange: backtest.exchange,
  symbol: backtest.symbol,
  timeframe: backtest.timeframe as Schemas['Timeframe'],
  from: backtest.from.toISOString(),
  to: backtest.to.toISOString(),
  initialCapital: backtest.initialCapital,
  fee: backtest.fee,
  slippage: backtest.slippage,
  sweep: backtest.sweep,
  walkForward: backtest.walkForward,
  rankBy: backtest.rankBy as Schemas['MetricName'] | null,
  progress: backtest.progress,
  error: backtest.error,
  createdAt: backtest.createdAt.toISOString(),
  startedAt: backtest.startedAt?.toISOString() ?? null,
  finishedAt: backtest.finishedAt?.toISOString() ?? null,
  result: backtest.result && {
    candles: backtest.result.candles,
    metrics: backtest.result.metrics,
    trades: backtest.result.trades.map(presentTrade),
    equityCurve: backtest.result.equityCurve.map(presentEquity),
  },
  ranking: backtest.ranking?.map(presentRankedRun) ?? null,
  windows: backtest.windows?.map(presentWindow) ?? null,
  aggregate: backtest.aggregate && presentAggregate(backtest.aggregate),
});

export const presentBacktestPage = (page: BacktestPage): Schemas['BacktestPage'] => ({ items: page.items.map(presentBacktest), nextCursor: page.nextCursor });

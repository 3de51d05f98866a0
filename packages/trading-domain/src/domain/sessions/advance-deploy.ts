import { withTenant } from '@ai-service/db';
import { decimal } from '@ai-service/money';
import { candleSeries, createStrategy, createStrategyCursor, type StrategyName } from '@ai-service/trading';
import { isTradingDomainError, TradingDomainError } from '../../errors.ts';
import { fundSession } from '../../index.ts';
import { loadCandles } from '../../repositories/candles.ts';
import { findSession, type SessionRow } from '../../repositories/sessions.ts';
import type { SessionJobData } from '../../session-jobs.ts';
import { fetchClosedCandles, seriesOf, stepOf, warmupStart } from './session-candles.ts';
import type { SessionWorkerContext } from './session-context.ts';
import { failSession } from './fail-session.ts';
import { transitionSession } from './transition-session.ts';

export type DeployOutcome = 'live' | 'stopping' | 'error' | 'not-deployable';

/**
 * The `deploy` job: Idle → Analyzing (warm the strategy up on history) → Preparing (markets and
 * funds) → Live, then the session's tick schedule. Each step starts from the state the row is in,
 * so a redelivered or restarted deploy continues where the last one stopped; a session whose stop
 * was asked for is left to the stop job. An unreachable exchange is retried (the error is thrown)
 * until the job's final attempt; anything else moves the session to Error with the reason.
 */
export async function advanceDeploy({ ctx, input }: { ctx: SessionWorkerContext; input: SessionJobData & { finalAttempt?: boolean } }): Promise<DeployOutcome> {
  try {
    for (;;) {
      const session = await withTenant(ctx.db, input.tenantId, (tx) => findSession(tx, input.sessionId));
      if (!session || session.stopRequestedAt) return session ? 'stopping' : 'not-deployable';
      if (session.state === 'Idle') await step(ctx, session, async () => ['Analyzing', 'deploy started', {}]);
      else if (session.state === 'Analyzing') await step(ctx, session, () => analyze(ctx, session));
      else if (session.state === 'Preparing') await step(ctx, session, () => prepare(ctx, session));
      else if (session.state === 'Live' || session.state === 'Monitoring') {
        await ctx.scheduler.scheduleTicks(input, session.priceSource === 'replay' ? ctx.replayTickMs : Math.min(ctx.liveTickMs, stepOf(session)));
        return 'live';
      } else return session.state === 'Error' ? 'error' : 'not-deployable';
    }
  } catch (error) {
    if (isTradingDomainError(error, 'exchange_unavailable') && !input.finalAttempt) throw error;
    await failSession(ctx, input, error);
    return 'error';
  }
}

type StepResult = [next: 'Analyzing' | 'Preparing' | 'Live', reason: string, changes: Partial<SessionRow>];

/** Runs one step's work, then moves the session on in a transaction that re-checks nothing changed meanwhile. */
async function step(ctx: SessionWorkerContext, read: SessionRow, work: () => Promise<StepResult>): Promise<void> {
  const [next, reason, changes] = await work();
  await withTenant(ctx.db, read.tenantId, async (tx) => {
    const session = await findSession(tx, read.id, { forUpdate: true });
    // Stopped, failed or advanced by another delivery meanwhile: the loop reads the row again.
    if (!session || session.version !== read.version || session.stopRequestedAt) return;
    // The session's own ledger gets its capital in the transaction that makes it Live (idempotent).
    if (next === 'Live') await fundSession(tx, { tenantId: session.tenantId, sessionId: session.id, asset: session.quoteAsset, amount: session.capital });
    await transitionSession(tx, ctx, session, next, reason, changes);
  });
}

/** Analyzing: the strategy is fed the candles before the session's first one, which become its history. */
async function analyze(ctx: SessionWorkerContext, session: SessionRow): Promise<StepResult> {
  const start = session.replayFrom ?? ctx.clock();
  const warmupFrom = new Date(warmupStart(session, start));
  if (session.priceSource === 'live') await fetchClosedCandles(ctx.db, session, ctx.candleSources, start, warmupFrom.getTime());
  let first: number | undefined;
  let last: number | undefined;
  let candles = 0;
  await withTenant(ctx.db, session.tenantId, async (tx) => {
    for (const symbol of session.symbols) {
      const history = await loadCandles(tx, seriesOf(session, symbol), { from: warmupFrom, to: start });
      const strategy = createStrategy(session.strategy as StrategyName, session.parameters);
      const cursor = createStrategyCursor(candleSeries(history));
      for (let index = 0; index < history.length; index++) {
        cursor.moveTo(index, { inPosition: false, entryPrice: Number.NaN });
        strategy.onCandle(cursor.context);
      }
      candles += history.length;
      const times = history.map((candle) => candle.time);
      if (times.length > 0) {
        first = Math.min(first ?? Infinity, times[0]!);
        last = Math.max(last ?? -Infinity, times.at(-1)!);
      }
    }
  });
  const changes = { warmupFrom: new Date(first ?? start.getTime()), lastCandleTime: last === undefined ? null : new Date(last) };
  return ['Preparing', `warmed up on ${candles} candles`, changes];
}

/** Preparing: the venue lists every symbol; a paper account gets the capital, a live one must hold it. */
async function prepare(ctx: SessionWorkerContext, session: SessionRow): Promise<StepResult> {
  const connector = await ctx.connectors({ tenantId: session.tenantId, sessionId: session.id, exchange: session.exchange, mode: session.mode, sandbox: session.sandbox });
  const markets = await connector.loadMarkets();
  for (const symbol of session.symbols) {
    if (!markets[symbol]?.active) throw new TradingDomainError('unsupported_market', `${session.exchange} has no active market ${symbol}.`, [{ field: 'symbols', message: `${symbol} is not traded` }]);
  }
  const held = decimal((await connector.fetchBalance())[session.quoteAsset]?.free ?? '0');
  const capital = decimal(session.capital);
  if (session.mode === 'paper') {
    // Topped up to the capital rather than credited, so a repeated step funds the account once.
    if (held.lt(capital)) await ctx.fundPaperAccount({ tenantId: session.tenantId, account: session.id, asset: session.quoteAsset, amount: capital.minus(held).toFixed() });
  } else if (held.lt(capital)) {
    throw new TradingDomainError('exchange_rejected', `The account holds ${held.toFixed()} ${session.quoteAsset} free, less than the session's capital ${session.capital}.`, [
      { field: 'capital', message: 'more than the free balance' },
    ]);
  }
  return ['Live', 'trading', {}];
}

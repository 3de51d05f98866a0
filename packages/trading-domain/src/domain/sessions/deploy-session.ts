import { withTenant } from '@ai-service/db';
import { decimal, isDecimalString } from '@ai-service/money';
import { parseStrategyParameters } from '@ai-service/trading';
import { randomUUID } from 'node:crypto';
import type { TenantContext } from '../../context.ts';
import { TradingDomainError } from '../../errors.ts';
import { countCandles } from '../../repositories/candles.ts';
import { findSession, insertSession, insertTransition } from '../../repositories/sessions.ts';
import type { SessionJobs } from '../../session-jobs.ts';
import { audit } from '../audit.ts';
import { sessionView } from './session-view.ts';
import type { DeploySessionInput, SessionView } from './types.ts';

export type DeployContext = TenantContext & { permissions: readonly string[]; sessionJobs: SessionJobs };

export const LIVE_PERMISSION = 'trading:live';

const invalid = (field: string, message: string) => new TradingDomainError('invalid_input', `${field} ${message}.`, [{ field, message }]);

/**
 * Records a new session as Idle (with its first transition row) and asks worker-trading to deploy
 * it (the `deploy` job, enqueued after the commit). Live money needs the permission trading:live
 * and `confirmLive: true` (a live session on the exchange's sandbox does not: it spends no real
 * money); a replay needs stored candles of every symbol in its range.
 */
export async function deploySession({ ctx, input }: { ctx: DeployContext; input: DeploySessionInput }): Promise<SessionView> {
  const sandbox = input.sandbox === true;
  if (sandbox && input.mode !== 'live') throw invalid('sandbox', 'is for live sessions (a paper session never reaches the exchange)');
  if (input.mode === 'live' && !sandbox) {
    if (!ctx.permissions.includes(LIVE_PERMISSION)) {
      throw new TradingDomainError('forbidden', `A live session needs the permission ${LIVE_PERMISSION}.`, [{ field: 'mode', message: `live needs ${LIVE_PERMISSION}` }]);
    }
    if (input.confirmLive !== true) throw invalid('confirmLive', 'must be true to trade live money');
  }
  if (input.mode === 'live' && input.replay) throw invalid('replay', 'is for paper sessions only');
  const parameters = parseStrategyParameters(input.strategy, input.parameters);
  if (!isDecimalString(input.capital) || decimal(input.capital).lte(0)) throw invalid('capital', 'must be a positive decimal');
  if (new Set(input.symbols).size !== input.symbols.length) throw invalid('symbols', 'must not repeat a symbol');
  const quotes = new Set(input.symbols.map((symbol) => symbol.split('/')[1]));
  const [quoteAsset] = quotes;
  if (quotes.size !== 1 || !quoteAsset) throw invalid('symbols', 'must all share one quote asset (the capital is in it)');
  const replay = input.replay && { from: new Date(input.replay.from), to: new Date(input.replay.to) };
  if (replay && !(replay.from < replay.to)) throw invalid('replay.to', 'must be after replay.from');

  const now = ctx.clock();
  const id = randomUUID();
  const row = await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    if (replay) {
      for (const symbol of input.symbols) {
        const stored = await countCandles(tx, { exchange: input.exchange, symbol, timeframe: input.timeframe }, replay);
        if (stored === 0) {
          const message = `has no stored candles of ${input.exchange} ${symbol} ${input.timeframe} in the range; import them first (POST /v1/trading/candles)`;
          throw new TradingDomainError('no_candles', `The replay range ${message}.`, [{ field: 'replay.from', message }]);
        }
      }
    }
    await insertSession(tx, {
      id,
      tenantId: ctx.tenantId,
      strategy: input.strategy,
      parameters,
      exchange: input.exchange,
      symbols: input.symbols,
      timeframe: input.timeframe,
      mode: input.mode,
      sandbox,
      capital: input.capital,
      quoteAsset,
      priceSource: replay ? 'replay' : 'live',
      replayFrom: replay?.from ?? null,
      replayTo: replay?.to ?? null,
      state: 'Idle',
      createdBy: ctx.actorId,
      createdAt: now,
      updatedAt: now,
    });
    await insertTransition(tx, { id: randomUUID(), tenantId: ctx.tenantId, sessionId: id, fromState: null, toState: 'Idle', reason: 'deployed', at: now });
    await audit(tx, ctx, {
      type: 'SessionDeployed',
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      aggregate: { type: 'session', id },
      payload: { strategy: input.strategy, exchange: input.exchange, symbols: input.symbols, timeframe: input.timeframe, mode: input.mode, sandbox, capital: input.capital, replay: input.replay ?? null },
    });
    return (await findSession(tx, id))!;
  });
  await ctx.sessionJobs.deploy({ tenantId: ctx.tenantId, sessionId: id });
  return sessionView(row);
}

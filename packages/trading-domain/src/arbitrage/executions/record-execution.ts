import type { Transaction } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import type { TradingContext } from '../../context.ts';
import { audit } from '../../domain/audit.ts';
import { requestOrder } from '../../domain/orders/request-order.ts';
import { TradingDomainError } from '../../errors.ts';
import { insertExecution, insertExecutionTransition, type ExecutionRow } from '../../repositories/arbitrage-executions.ts';
import { findSession, type SessionRow } from '../../repositories/sessions.ts';

export type ExecutionMarket = { opportunityId: string | null; symbol: string; buyExchange: string; sellExchange: string };

/** Sessions in these states are funded, have had their venue checked, and are resumed after a restart (their orders reconciled). */
const TRADING_STATES = new Set<SessionRow['state']>(['Live', 'Monitoring']);

const invalid = (field: string, message: string) => new TradingDomainError('invalid_input', `${field} ${message}.`, [{ field, message }]);

/** The session of one leg (named `field` in errors): the tenant's (others' are not found), on the leg's exchange, trading the symbol, Live or Monitoring. */
export async function legSession(tx: Transaction, field: string, id: string, exchange: string, symbol: string): Promise<SessionRow> {
  const session = await findSession(tx, id);
  if (!session) throw new TradingDomainError('not_found', `No such session: ${field}.`, [{ field, message: 'no such session' }]);
  if (session.exchange !== exchange) throw invalid(field, `trades on ${session.exchange}, not ${exchange}`);
  if (!session.symbols.includes(symbol)) throw invalid(field, `does not trade ${symbol}`);
  if (!TRADING_STATES.has(session.state)) throw invalid(field, `is ${session.state}; it must be Live or Monitoring`);
  return session;
}

/** Both legs' sessions, checked (404 / 400 naming the field) and of one mode. */
export async function legSessions(tx: Transaction, market: ExecutionMarket, ids: { buySessionId: string; sellSessionId: string }): Promise<{ buy: SessionRow; sell: SessionRow }> {
  const buy = await legSession(tx, 'buySessionId', ids.buySessionId, market.buyExchange, market.symbol);
  const sell = await legSession(tx, 'sellSessionId', ids.sellSessionId, market.sellExchange, market.symbol);
  if (buy.mode !== sell.mode) throw invalid('sellSessionId', `is a ${sell.mode} session; both must be ${buy.mode}`);
  return { buy, sell };
}

export type NewExecution = { market: ExecutionMarket; quantity: string; sessions: { buy: SessionRow; sell: SessionRow }; clientId: string | null };

/**
 * Records an execution and requests its first leg, the buy on the cheaper exchange, in the caller's
 * transaction: the row, its first transition, the audit row and the saga's OrderRequested. Null
 * when the tenant already has an execution with the client id.
 */
export async function recordExecution(
  tx: Transaction,
  ctx: TradingContext & { tenantId: string; actorId: string | null },
  { market, quantity, sessions, clientId }: NewExecution,
): Promise<ExecutionRow | null> {
  const now = ctx.clock();
  const id = randomUUID();
  const buyOrderId = randomUUID();
  const mode = sessions.buy.mode;
  const reason = `buying ${quantity} ${market.symbol} on ${market.buyExchange} (order ${buyOrderId})`;
  const row = await insertExecution(tx, {
    id,
    tenantId: ctx.tenantId,
    clientId,
    ...market,
    mode,
    quantity,
    buySessionId: sessions.buy.id,
    sellSessionId: sessions.sell.id,
    buyOrderId,
    state: 'first_leg_placed',
    stateReason: reason,
    createdBy: ctx.actorId,
    createdAt: now,
    updatedAt: now,
  });
  if (!row) return null;
  await insertExecutionTransition(tx, { id: randomUUID(), tenantId: ctx.tenantId, executionId: id, fromState: null, toState: 'first_leg_placed', reason, at: now });
  await audit(tx, ctx, {
    type: 'ArbitrageExecutionRequested',
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    aggregate: { type: 'arbitrage_execution', id },
    payload: { ...market, quantity, mode, buySessionId: sessions.buy.id, sellSessionId: sessions.sell.id, buyOrderId, clientId },
  });
  await requestOrder({
    ctx: { ...ctx, tx },
    input: { tenantId: ctx.tenantId, sessionId: sessions.buy.id, exchange: market.buyExchange, mode, symbol: market.symbol, side: 'buy', type: 'market', quantity, limitPrice: null, orderId: buyOrderId },
  });
  return row;
}

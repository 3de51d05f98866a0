import { withTenant } from '@ai-service/db';
import { sumDecimals } from '@ai-service/money';
import type { TenantContext } from '../../context.ts';
import { TradingDomainError } from '../../errors.ts';
import { listSessionOrders, positionPnl, sessionBalances, sessionPositions } from '../../index.ts';
import { findSession, listTransitions } from '../../repositories/sessions.ts';
import { sessionView } from './session-view.ts';
import type { PnlView, SessionStatusView } from './types.ts';

/**
 * A session with its transition history, positions (PnL marked at the close of the last candle the
 * session saw, fees included), open orders and balances, read in one transaction.
 */
export async function getSessionStatus({ ctx, input }: { ctx: TenantContext; input: { sessionId: string } }): Promise<SessionStatusView> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const session = await findSession(tx, input.sessionId);
    if (!session) throw new TradingDomainError('not_found', 'No such session.', [{ field: 'sessionId', message: 'no such session' }]);
    const scope = { ctx: { ...ctx, tx }, input: { tenantId: ctx.tenantId, sessionId: session.id } };
    const transitions = await listTransitions(tx, session.id);
    const positions = (await sessionPositions(scope)).map((position) => {
      const lastPrice = session.lastPrices[position.symbol]?.price ?? null;
      return { ...position, lastPrice, pnl: positionPnl(position, lastPrice) };
    });
    const openOrders = await listSessionOrders({ ...scope, input: { ...scope.input, open: true } });
    const balances = await sessionBalances(scope);
    const total = (field: keyof PnlView) => sumDecimals(positions.map((position) => position.pnl[field]));
    return {
      ...sessionView(session),
      transitions: transitions.map((row) => ({ from: row.fromState, to: row.toState, reason: row.reason, at: row.at })),
      positions,
      openOrders,
      balances,
      pnl: { realized: total('realized'), unrealized: total('unrealized'), fees: total('fees'), net: total('net') },
    };
  });
}

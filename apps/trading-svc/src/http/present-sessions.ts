import type { TradingComponents } from '@ai-service/contracts';
import type { SessionPage, SessionStatusView, SessionView } from '@ai-service/trading-domain';

type Schemas = TradingComponents['schemas'];

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export const presentSession = (session: SessionView): Schemas['Session'] => ({
  ...session,
  strategy: session.strategy as Schemas['StrategyName'],
  timeframe: session.timeframe as Schemas['Timeframe'],
  replay: session.replay && { from: session.replay.from.toISOString(), to: session.replay.to.toISOString() },
  stopRequestedAt: iso(session.stopRequestedAt),
  lastTickAt: iso(session.lastTickAt),
  lastCandleTime: iso(session.lastCandleTime),
  createdAt: session.createdAt.toISOString(),
  updatedAt: session.updatedAt.toISOString(),
});

export const presentSessionPage = (page: SessionPage): Schemas['SessionPage'] => ({ items: page.items.map(presentSession), nextCursor: page.nextCursor });

export const presentSessionStatus = (status: SessionStatusView): Schemas['SessionStatus'] => ({
  ...presentSession(status),
  transitions: status.transitions.map((transition) => ({ ...transition, at: transition.at.toISOString() })),
  positions: status.positions.map((position) => ({
    symbol: position.symbol,
    quantity: position.quantity,
    averageEntryPrice: position.averageEntryPrice,
    lastPrice: position.lastPrice,
    pnl: position.pnl,
  })),
  openOrders: status.openOrders.map((order) => ({
    orderId: order.orderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    quantity: order.quantity,
    limitPrice: order.limitPrice,
    state: order.state,
    exchangeOrderId: order.exchangeOrderId,
    filledQuantity: order.filledQuantity,
    averagePrice: order.averagePrice,
    createdAt: order.createdAt,
  })),
  balances: status.balances,
  pnl: status.pnl,
});

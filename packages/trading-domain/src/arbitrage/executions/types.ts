import type { TenantContext } from '../../context.ts';
import type { ExecutionState } from '../../repositories/arbitrage-executions.ts';

export type { ExecutionState };

/** Who executes: a user of the tenant, with the permissions their token carries (live money needs trading:live). */
export type ExecuteArbitrageContext = TenantContext & { permissions: readonly string[] };

/**
 * A recorded opportunity by id, or the market and the two exchanges; the quantity to buy on the
 * cheaper exchange and sell on the dearer one; a session on each exchange whose balances trade it.
 */
export type ExecuteArbitrageInput = {
  opportunityId?: string | undefined;
  symbol?: string | undefined;
  buyExchange?: string | undefined;
  sellExchange?: string | undefined;
  quantity: string;
  buySessionId: string;
  sellSessionId: string;
  /** The caller's idempotency key: a repeated request returns the first execution. */
  clientId?: string | undefined;
  /** Required (true) when the sessions trade live money. */
  confirmLive?: boolean | undefined;
};

export type ExecutionLegView = {
  orderId: string;
  sessionId: string;
  exchange: string;
  side: 'buy' | 'sell';
  quantity: string;
  /** The saga's state of the order. */
  state: string;
  filledQuantity: string;
  averagePrice: string | null;
  fee: string | null;
  feeCurrency: string | null;
  failureReason: 'rejected' | 'timeout' | 'error' | null;
  failureDetail: string | null;
};

export type ExecutionTransitionView = { from: ExecutionState | null; to: ExecutionState; reason: string; at: Date };

export type ExecutionView = {
  id: string;
  clientId: string | null;
  opportunityId: string | null;
  symbol: string;
  buyExchange: string;
  sellExchange: string;
  mode: 'paper' | 'live';
  quantity: string;
  buySessionId: string;
  sellSessionId: string;
  state: ExecutionState;
  stateReason: string | null;
  /** In the quote asset, net of every fee; set once both sides are settled (completed or unwound). */
  realizedPnl: string | null;
  /** realizedPnl as a fraction of the buy's cost, when completed. */
  realizedSpread: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type ExecutionDetail = ExecutionView & {
  legs: { buy: ExecutionLegView | null; sell: ExecutionLegView | null; unwind: ExecutionLegView | null };
  transitions: ExecutionTransitionView[];
};

export type ExecutionPage = { items: ExecutionView[]; nextCursor: string | null };

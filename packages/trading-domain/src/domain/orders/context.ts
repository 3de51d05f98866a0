import { withTenant, type Transaction } from '@ai-service/db';
import type { TradingContext } from '../../context.ts';
import type { ConnectorResolver } from '../../exchange/connector.ts';

/**
 * A domain function of the order saga that may join the caller's transaction: with `tx` (a
 * withTenant transaction of the input's tenant) it commits with the caller's change, e.g. a
 * session tick's state and the order it requests.
 */
export type OrderRequestContext = TradingContext & { tx?: Transaction };

export type SagaSettings = {
  /** How long after its funds were reserved an order may stay unfilled. */
  orderTimeoutMs: number;
  /** How long a reservation may be held before the sweeper releases it. */
  reservationTtlMs: number;
  /** Share of a buy's notional reserved on top of the taker fee, as a decimal ("0.01"). */
  slippageMargin: string;
};

/** Delayed and periodic jobs of the saga (worker-trading puts them on the `trading` queue). */
export type SagaScheduler = {
  /** Re-check the order at `at` (its deadline) and compensate it if it is still not filled. */
  orderTimeout: (order: { tenantId: string; orderId: string }, at: Date) => Promise<void>;
  /** Make sure the tenant's expired reservations are swept periodically. */
  sweeper: (tenantId: string) => Promise<void>;
};

export type SagaOutcome = 'filled' | 'failed';

/** What the worker counts (saga_* and orders_sent_total). */
export type SagaTelemetry = {
  started: () => void;
  completed: (outcome: SagaOutcome, seconds: number) => void;
  compensated: () => void;
  orderSent: () => void;
};

/** What the saga's steps need: the venues, the settings, the delayed jobs and the metrics. */
export type OrderSagaContext = TradingContext & {
  connectors: ConnectorResolver;
  settings: SagaSettings;
  scheduler: SagaScheduler;
  telemetry: SagaTelemetry;
};

/** Runs `work` in the caller's transaction when there is one, else in a new one of the tenant. */
export function inTenantTx<T>(ctx: OrderRequestContext, tenantId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return ctx.tx ? work(ctx.tx) : withTenant(ctx.db, tenantId, work);
}

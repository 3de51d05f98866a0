import type { Database } from '@ai-service/db';
import type { OrderRow } from '../../repositories/orders.ts';
import type { OrderRef } from './run-order-saga.ts';

type SessionMarket = Pick<OrderRow, 'tenantId' | 'sessionId' | 'exchange' | 'mode' | 'symbol'>;

/** What a batch of fills committed: the orders it filled, by id (none when it failed). */
export type BatchOutcome = ReadonlyMap<string, OrderRow>;

/**
 * Batches of fills under way in this process (fill-batch.ts), per database and session market: a
 * delivery of an order one of them may hold waits for its outcome instead of claiming on its own.
 */
const underWay = new WeakMap<Database, Map<string, Promise<BatchOutcome>>>();

/** The orders those batches claimed (locked), by tenant and order id: their deliveries wait for the batch before reading them. */
const claimedBy = new WeakMap<Database, Map<string, Promise<BatchOutcome>>>();

const orderKey = (ref: OrderRef) => `${ref.tenantId}/${ref.orderId}`;

const marketKey = (market: SessionMarket) => [market.tenantId, market.sessionId, market.exchange, market.mode, market.symbol].join('/');

/** The batch of the session's market under way in this process, if any, as the orders it will have filled. */
export const batchUnderWay = (db: Database, market: SessionMarket): Promise<BatchOutcome> | undefined => underWay.get(db)?.get(marketKey(market));

/** The batch under way in this process that claimed the order, if any, as the orders it will have filled. */
export const batchHolding = (db: Database, ref: OrderRef): Promise<BatchOutcome> | undefined => claimedBy.get(db)?.get(orderKey(ref));

/**
 * Runs `batch` as the batch under way of the session's market (see batchUnderWay) until it ends;
 * `batch` reports the orders it claimed (see batchHolding) through `claimed`.
 */
export async function runAsBatch(
  db: Database,
  market: SessionMarket,
  batch: (claimed: (orders: readonly OrderRef[]) => void) => Promise<BatchOutcome>,
): Promise<BatchOutcome> {
  const batches = mapIn(underWay, db);
  const claims = mapIn(claimedBy, db);
  const key = marketKey(market);
  // Whoever waits for it only needs what it filled: nothing, if it fails (its own delivery handles that).
  let settle: (filled: BatchOutcome) => void = () => undefined;
  const outcome = new Promise<BatchOutcome>((resolve) => (settle = resolve));
  const held: string[] = [];
  const claimed = (orders: readonly OrderRef[]) => {
    for (const order of orders) {
      held.push(orderKey(order));
      claims.set(orderKey(order), outcome);
    }
  };
  batches.set(key, outcome);
  let filled: BatchOutcome = new Map();
  try {
    filled = await batch(claimed);
    return filled;
  } finally {
    settle(filled);
    if (batches.get(key) === outcome) batches.delete(key);
    for (const order of held) if (claims.get(order) === outcome) claims.delete(order);
  }
}

function mapIn<V>(maps: WeakMap<Database, Map<string, V>>, db: Database): Map<string, V> {
  let map = maps.get(db);
  if (!map) maps.set(db, (map = new Map()));
  return map;
}

import type { Database } from '@ai-service/db';
import type { SagaState } from '../../repositories/orders.ts';
import type { OrderRef } from './run-order-saga.ts';

/** Orders remembered per database; the oldest are forgotten first (their deliveries then read the row). */
const REMEMBERED = 10_000;

type FinishedOrders = Map<string, SagaState>;

const byDatabase = new WeakMap<Database, FinishedOrders>();

const keyOf = (ref: OrderRef) => `${ref.tenantId}/${ref.orderId}`;

function finishedIn(db: Database): FinishedOrders {
  let finished = byDatabase.get(db);
  if (!finished) byDatabase.set(db, (finished = new Map()));
  return finished;
}

/**
 * Notes orders this process saw committed in a final state (filled or failed: a final state never
 * changes). A batch fills a session's other requested orders with its own (fill-batch.ts); their
 * own deliveries, in this process, then know the outcome without a transaction to read it.
 */
export function rememberFinished(db: Database, refs: readonly OrderRef[], state: SagaState): void {
  const finished = finishedIn(db);
  for (const ref of refs) finished.set(keyOf(ref), state);
  for (const key of finished.keys()) {
    if (finished.size <= REMEMBERED) break;
    finished.delete(key);
  }
}

/** The final state this process saw the order committed in, if it remembers one. */
export const finishedState = (db: Database, ref: OrderRef): SagaState | undefined => byDatabase.get(db)?.get(keyOf(ref));

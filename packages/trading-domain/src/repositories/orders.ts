import type { Transaction } from '@ai-service/db';
import type { EventfulChange } from '@ai-service/outbox';
import { and, asc, desc, eq, inArray, lte, notInArray, sql, type SQL } from 'drizzle-orm';
import { eventLog, orders, positions, reservations, reservationStatus, sessionBalances, trades } from '../db/schema/index.ts';
import type { EventRow } from './event-log.ts';
import { columnOf, enumType } from './batch-statements.ts';

export type OrderRow = typeof orders.$inferSelect;
export type NewOrderRow = typeof orders.$inferInsert;
/** What requestOrder writes; the saga fills in the rest. */
export type RequestedOrderRow = Pick<OrderRow, 'id' | 'tenantId' | 'sessionId' | 'exchange' | 'mode' | 'symbol' | 'side' | 'type' | 'quantity' | 'limitPrice' | 'createdAt' | 'updatedAt'>;
export type SagaState = OrderRow['sagaState'];
export type ReservationRow = typeof reservations.$inferSelect;
export type BalanceRow = typeof sessionBalances.$inferSelect;
export type PositionRow = typeof positions.$inferSelect;
export type NewTradeRow = typeof trades.$inferInsert;

export const TERMINAL_STATES: SagaState[] = ['filled', 'failed'];

/**
 * The order inserted unless one with its id exists, and its audit row only when this statement
 * created it, as the CTEs of the statement that also appends its event (appendEventWith):
 * `inserted` has a row when the order is new. One statement for every order a session requests.
 */
export function insertOrderAudited(row: RequestedOrderRow, audit: EventRow): EventfulChange {
  // Written out rather than built (tx.insert): every order a session requests goes through here, and the builder costs several times more.
  const insert = sql`
    insert into ${orders} (id, tenant_id, session_id, exchange, mode, symbol, side, type, quantity, limit_price, created_at, updated_at)
    values (${row.id}, ${row.tenantId}, ${row.sessionId}, ${row.exchange}, ${row.mode}, ${row.symbol}, ${row.side}, ${row.type}, ${row.quantity}, ${row.limitPrice},
            ${row.createdAt}, ${row.updatedAt})
    on conflict (id) do nothing`;
  const ctes = sql`
    inserted as (${insert} returning id),
    audited as (
      insert into ${eventLog} (occurred_at, type, aggregate_type, aggregate_id, payload, actor, tenant_id, trace_id)
      select ${audit.occurredAt ?? new Date()}::timestamptz, ${audit.type}, ${audit.aggregateType}, ${audit.aggregateId}, ${JSON.stringify(audit.payload ?? {})}::jsonb,
             ${audit.actor ?? null}, ${audit.tenantId}::uuid, ${audit.traceId ?? null}
        from inserted)`;
  return { ctes, when: 'inserted' };
}

export async function findOrder(tx: Transaction, id: string, { forUpdate = false } = {}): Promise<OrderRow | undefined> {
  const query = tx.select().from(orders).where(eq(orders.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/**
 * Up to `limit` orders of the session still `requested` on the venue and market of `like`, oldest
 * first, locked; orders another transaction holds are skipped (the saga's batched fills).
 */
export async function claimRequestedOrders(tx: Transaction, like: Pick<OrderRow, 'tenantId' | 'sessionId' | 'exchange' | 'mode' | 'symbol'>, limit: number): Promise<OrderRow[]> {
  return tx
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, like.tenantId),
        eq(orders.sessionId, like.sessionId),
        eq(orders.sagaState, 'requested'),
        eq(orders.exchange, like.exchange),
        eq(orders.mode, like.mode),
        eq(orders.symbol, like.symbol),
      ),
    )
    .orderBy(asc(orders.createdAt), asc(orders.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Several orders filled at once, each with its own columns: the batched fills' statement (executeTogether). */
export function ordersFilledUpdate(
  filled: ReadonlyArray<{ id: string; exchangeOrderId: string; filledQuantity: string; averagePrice: string; fee: string; feeCurrency: string }>,
  at: { now: Date; timeoutAt: Date },
): SQL {
  const column = (key: keyof (typeof filled)[number]) => sql.param(filled.map((row) => row[key]));
  return sql`
    update ${orders} o set saga_state = 'filled', exchange_order_id = d.exchange_order_id, filled_quantity = d.filled_quantity::numeric,
           average_price = d.average_price::numeric, fee = d.fee::numeric, fee_currency = d.fee_currency,
           timeout_at = ${at.timeoutAt}, updated_at = ${at.now}, finished_at = ${at.now}
      from unnest(${column('id')}::uuid[], ${column('exchangeOrderId')}::text[], ${column('filledQuantity')}::text[],
                  ${column('averagePrice')}::text[], ${column('fee')}::text[], ${column('feeCurrency')}::text[])
           as d(id, exchange_order_id, filled_quantity, average_price, fee, fee_currency)
     where o.id = d.id`;
}

/** Changes the order and returns it as it now is (one round trip instead of an update and a read). */
export async function updateOrder(tx: Transaction, id: string, changes: Partial<Omit<NewOrderRow, 'id' | 'tenantId'>>): Promise<OrderRow> {
  const [row] = await tx.update(orders).set(changes).where(eq(orders.id, id)).returning();
  if (!row) throw new Error(`order ${id} is not there to update`);
  return row;
}

export async function listOrders(tx: Transaction, sessionId: string, { open = false } = {}): Promise<OrderRow[]> {
  return tx
    .select()
    .from(orders)
    .where(and(eq(orders.sessionId, sessionId), open ? notInArray(orders.sagaState, TERMINAL_STATES) : undefined))
    .orderBy(desc(orders.createdAt), desc(orders.id));
}

/** A new balance row; an existing one is left as it is. True when this call created it. */
export async function insertBalance(tx: Transaction, row: { tenantId: string; sessionId: string; asset: string; free: string }): Promise<boolean> {
  const inserted = await tx.insert(sessionBalances).values(row).onConflictDoNothing().returning({ asset: sessionBalances.asset });
  return inserted.length > 0;
}

export async function findBalance(tx: Transaction, sessionId: string, asset: string, { forUpdate = false } = {}): Promise<BalanceRow | undefined> {
  const query = tx.select().from(sessionBalances).where(and(eq(sessionBalances.sessionId, sessionId), eq(sessionBalances.asset, asset)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The session's balance rows of these assets, locked, in asset order. */
export async function lockBalances(tx: Transaction, sessionId: string, assets: readonly string[]): Promise<BalanceRow[]> {
  return tx
    .select()
    .from(sessionBalances)
    .where(and(eq(sessionBalances.sessionId, sessionId), inArray(sessionBalances.asset, [...assets])))
    .orderBy(asc(sessionBalances.asset))
    .for('update');
}

export async function listBalances(tx: Transaction, sessionId: string): Promise<BalanceRow[]> {
  return tx.select().from(sessionBalances).where(eq(sessionBalances.sessionId, sessionId)).orderBy(asc(sessionBalances.asset));
}

export type BalanceChange = {
  asset: string;
  free: string;
  reserved: string;
  /** Apply only if the row has at least this much free beforehand (a reservation made in the same change). */
  needsFree?: string;
};

/**
 * Adds the (signed) deltas to balances of a session, in asset order (so that two transactions of a
 * session lock its balance rows in the same order). A gain may create the row (the first fill of a
 * base asset); a loss needs the row, and the ≥ 0 checks make an overdraft fail the transaction.
 * One statement per asset: an upsert cannot carry a loss, since Postgres checks the proposed
 * (negative) row before it sees the conflict. False, with the changes before it made (the caller
 * rolls back), when a change's `needsFree` is not there.
 */
export async function changeBalances(tx: Transaction, session: { tenantId: string; sessionId: string; at: Date }, changes: readonly BalanceChange[]): Promise<boolean> {
  for (const change of [...changes].sort((a, b) => a.asset.localeCompare(b.asset))) {
    const set = {
      free: sql`${sessionBalances.free} + ${change.free}::numeric`,
      reserved: sql`${sessionBalances.reserved} + ${change.reserved}::numeric`,
      updatedAt: session.at,
    };
    if (change.needsFree === undefined && !change.free.startsWith('-') && !change.reserved.startsWith('-')) {
      await tx
        .insert(sessionBalances)
        .values({ tenantId: session.tenantId, sessionId: session.sessionId, asset: change.asset, free: change.free, reserved: change.reserved, updatedAt: session.at })
        .onConflictDoUpdate({ target: [sessionBalances.sessionId, sessionBalances.asset], set });
      continue;
    }
    const updated = await tx
      .update(sessionBalances)
      .set(set)
      .where(
        and(
          eq(sessionBalances.sessionId, session.sessionId),
          eq(sessionBalances.asset, change.asset),
          change.needsFree === undefined ? undefined : sql`${sessionBalances.free} >= ${change.needsFree}::numeric`,
        ),
      )
      .returning({ asset: sessionBalances.asset });
    if (updated.length > 0) continue;
    if (change.needsFree !== undefined) return false;
    throw new Error(`session ${session.sessionId} has no ${change.asset} balance to take ${change.free} from`);
  }
  return true;
}

/** The order's reservation, if any was made. True when this call made it. */
export async function insertReservation(tx: Transaction, row: typeof reservations.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(reservations).values(row).onConflictDoNothing({ target: reservations.orderId }).returning({ id: reservations.id });
  return inserted.length > 0;
}

/** Several reservations in one statement (the batched fills insert them already consumed, with executeTogether). */
export function reservationsInsert(rows: ReadonlyArray<typeof reservations.$inferInsert & { status: ReservationRow['status'] }>): SQL {
  return sql`
    insert into ${reservations} (id, tenant_id, order_id, session_id, asset, amount, status, expires_at, created_at, updated_at)
    select * from unnest(${columnOf(rows, 'id', 'uuid')}, ${columnOf(rows, 'tenantId', 'uuid')}, ${columnOf(rows, 'orderId', 'uuid')}, ${columnOf(rows, 'sessionId', 'uuid')},
                         ${columnOf(rows, 'asset', 'text')}, ${columnOf(rows, 'amount', 'numeric')}, ${columnOf(rows, 'status', enumType(reservationStatus))},
                         ${columnOf(rows, 'expiresAt', 'timestamptz')}, ${columnOf(rows, 'createdAt', 'timestamptz')}, ${columnOf(rows, 'updatedAt', 'timestamptz')})`;
}

/** Closes the order's reservation if it is still held, and returns it; undefined when none is held. */
export async function closeHeldReservation(tx: Transaction, orderId: string, status: 'consumed' | 'released', at: Date): Promise<ReservationRow | undefined> {
  const [row] = await tx
    .update(reservations)
    .set({ status, updatedAt: at })
    .where(and(eq(reservations.orderId, orderId), eq(reservations.status, 'held')))
    .returning();
  return row;
}

/** Orders whose reservation is still held past its expiry (the tenant's, under row-level security). */
export async function expiredReservationOrders(tx: Transaction, now: Date, limit: number): Promise<string[]> {
  const rows = await tx
    .select({ orderId: reservations.orderId })
    .from(reservations)
    .where(and(eq(reservations.status, 'held'), lte(reservations.expiresAt, now)))
    .orderBy(asc(reservations.expiresAt))
    .limit(limit);
  return rows.map((row) => row.orderId);
}

export async function findPosition(tx: Transaction, sessionId: string, symbol: string): Promise<PositionRow | undefined> {
  const [row] = await tx
    .select()
    .from(positions)
    .where(and(eq(positions.sessionId, sessionId), eq(positions.symbol, symbol)))
    .for('update');
  return row;
}

export async function savePosition(tx: Transaction, row: PositionRow): Promise<void> {
  const { tenantId: _tenantId, sessionId: _sessionId, symbol: _symbol, ...changes } = row;
  await tx.insert(positions).values(row).onConflictDoUpdate({ target: [positions.sessionId, positions.symbol], set: changes });
}

export async function listPositions(tx: Transaction, sessionId: string): Promise<PositionRow[]> {
  return tx.select().from(positions).where(eq(positions.sessionId, sessionId)).orderBy(asc(positions.symbol));
}

/** Several trades in one statement (the batched fills, with executeTogether). */
export function tradesInsert(rows: readonly NewTradeRow[]): SQL {
  return sql`
    insert into ${trades} (id, tenant_id, order_id, session_id, symbol, side, quantity, price, fee, fee_currency, executed_at)
    select * from unnest(${columnOf(rows, 'id', 'uuid')}, ${columnOf(rows, 'tenantId', 'uuid')}, ${columnOf(rows, 'orderId', 'uuid')}, ${columnOf(rows, 'sessionId', 'uuid')},
                         ${columnOf(rows, 'symbol', 'text')}, ${columnOf(rows, 'side', 'text')}, ${columnOf(rows, 'quantity', 'numeric')}, ${columnOf(rows, 'price', 'numeric')},
                         ${columnOf(rows, 'fee', 'numeric')}, ${columnOf(rows, 'feeCurrency', 'text')}, ${columnOf(rows, 'executedAt', 'timestamptz')})`;
}

/** True when this call recorded the trade (an order settles once). */
export async function insertTrade(tx: Transaction, row: NewTradeRow): Promise<boolean> {
  const inserted = await tx.insert(trades).values(row).onConflictDoNothing({ target: trades.orderId }).returning({ id: trades.id });
  return inserted.length > 0;
}

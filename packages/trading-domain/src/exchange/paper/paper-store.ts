import type { Transaction } from '@ai-service/db';
import { decimal, type Decimal } from '@ai-service/money';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { paperBalances, paperOrders } from '../../db/schema/index.ts';
import { TradingDomainError } from '../../errors.ts';
import { columnOf } from '../../repositories/batch-statements.ts';

/** The SQL of the paper exchange; every function runs inside the caller's tenant transaction. */

export type PaperOrderRow = typeof paperOrders.$inferSelect;
export type NewPaperOrderRow = typeof paperOrders.$inferInsert;
export type PaperAccountKey = { tenantId: string; account: string };

/**
 * Serializes every change to one paper account (balances and orders) until the transaction ends:
 * concurrent orders of a session then read the balances the previous one left.
 */
export async function lockPaperAccount(tx: Transaction, key: PaperAccountKey): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`paper:${key.tenantId}:${key.account}`}))`);
}

/** lockPaperAccount without waiting: false when another transaction holds the account. */
export async function tryLockPaperAccount(tx: Transaction, key: PaperAccountKey): Promise<boolean> {
  const { rows } = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(hashtext(${`paper:${key.tenantId}:${key.account}`})) as locked`);
  return rows[0]?.locked === true;
}

/** Postgres' lock_not_available: a lock wait ran past lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * lockPaperAccount waiting at most `waitMs` (another batch's commit, not a long transaction). The
 * lock timeout is set for this wait only and restored in the same statement. Past it Postgres
 * cancels the wait with an error that aborts the transaction: thrown as exchange_unavailable, for
 * the caller to roll back.
 */
export async function lockPaperAccountWithin(tx: Transaction, key: PaperAccountKey, waitMs: number): Promise<void> {
  try {
    await tx.execute(sql`
      with waited as materialized (
        select current_setting('lock_timeout') as before, set_config('lock_timeout', ${`${waitMs}ms`}, true) as during,
               pg_advisory_xact_lock(hashtext(${`paper:${key.tenantId}:${key.account}`})) as locked)
      select set_config('lock_timeout', before, true) from waited`);
  } catch (error) {
    const { code, cause } = error as { code?: string; cause?: { code?: string } };
    if ((cause?.code ?? code) !== LOCK_NOT_AVAILABLE) throw error;
    throw new TradingDomainError('exchange_unavailable', 'The paper account stayed busy with other placements.', [], { cause: error });
  }
}

export type Holding = { free: Decimal; used: Decimal };

export async function readHoldings(tx: Transaction, key: PaperAccountKey, assets?: readonly string[]): Promise<Map<string, Holding>> {
  const rows = await tx
    .select({ asset: paperBalances.asset, free: paperBalances.free, used: paperBalances.used })
    .from(paperBalances)
    .where(and(eq(paperBalances.tenantId, key.tenantId), eq(paperBalances.account, key.account), assets ? inArray(paperBalances.asset, [...assets]) : undefined))
    .orderBy(asc(paperBalances.asset));
  return new Map(rows.map((row) => [row.asset, { free: decimal(row.free), used: decimal(row.used) }]));
}

export async function writeHolding(tx: Transaction, key: PaperAccountKey, asset: string, holding: Holding, now: Date): Promise<void> {
  await writeHoldings(tx, key, [{ asset, holding }], now);
}

/** Writes several holdings of the account in one statement (a fill moves two assets). */
export async function writeHoldings(tx: Transaction, key: PaperAccountKey, holdings: ReadonlyArray<{ asset: string; holding: Holding }>, now: Date): Promise<void> {
  await tx.execute(holdingsUpsert(tx, key, holdings, now));
}

/** writeHoldings' statement, for executeTogether. */
export function holdingsUpsert(tx: Transaction, key: PaperAccountKey, holdings: ReadonlyArray<{ asset: string; holding: Holding }>, now: Date): SQL {
  return tx
    .insert(paperBalances)
    .values(holdings.map(({ asset, holding }) => ({ tenantId: key.tenantId, account: key.account, asset, free: holding.free.toFixed(), used: holding.used.toFixed(), updatedAt: now })))
    .onConflictDoUpdate({
      target: [paperBalances.tenantId, paperBalances.account, paperBalances.asset],
      set: { free: sql`excluded.free`, used: sql`excluded.used`, updatedAt: now },
    })
    .getSQL();
}

export async function findPaperOrderByClientId(tx: Transaction, key: PaperAccountKey, clientOrderId: string): Promise<PaperOrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(paperOrders)
    .where(and(eq(paperOrders.tenantId, key.tenantId), eq(paperOrders.account, key.account), eq(paperOrders.clientOrderId, clientOrderId)));
  return row;
}

export async function findPaperOrder(tx: Transaction, key: PaperAccountKey, id: string): Promise<PaperOrderRow | undefined> {
  const [row] = await tx.select().from(paperOrders).where(and(eq(paperOrders.tenantId, key.tenantId), eq(paperOrders.account, key.account), eq(paperOrders.id, id)));
  return row;
}

export async function openPaperOrders(tx: Transaction, key: PaperAccountKey, symbol?: string): Promise<PaperOrderRow[]> {
  return tx
    .select()
    .from(paperOrders)
    .where(and(eq(paperOrders.tenantId, key.tenantId), eq(paperOrders.account, key.account), eq(paperOrders.status, 'open'), symbol ? eq(paperOrders.symbol, symbol) : undefined))
    .orderBy(asc(paperOrders.createdAt), asc(paperOrders.id));
}

export async function openPaperOrderSymbols(tx: Transaction, key: PaperAccountKey): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ symbol: paperOrders.symbol })
    .from(paperOrders)
    .where(and(eq(paperOrders.tenantId, key.tenantId), eq(paperOrders.account, key.account), eq(paperOrders.status, 'open')));
  return rows.map((row) => row.symbol);
}

export async function insertPaperOrder(tx: Transaction, row: NewPaperOrderRow): Promise<PaperOrderRow> {
  const [inserted] = await tx.insert(paperOrders).values(row).returning();
  return inserted!;
}

/** Several new orders in one statement (the saga's batched fills, with executeTogether). */
export function paperOrdersInsert(rows: readonly PaperOrderRow[]): SQL {
  return sql`
    insert into ${paperOrders} (id, tenant_id, account, client_order_id, symbol, side, type, status, quantity, limit_price, filled, average_price,
                                fee_cost, fee_currency, reserved_asset, reserved, created_at, updated_at)
    select * from unnest(${columnOf(rows, 'id', 'uuid')}, ${columnOf(rows, 'tenantId', 'uuid')}, ${columnOf(rows, 'account', 'text')}, ${columnOf(rows, 'clientOrderId', 'text')},
                         ${columnOf(rows, 'symbol', 'text')}, ${columnOf(rows, 'side', 'text')}, ${columnOf(rows, 'type', 'text')}, ${columnOf(rows, 'status', 'text')},
                         ${columnOf(rows, 'quantity', 'numeric')}, ${columnOf(rows, 'limitPrice', 'numeric')}, ${columnOf(rows, 'filled', 'numeric')},
                         ${columnOf(rows, 'averagePrice', 'numeric')}, ${columnOf(rows, 'feeCost', 'numeric')}, ${columnOf(rows, 'feeCurrency', 'text')},
                         ${columnOf(rows, 'reservedAsset', 'text')}, ${columnOf(rows, 'reserved', 'numeric')}, ${columnOf(rows, 'createdAt', 'timestamptz')},
                         ${columnOf(rows, 'updatedAt', 'timestamptz')})`;
}

export async function updatePaperOrder(tx: Transaction, id: string, change: Partial<NewPaperOrderRow>): Promise<PaperOrderRow> {
  const [updated] = await tx.update(paperOrders).set(change).where(eq(paperOrders.id, id)).returning();
  return updated!;
}

import type { Transaction } from '@ai-service/db';
import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { exchangeRates, type RateSource } from '../db/schema/reporting.ts';
import { sqlArray } from './sqlArray.ts';

export type ExchangeRateRow = typeof exchangeRates.$inferSelect;
export type RateUpsert = { date: string; baseCurrency: string; quoteCurrency: string; rate: string };

export type RateFilter = { currency?: string | undefined; from?: string | undefined; to?: string | undefined };

function filterConditions(filter: RateFilter): SQL[] {
  return [
    ...(filter.currency ? [or(eq(exchangeRates.baseCurrency, filter.currency), eq(exchangeRates.quoteCurrency, filter.currency))!] : []),
    ...(filter.from ? [gte(exchangeRates.date, filter.from)] : []),
    ...(filter.to ? [lte(exchangeRates.date, filter.to)] : []),
  ];
}

/** Newest date first; `after` is the (date, id) of the last row of the previous page. */
export async function listRateRows(tx: Transaction, filter: RateFilter, { limit, after }: { limit: number; after?: { date: string; id: string } }): Promise<ExchangeRateRow[]> {
  const keyset = after ? [or(lt(exchangeRates.date, after.date), and(eq(exchangeRates.date, after.date), lt(exchangeRates.id, after.id)))!] : [];
  return tx
    .select()
    .from(exchangeRates)
    .where(and(...filterConditions(filter), ...keyset))
    .orderBy(desc(exchangeRates.date), desc(exchangeRates.id))
    .limit(limit);
}

export async function findRate(tx: Transaction, rateId: string): Promise<ExchangeRateRow | undefined> {
  const [row] = await tx.select().from(exchangeRates).where(eq(exchangeRates.id, rateId));
  return row;
}

export async function deleteRateRow(tx: Transaction, rateId: string): Promise<void> {
  await tx.delete(exchangeRates).where(eq(exchangeRates.id, rateId));
}

/**
 * Inserts or replaces the rates of (date, pair), one statement for the whole batch (columns as
 * arrays through `unnest`). A stored rate equal in value and source is left alone (re-importing a
 * file rewrites nothing). Returns how many rows were new and how many replaced a different rate.
 */
export async function upsertRates(tx: Transaction, tenantId: string, source: RateSource, rows: readonly RateUpsert[]): Promise<{ created: number; updated: number }> {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const result = await tx.execute<{ created: boolean }>(sql`
    insert into ${exchangeRates} (id, tenant_id, date, base_currency, quote_currency, rate, source)
    select gen_random_uuid(), ${tenantId}::uuid, d, b, q, r, ${source}
    from unnest(${sqlArray(rows.map((row) => row.date), 'date')}, ${sqlArray(rows.map((row) => row.baseCurrency), 'text')},
      ${sqlArray(rows.map((row) => row.quoteCurrency), 'text')}, ${sqlArray(rows.map((row) => row.rate), 'numeric')}) as u(d, b, q, r)
    on conflict (tenant_id, base_currency, quote_currency, date)
    do update set rate = excluded.rate, source = excluded.source, updated_at = now()
    where exchange_rates.rate <> excluded.rate or exchange_rates.source <> excluded.source
    returning (xmax = 0) as created`);
  const created = result.rows.filter((row) => row.created).length;
  return { created, updated: result.rows.length - created };
}

/** One stored rate by its natural key (what a manual upsert returns). */
export async function findRateByKey(tx: Transaction, key: Omit<RateUpsert, 'rate'>): Promise<ExchangeRateRow | undefined> {
  const [row] = await tx
    .select()
    .from(exchangeRates)
    .where(and(eq(exchangeRates.date, key.date), eq(exchangeRates.baseCurrency, key.baseCurrency), eq(exchangeRates.quoteCurrency, key.quoteCurrency)));
  return row;
}

export type StoredRate = { date: string; baseCurrency: string; quoteCurrency: string; rate: string };

/**
 * Every rate a conversion between `from` and `to` may use: those dated in the window, and for each
 * pair its latest rate before the window (the rate of an earlier day stays valid until a newer one).
 * The pairs are found by skipping through the (tenant, pair, date) index, one probe per pair,
 * rather than by sorting every older rate: 0.7 ms instead of 550 ms over 25 years of 30 ECB
 * currencies (measured with EXPLAIN ANALYZE as the runtime role).
 */
export async function ratesForWindow(tx: Transaction, { from, to }: { from: string; to: string }): Promise<StoredRate[]> {
  const columns = { date: exchangeRates.date, baseCurrency: exchangeRates.baseCurrency, quoteCurrency: exchangeRates.quoteCurrency, rate: exchangeRates.rate };
  const inWindow = await tx
    .select(columns)
    .from(exchangeRates)
    .where(and(gte(exchangeRates.date, from), lte(exchangeRates.date, to)));
  const { rows: before } = await tx.execute<StoredRate>(sql`
    with recursive pairs(b, q) as (
      (select base_currency, quote_currency from ${exchangeRates} order by base_currency, quote_currency limit 1)
      union all
      select next.b, next.q from pairs p, lateral (
        select base_currency as b, quote_currency as q from ${exchangeRates}
        where (base_currency, quote_currency) > (p.b, p.q) order by base_currency, quote_currency limit 1) next
    )
    select r.date::text as date, r.base_currency::text as "baseCurrency", r.quote_currency::text as "quoteCurrency", r.rate::text as rate
    from pairs p, lateral (
      select date, base_currency, quote_currency, rate from ${exchangeRates}
      where base_currency = p.b and quote_currency = p.q and date < ${from}::date order by date desc limit 1) r`);
  return [...before, ...inWindow];
}

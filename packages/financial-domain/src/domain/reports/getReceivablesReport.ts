import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { formatMoney } from '../../money.ts';
import { listReceivables } from '../../repositories/receivables.ts';
import type { RateUsed } from '../exchange-rates/rateBook.ts';
import { loadRateBook } from '../exchange-rates/loadRateBook.ts';
import { baseCurrencyOf } from '../settings/view.ts';

export const AGE_BUCKETS = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export type BucketAmounts = Record<AgeBucket, string> & { total: string };

export type ReceivableInvoice = {
  invoiceId: string;
  number: string;
  clientId: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  /** Days past the due date on the report date; 0 or less is not yet due. */
  daysOverdue: number;
  bucket: AgeBucket;
  amountDue: string;
  /** amountDue in the base currency at the report date's rate. */
  baseAmountDue: string;
  rate: RateUsed | null;
};

export type ReceivablesClient = { clientId: string; name: string; amounts: BucketAmounts; invoices: number };

export type ReceivablesReport = { currency: string; date: string; items: ReceivablesClient[]; totals: BucketAmounts; invoices: ReceivableInvoice[] };

const DAY_MS = 86_400_000;

function bucketOf(daysOverdue: number): AgeBucket {
  if (daysOverdue <= 0) return 'current';
  if (daysOverdue <= 30) return 'days1to30';
  if (daysOverdue <= 60) return 'days31to60';
  if (daysOverdue <= 90) return 'days61to90';
  return 'over90';
}

const zero = (): Record<AgeBucket | 'total', Decimal> => ({ current: decimal('0'), days1to30: decimal('0'), days31to60: decimal('0'), days61to90: decimal('0'), over90: decimal('0'), total: decimal('0') });

/**
 * What clients owe on the report date (today by the context's clock): every open invoice by how
 * long it is overdue (not yet due, 1–30, 31–60, 61–90, more than 90 days), per client and in
 * total, in the tenant's base currency at that date's rate (the rate used is on each invoice).
 */
export async function getReceivablesReport({ ctx }: { ctx: FinancialContext }): Promise<ReceivablesReport> {
  const date = ctx.clock().toISOString().slice(0, 10);
  const today = Date.parse(`${date}T00:00:00Z`);
  return withTenantTx(ctx, async (tx) => {
    const base = await baseCurrencyOf(tx);
    const rows = await listReceivables(tx);
    const book = await loadRateBook(tx, base, { from: date, to: date });
    const clients = new Map<string, { name: string; sums: ReturnType<typeof zero>; invoices: number }>();
    const totals = zero();
    const invoices = rows.map((row): ReceivableInvoice => {
      const daysOverdue = Math.round((today - Date.parse(`${row.dueDate}T00:00:00Z`)) / DAY_MS);
      const bucket = bucketOf(daysOverdue);
      const converted = book.convert(row.amountDue, row.currency, date);
      const client = clients.get(row.clientId) ?? clients.set(row.clientId, { name: row.clientName, sums: zero(), invoices: 0 }).get(row.clientId)!;
      for (const sums of [client.sums, totals]) {
        sums[bucket] = sums[bucket].plus(converted.amount);
        sums.total = sums.total.plus(converted.amount);
      }
      client.invoices += 1;
      return {
        invoiceId: row.invoiceId,
        number: row.number,
        clientId: row.clientId,
        currency: row.currency,
        issueDate: row.issueDate,
        dueDate: row.dueDate,
        daysOverdue,
        bucket,
        amountDue: formatMoney(row.amountDue, row.currency),
        baseAmountDue: formatMoney(converted.amount, base),
        rate: converted.rate,
      };
    });
    const amounts = (sums: ReturnType<typeof zero>): BucketAmounts =>
      Object.fromEntries(Object.entries(sums).map(([key, value]) => [key, formatMoney(decimalToString(value), base)])) as BucketAmounts;
    return {
      currency: base,
      date,
      items: [...clients].map(([clientId, client]) => ({ clientId, name: client.name, amounts: amounts(client.sums), invoices: client.invoices })),
      totals: amounts(totals),
      invoices,
    };
  });
}

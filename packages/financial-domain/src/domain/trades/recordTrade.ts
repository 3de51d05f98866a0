import type { Transaction } from '@ai-service/db';
import { currencyExponent, decimal, decimalToString, roundDecimal } from '@ai-service/money';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { accounts, transactions } from '../../db/schema/ledger.ts';
import { invalidInput } from '../../errors.ts';
import { parseCurrency } from '../../money.ts';
import { insertAccount, type AccountRow } from '../../repositories/accounts.ts';

/** A trade a trading session executed (the `TradeExecuted` event's payload). */
export type RecordTradeInput = {
  tradeId: string;
  exchange: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: string;
  price: string;
  fee: { amount: string; asset: string };
  executedAt: string;
};

export type RecordTradeResult = { accountId: string; transactionId: string | null };

/**
 * Stablecoins quote most crypto markets but are not ISO 4217 currencies (accounts are): each is
 * booked in the currency it is pegged to.
 */
const PEGGED: Record<string, string> = { USDT: 'USD', USDC: 'USD', BUSD: 'USD', TUSD: 'USD', FDUSD: 'USD', USDP: 'USD', DAI: 'USD', EURC: 'EUR', EURT: 'EUR' };

function accountCurrency(quote: string): string {
  const currency = PEGGED[quote] ?? quote;
  return parseCurrency('symbol', currency);
}

/**
 * The tenant's brokerage account of the exchange in that currency (`institution` = the exchange),
 * created named after the exchange on its first trade. Serialized per tenant and exchange, so two
 * first trades arriving together create one account.
 */
async function brokerageAccount(tx: Transaction, ctx: FinancialContext, exchange: string, currency: string): Promise<AccountRow> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`brokerage:${ctx.tenantId}:${exchange}:${currency}`}))`);
  const [existing] = await tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.type, 'brokerage'), eq(accounts.institution, exchange), eq(accounts.currency, currency), isNull(accounts.archivedAt)))
    .orderBy(asc(accounts.createdAt), asc(accounts.id))
    .limit(1);
  if (existing) return existing;
  const created = await insertAccount(tx, { id: randomUUID(), tenantId: ctx.tenantId, name: exchange, type: 'brokerage', currency, institution: exchange });
  await audit(tx, ctx, { type: 'AccountCreated', aggregateType: 'account', aggregateId: created.id, payload: { name: exchange, type: 'brokerage', currency, reason: 'first trade on the exchange' } });
  return created;
}

/**
 * Books an executed trade in the tenant's brokerage account of its exchange: a buy takes quantity ×
 * price plus the fee out, a sell brings quantity × price less the fee in (a fee in the base asset
 * counts at the trade price; one in a third asset, such as BNB, is only named in the description).
 * The amount is rounded half-even to the currency's minor unit; the description keeps the exact
 * figures. The transaction's external id is the trade id, so recording a trade again creates nothing
 * (`transactionId: null`).
 */
export async function recordTrade({ ctx, input }: { ctx: FinancialContext; input: RecordTradeInput }): Promise<RecordTradeResult> {
  const [base, quote] = input.symbol.split('/');
  if (!base || !quote) throw invalidInput('symbol', `${input.symbol} is not a BASE/QUOTE market symbol.`);
  const currency = accountCurrency(quote);
  const notional = decimal(input.quantity).times(decimal(input.price));
  const fee = decimal(input.fee.amount);
  const feeInQuote = input.fee.asset === quote ? fee : input.fee.asset === base ? fee.times(decimal(input.price)) : decimal('0');
  const signed = input.side === 'buy' ? notional.plus(feeInQuote).times(-1) : notional.minus(feeInQuote);
  const amount = roundDecimal(signed, currencyExponent(currency), 'half-even');
  const feeText = `${decimalToString(fee)} ${input.fee.asset}`;
  const description = `${input.side.toUpperCase()} ${decimalToString(decimal(input.quantity))} ${input.symbol} @ ${decimalToString(decimal(input.price))} on ${input.exchange} (fee ${feeText})`;

  return withTenantTx(ctx, async (tx) => {
    const account = await brokerageAccount(tx, ctx, input.exchange, currency);
    const inserted = await tx
      .insert(transactions)
      .values({
        id: randomUUID(),
        tenantId: ctx.tenantId,
        accountId: account.id,
        bookingDate: new Date(input.executedAt).toISOString().slice(0, 10),
        amount,
        currency,
        counterpartyName: input.exchange,
        description,
        status: 'booked',
        source: 'trading',
        externalId: input.tradeId,
      })
      .onConflictDoNothing()
      .returning({ id: transactions.id });
    const transactionId = inserted[0]?.id ?? null;
    if (transactionId) {
      await audit(tx, ctx, { type: 'TradeRecorded', aggregateType: 'transaction', aggregateId: transactionId, payload: { accountId: account.id, tradeId: input.tradeId, amount } });
    }
    return { accountId: account.id, transactionId };
  });
}

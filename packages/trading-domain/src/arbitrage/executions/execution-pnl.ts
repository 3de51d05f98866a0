import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import type { ExecutionOrderRow } from '../../repositories/arbitrage-executions.ts';

/** Fractions are rounded down to this many places, like the scanner's net spread. */
const SPREAD_PLACES = 10;

/**
 * The order's fee in the quote asset: a fee in the base asset (Binance charges a buy's commission in
 * what it bought) at the fill price; a fee in a third asset (BNB) counts as zero here, since the
 * order keeps only the fee as the venue reported it (it stays visible on the leg; the session's own
 * PnL values it when the order is settled, see fee-price.ts).
 */
export function feeInQuote(order: ExecutionOrderRow): Decimal {
  const [base, quote] = order.symbol.split('/');
  const fee = decimal(order.fee ?? '0');
  if (order.feeCurrency === null || order.feeCurrency === quote) return fee;
  if (order.feeCurrency === base) return fee.times(order.averagePrice ?? '0');
  return decimal('0');
}

/** What a filled order moved in the quote asset: a sell's proceeds or a buy's cost, net of its fee (a cost is negative). */
function quoteFlow(order: ExecutionOrderRow): Decimal {
  const notional = decimal(order.filledQuantity).times(order.averagePrice ?? '0');
  return order.side === 'sell' ? notional.minus(feeInQuote(order)) : notional.plus(feeInQuote(order)).times(-1);
}

/** Net result in the quote asset of a filled buy closed by a filled sell (the second leg or the unwind). */
export function realizedPnl(buy: ExecutionOrderRow, sell: ExecutionOrderRow): string {
  return decimalToString(quoteFlow(sell).plus(quoteFlow(buy)));
}

/** realizedPnl as a fraction of the buy's notional. */
export function realizedSpread(buy: ExecutionOrderRow, pnl: string): string | null {
  const cost = decimal(buy.filledQuantity).times(buy.averagePrice ?? '0');
  return cost.gt(0) ? decimalToString(decimal(pnl).div(cost).round(SPREAD_PLACES, 0)) : null;
}

/** What the buy left in its session's base balance: its quantity less a fee charged in the base asset. */
export function boughtBase(buy: ExecutionOrderRow): Decimal {
  const [base] = buy.symbol.split('/');
  const quantity = decimal(buy.filledQuantity);
  return buy.feeCurrency === base ? quantity.minus(buy.fee ?? '0') : quantity;
}

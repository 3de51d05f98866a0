import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import type { ExchangeOrder, OrderSide } from '../connector.ts';
import type { PaperOrderRow } from './paper-store.ts';

/** How the paper exchange prices fills: fractions of the notional and of the price, as decimals. */
export type PaperPricing = { takerFee: Decimal; makerFee: Decimal; slippage: Decimal };

/** A fill's price, notional (quantity × price) and fee (a fraction of the notional, in the quote asset). */
export type Fill = { price: Decimal; notional: Decimal; fee: Decimal };

/** The price a taker trades at: the feed's price moved against the trade by the slippage fraction. */
export function takerPrice(side: OrderSide, lastPrice: Decimal, pricing: PaperPricing): Decimal {
  return side === 'buy' ? lastPrice.times(decimal('1').plus(pricing.slippage)) : lastPrice.times(decimal('1').minus(pricing.slippage));
}

export function fillAt(quantity: Decimal, price: Decimal, feeRate: Decimal): Fill {
  const notional = quantity.times(price);
  return { price, notional, fee: notional.times(feeRate) };
}

/** A limit order is marketable when the taker price is at or better than its limit. */
export function isMarketable(side: OrderSide, price: Decimal, limit: Decimal): boolean {
  return side === 'buy' ? price.lte(limit) : price.gte(limit);
}

/**
 * What a resting limit order holds back until it fills: a buy its whole cost at the limit with the
 * maker fee (in the quote asset), a sell its quantity (in the base asset). On fill at the limit the
 * buy's cost is exactly this amount.
 */
export function reservationOf(side: OrderSide, quantity: Decimal, limit: Decimal, pricing: PaperPricing): Decimal {
  return side === 'buy' ? quantity.times(limit).times(decimal('1').plus(pricing.makerFee)) : quantity;
}

/** Base and quote of a `BASE/QUOTE` symbol, or null when the symbol has another shape. */
export function splitSymbol(symbol: string): { base: string; quote: string } | null {
  const match = /^([A-Z0-9]{1,20})\/([A-Z0-9]{1,20})$/.exec(symbol);
  return match ? { base: match[1]!, quote: match[2]! } : null;
}

export const text = (value: Decimal): string => decimalToString(value);

/** A stored paper order as the connector interface shows it. */
export function paperOrderView(row: PaperOrderRow): ExchangeOrder {
  return {
    id: row.id,
    clientOrderId: row.clientOrderId,
    symbol: row.symbol,
    side: row.side,
    type: row.type,
    status: row.status,
    quantity: text(decimal(row.quantity)),
    filled: text(decimal(row.filled)),
    averagePrice: row.averagePrice === null ? null : text(decimal(row.averagePrice)),
    fee: row.feeCost === null || row.feeCurrency === null ? null : { currency: row.feeCurrency, cost: text(decimal(row.feeCost)) },
    timestamp: row.updatedAt.getTime(),
  };
}

import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import type { ExchangeOrder } from '../../exchange/connector.ts';
import type { NewOrderRow, NewTradeRow, OrderRow } from '../../repositories/orders.ts';
import { marketAssets } from './saga-events.ts';

const ZERO = decimal('0');

/** What settling a filled order writes, computed without I/O (settle-order.ts, fill-batch.ts). */
export type Settlement = {
  trade: NewTradeRow;
  /** The order's columns once filled. */
  filled: Partial<Omit<NewOrderRow, 'id' | 'tenantId'>>;
  audit: Record<string, unknown>;
  orderFilled: { orderId: string; sessionId: string; exchange: string; symbol: string; side: OrderRow['side']; quantity: string; fee: { amount: string; asset: string }; averagePrice: string; filledAt: string };
  tradeExecuted: { orderId: string; sessionId: string; exchange: string; symbol: string; side: OrderRow['side']; quantity: string; fee: { amount: string; asset: string }; tradeId: string; price: string; executedAt: string };
  /** The fill as the position takes it. */
  fill: { side: OrderRow['side']; quantity: string; price: string; feeInQuote: string };
  /** The session's balance moves, given what the order had reserved. */
  balances: Array<{ asset: string; free: Decimal; reserved: Decimal }>;
};

/**
 * The settlement of an order the venue filled: the trade, the order's filled columns, OrderFilled
 * and TradeExecuted, the fill for the position, and the balances: what was reserved beyond the
 * cost (and a fee in that asset) returns to free. A fee charged in a third asset (BNB on Binance)
 * is not one of the session's balances: it is recorded on the trade, and counts in fees paid at
 * `thirdAssetFeePrice` (see fee-price.ts) when the venue gave one, else not at all.
 */
export function settlementOf(order: OrderRow, venue: ExchangeOrder, reserved: Decimal, now: Date, thirdAssetFeePrice: string | null = null): Settlement {
  const { base, quote } = marketAssets(order.symbol);
  const quantity = decimal(venue.filled);
  const price = decimal(venue.averagePrice ?? order.limitPrice ?? '0');
  const cost = quantity.times(price);
  const feeAsset = venue.fee?.currency ?? quote;
  const fee = decimal(venue.fee?.cost ?? '0');
  const feeIn = (asset: string): Decimal => (feeAsset === asset ? fee : ZERO);
  const tradeId = randomUUID();
  const executedAt = new Date(venue.timestamp || now.getTime());
  const trade = { quantity: decimalToString(quantity), price: decimalToString(price), fee: { amount: decimalToString(fee), asset: feeAsset } };
  const common = { orderId: order.id, sessionId: order.sessionId, exchange: order.exchange, symbol: order.symbol, side: order.side, quantity: trade.quantity, fee: trade.fee };
  const thirdAsset = feeAsset !== quote && feeAsset !== base;
  const feeInQuote = feeIn(quote)
    .plus(feeIn(base).times(price))
    .plus(thirdAsset && thirdAssetFeePrice !== null ? fee.times(thirdAssetFeePrice) : ZERO);
  return {
    trade: { id: tradeId, tenantId: order.tenantId, orderId: order.id, sessionId: order.sessionId, symbol: order.symbol, side: order.side, quantity: trade.quantity, price: trade.price, fee: trade.fee.amount, feeCurrency: feeAsset, executedAt },
    filled: { sagaState: 'filled', exchangeOrderId: venue.id, filledQuantity: trade.quantity, averagePrice: trade.price, fee: trade.fee.amount, feeCurrency: feeAsset, updatedAt: now, finishedAt: now },
    audit: { ...common, averagePrice: trade.price, tradeId, feeInQuote: decimalToString(feeInQuote), ...(thirdAsset ? { feePrice: thirdAssetFeePrice } : {}) },
    orderFilled: { ...common, averagePrice: trade.price, filledAt: executedAt.toISOString() },
    tradeExecuted: { ...common, tradeId, price: trade.price, executedAt: executedAt.toISOString() },
    fill: { side: order.side, quantity: trade.quantity, price: trade.price, feeInQuote: decimalToString(feeInQuote) },
    balances:
      order.side === 'buy'
        ? [
            { asset: quote, free: reserved.minus(cost).minus(feeIn(quote)), reserved: reserved.times(-1) },
            { asset: base, free: quantity.minus(feeIn(base)), reserved: ZERO },
          ]
        : [
            { asset: base, free: reserved.minus(quantity).minus(feeIn(base)), reserved: reserved.times(-1) },
            { asset: quote, free: cost.minus(feeIn(quote)), reserved: ZERO },
          ],
  };
}

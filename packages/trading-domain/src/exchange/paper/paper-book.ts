import type { Transaction } from '@ai-service/db';
import { decimal, type Decimal } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import type { ExchangeOrder, PlaceOrderRequest, PlacementBook } from '../connector.ts';
import { fillAt, isMarketable, paperOrderView, takerPrice, text, type PaperPricing } from './paper-fills.ts';
import { executeTogether } from '../../repositories/batch-statements.ts';
import { holdingsUpsert, paperOrdersInsert, readHoldings, type Holding, type PaperAccountKey, type PaperOrderRow } from './paper-store.ts';

export type BookOrder = { quantity: Decimal; limit: Decimal | null; base: string; quote: string };

const ZERO: Holding = { free: decimal('0'), used: decimal('0') };

/**
 * The account's holdings of one market read once, in `tx` (which holds the account's lock), then
 * taker fills in memory exactly as placeOrder makes them (at the feed's price moved by the slippage,
 * the taker fee on the notional in the quote asset), written with one statement at the end.
 * `check` is the venue's own validation of a request (it throws what placeOrder would refuse).
 */
export async function openPaperBook(
  tx: Transaction,
  key: PaperAccountKey,
  market: { symbol: string; base: string; quote: string },
  last: { price: Decimal; timestamp: number },
  pricing: PaperPricing,
  check: (request: PlaceOrderRequest) => BookOrder,
): Promise<PlacementBook> {
  const holdings = await readHoldings(tx, key, [market.base, market.quote]);
  const now = new Date(last.timestamp);
  const placed: PaperOrderRow[] = [];
  const holding = (asset: string) => holdings.get(asset) ?? ZERO;
  return {
    place: (request: PlaceOrderRequest): ExchangeOrder | null => {
      if (request.symbol !== market.symbol) return null;
      let order: BookOrder;
      try {
        order = check(request);
      } catch {
        return null;
      }
      const price = takerPrice(request.side, last.price, pricing);
      if (order.limit !== null && !isMarketable(request.side, price, order.limit)) return null;
      const fill = fillAt(order.quantity, price, pricing.takerFee);
      const base = holding(market.base);
      const quote = holding(market.quote);
      if (request.side === 'buy') {
        const cost = fill.notional.plus(fill.fee);
        if (quote.free.lt(cost)) return null;
        holdings.set(market.quote, { free: quote.free.minus(cost), used: quote.used });
        holdings.set(market.base, { free: base.free.plus(order.quantity), used: base.used });
      } else {
        if (base.free.lt(order.quantity)) return null;
        holdings.set(market.base, { free: base.free.minus(order.quantity), used: base.used });
        holdings.set(market.quote, { free: quote.free.plus(fill.notional).minus(fill.fee), used: quote.used });
      }
      const row: PaperOrderRow = {
        id: randomUUID(),
        tenantId: key.tenantId,
        account: key.account,
        clientOrderId: request.clientOrderId,
        symbol: request.symbol,
        side: request.side,
        type: request.type,
        status: 'closed',
        quantity: text(order.quantity),
        limitPrice: order.limit ? text(order.limit) : null,
        filled: text(order.quantity),
        averagePrice: text(fill.price),
        feeCost: text(fill.fee),
        feeCurrency: market.quote,
        reservedAsset: null,
        reserved: '0',
        createdAt: now,
        updatedAt: now,
      };
      placed.push(row);
      return paperOrderView(row);
    },
    write: async () => {
      if (placed.length === 0) return;
      const holdings = [market.base, market.quote].map((asset) => ({ asset, holding: holding(asset) }));
      await executeTogether(tx, [holdingsUpsert(tx, key, holdings, now), paperOrdersInsert(placed.splice(0))]);
    },
  };
}

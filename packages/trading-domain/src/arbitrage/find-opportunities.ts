import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import type { OrderBook } from '../exchange/connector.ts';

/** One exchange's order book of the symbol and its taker fee there (fraction, decimal string). */
export type VenueQuote = { exchange: string; book: OrderBook; takerFee: string };

export type ArbitrageOpportunity = {
  symbol: string;
  buyExchange: string;
  sellExchange: string;
  buyPrice: string;
  sellPrice: string;
  buyFee: string;
  sellFee: string;
  /** (bid × (1 − sell fee) − ask × (1 + buy fee)) / ask: the spread left after both fees, as a fraction of the buy price. */
  netSpread: string;
  /** What both top levels hold: the quantity that trades at these prices. */
  maxQuantity: string;
  /** maxQuantity × the net per-unit difference, in the quote asset. */
  netProfit: string;
};

/** Fractions are rounded to this many places (a division); prices and quantities stay exact. */
const SPREAD_PLACES = 10;

/**
 * Every ordered pair of venues where buying at one's best ask and selling at the other's best bid
 * leaves at least `threshold` (a fraction of the buy price) after both taker fees, best first.
 * The quantity is the smaller of the two top levels: deeper levels trade at worse prices.
 */
export function findOpportunities(symbol: string, quotes: readonly VenueQuote[], threshold: string): ArbitrageOpportunity[] {
  const found: Array<ArbitrageOpportunity & { spread: Decimal }> = [];
  for (const buy of quotes) {
    const ask = buy.book.asks[0];
    if (!ask) continue;
    for (const sell of quotes) {
      const bid = sell.book.bids[0];
      if (sell === buy || !bid) continue;
      const [askPrice, askQuantity] = [decimal(ask[0]), decimal(ask[1])];
      const [bidPrice, bidQuantity] = [decimal(bid[0]), decimal(bid[1])];
      if (askPrice.lte(0)) continue;
      const perUnit = bidPrice.times(decimal('1').minus(decimal(sell.takerFee))).minus(askPrice.times(decimal('1').plus(decimal(buy.takerFee))));
      const spread = perUnit.div(askPrice).round(SPREAD_PLACES, 0);
      if (spread.lt(decimal(threshold))) continue;
      const quantity = askQuantity.lt(bidQuantity) ? askQuantity : bidQuantity;
      found.push({
        symbol,
        buyExchange: buy.exchange,
        sellExchange: sell.exchange,
        buyPrice: decimalToString(askPrice),
        sellPrice: decimalToString(bidPrice),
        buyFee: buy.takerFee,
        sellFee: sell.takerFee,
        netSpread: decimalToString(spread),
        maxQuantity: decimalToString(quantity),
        netProfit: decimalToString(quantity.times(perUnit)),
        spread,
      });
    }
  }
  return found.sort((a, b) => b.spread.cmp(a.spread)).map(({ spread: _spread, ...opportunity }) => opportunity);
}

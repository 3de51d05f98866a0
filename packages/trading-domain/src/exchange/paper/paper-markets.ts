import { TradingDomainError } from '../../errors.ts';
import type { MarketInfo } from '../connector.ts';
import { splitSymbol } from './paper-fills.ts';

/**
 * The paper exchange's markets: the underlying exchange's symbols (`BTC/USDT` → base BTC, quote
 * USDT) with the paper fees. Paper takes market and limit orders and has no minimum quantity.
 */
export function paperMarkets(symbols: readonly string[], fees: { takerFee: string; makerFee: string }): Record<string, MarketInfo> {
  return Object.fromEntries(
    symbols.map((symbol) => {
      const assets = splitSymbol(symbol);
      if (!assets) throw new TradingDomainError('invalid_input', `${JSON.stringify(symbol)} is not a BASE/QUOTE symbol.`, [{ field: 'symbols', message: 'BASE/QUOTE, e.g. BTC/USDT' }]);
      const market: MarketInfo = { symbol, ...assets, active: true, ...fees, minQuantity: null, orderTypes: ['MARKET', 'LIMIT'] };
      return [symbol, market];
    }),
  );
}

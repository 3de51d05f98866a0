import { decimal } from '@ai-service/money';
import type { ExchangeConnector, OrderFee } from '../../exchange/connector.ts';
import { isTradingDomainError } from '../../errors.ts';
import { marketAssets } from './saga-events.ts';

/**
 * What one unit of a fee charged in a third asset (BNB on Binance) is worth in the market's quote
 * asset, from the venue's last price of that asset against the quote, asked when the order is
 * settled; null for a fee in the market's own assets, and when the venue lists no such market or
 * price (the fee then stays on the trade, unvalued, as the venue reported it).
 */
export async function thirdAssetFeePrice(connector: ExchangeConnector, symbol: string, fee: OrderFee | null): Promise<string | null> {
  const { base, quote } = marketAssets(symbol);
  if (!fee || fee.currency === base || fee.currency === quote || decimal(fee.cost).eq(0)) return null;
  try {
    const ticker = await connector.fetchTicker(`${fee.currency}/${quote}`);
    return ticker.last ?? ticker.bid;
  } catch (error) {
    if (!isTradingDomainError(error)) throw error;
    return null;
  }
}

import { sumDecimals } from '@ai-service/money';
import ccxt, { OperationRejected, OrderNotFound, type Exchange, type Market, type MarketInterface, type Order } from 'ccxt';
import { TradingDomainError } from '../../errors.ts';
import type { AssetBalance, ExchangeConnector, ExchangeOrder, ExchangeOrderStatus, MarketInfo, OrderBook, OrderFee, PlaceOrderRequest, Ticker } from '../connector.ts';
import { fromCcxtError, toDecimalString } from './ccxt-errors.ts';
import type { MarketsCache } from './markets-cache.ts';

export type ExchangeCredentials = { apiKey: string; secret: string; password?: string | null | undefined };

export type CcxtConnectorOptions = {
  /** A CCXT exchange id (`binance`). */
  exchange: string;
  /** Trade on the exchange's sandbox/testnet (CCXT `setSandboxMode(true)`). */
  sandbox: boolean;
  /** Needed for balances and orders; market data works without. */
  credentials?: ExchangeCredentials | undefined;
  /** What the client calls instead of the global fetch (tests serve recorded responses through it). */
  fetchImplementation?: typeof fetch | undefined;
  /** Milliseconds before a request counts as failed (CCXT's `timeout`). */
  timeoutMs?: number | undefined;
  marketsCache: MarketsCache;
  clock?: () => Date;
};

type ExchangeClass = new (config: Record<string, unknown>) => Exchange;

/**
 * Spot markets only (an exchange listing derivatives could resolve `BTC/USDT` to a contract), no
 * margin pairs, and Binance's open-order list without a symbol allowed (it only weighs more).
 */
const SPOT_OPTIONS = { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchMargins: false, warnOnFetchOpenOrdersWithoutSymbol: false };

/** Exchanges whose fetchOrder finds an order by the client order id we sent (`origClientOrderId`). */
const FETCH_ORDER_BY_CLIENT_ID = new Set(['binance', 'binanceus']);

/**
 * An ExchangeConnector over one CCXT client: rate limited (`enableRateLimit`), on the sandbox/testnet
 * when asked, with markets from the cache (loaded with `setMarkets`, fetched and stored only when
 * missing or older than the cache's TTL). Our order id travels as CCXT's `clientOrderId`; placing it
 * again first looks the order up, so a retry after a crash never opens a second order. CCXT's
 * errors become TradingDomainError (ccxt-errors.ts).
 */
export function ccxtConnector(options: CcxtConnectorOptions): ExchangeConnector {
  const { marketsCache, clock = () => new Date() } = options;
  const exchangeId = options.exchange;
  const ExchangeOf = ccxt.exchanges.includes(exchangeId) ? (ccxt as unknown as Record<string, ExchangeClass | undefined>)[exchangeId] : undefined;
  if (!ExchangeOf) throw unsupported(`${exchangeId} is not an exchange CCXT knows (e.g. binance, kraken, coinbase).`);
  const client = new ExchangeOf({
    enableRateLimit: true,
    options: SPOT_OPTIONS,
    ...(options.credentials ? { apiKey: options.credentials.apiKey, secret: options.credentials.secret, ...(options.credentials.password ? { password: options.credentials.password } : {}) } : {}),
    ...(options.fetchImplementation ? { fetchImplementation: options.fetchImplementation } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  if (options.sandbox) {
    try {
      client.setSandboxMode(true);
    } catch (error) {
      throw new TradingDomainError('unsupported_market', `${exchangeId} has no sandbox/testnet in CCXT.`, [{ field: 'sandbox', message: 'no sandbox for this exchange' }], { cause: error });
    }
  }

  let loaded: { at: number; markets: Promise<void> } | undefined;
  /** Markets for this client: the cached ones, or fetched once and stored; reloaded when older than the TTL. */
  const ensureMarkets = (): Promise<void> => {
    const now = clock().getTime();
    if (loaded && now - loaded.at < marketsCache.ttlMs) return loaded.markets;
    const markets = (async () => {
      const cached = await marketsCache.read(exchangeId, options.sandbox);
      if (cached) {
        client.setMarkets(cached as Market[]);
        return;
      }
      const fetched = await client.fetchMarkets();
      await marketsCache.write(exchangeId, options.sandbox, fetched);
      client.setMarkets(fetched);
    })();
    loaded = { at: now, markets };
    markets.catch(() => {
      if (loaded?.markets === markets) loaded = undefined;
    });
    return markets;
  };
  const call = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      await ensureMarkets();
      return await work();
    } catch (error) {
      throw fromCcxtError(error, `${exchangeId}${options.sandbox ? ' (sandbox)' : ''} ${what}`);
    }
  };
  const view = (order: Order): ExchangeOrder => orderView(client, order);

  const findOrder = (symbol: string, clientOrderId: string): Promise<ExchangeOrder | null> =>
    call('findOrder', async () => {
      if (FETCH_ORDER_BY_CLIENT_ID.has(exchangeId)) {
        try {
          return view(await client.fetchOrder('', symbol, { origClientOrderId: clientOrderId }));
        } catch (error) {
          if (error instanceof OrderNotFound) return null;
          throw error;
        }
      }
      const open = (await client.fetchOpenOrders(symbol)).find((order) => order.clientOrderId === clientOrderId);
      if (open) return view(open);
      if (!client.has['fetchClosedOrders']) return null;
      const closed = (await client.fetchClosedOrders(symbol)).find((order) => order.clientOrderId === clientOrderId);
      return closed ? view(closed) : null;
    });

  return {
    exchange: exchangeId,
    mode: options.sandbox ? 'sandbox' : 'live',
    loadMarkets: () => call('loadMarkets', async () => Object.fromEntries(Object.values(client.markets ?? {}).map((market: MarketInterface) => [market.symbol, marketInfo(client, market)]))),
    fetchTicker: (symbol) =>
      call('fetchTicker', async (): Promise<Ticker> => {
        const ticker = await client.fetchTicker(symbol);
        return { symbol, bid: toDecimalString(client, ticker.bid), ask: toDecimalString(client, ticker.ask), last: toDecimalString(client, ticker.last), timestamp: ticker.timestamp ?? clock().getTime() };
      }),
    fetchOrderBook: (symbol, limit) =>
      call('fetchOrderBook', async (): Promise<OrderBook> => {
        const book = await client.fetchOrderBook(symbol, limit);
        const levels = (side: typeof book.bids) => side.map(([price, amount]) => [toDecimalString(client, price) ?? '0', toDecimalString(client, amount) ?? '0'] as [string, string]);
        return { symbol, bids: levels(book.bids), asks: levels(book.asks), timestamp: book.timestamp ?? clock().getTime() };
      }),
    fetchBalance: () =>
      call('fetchBalance', async () => {
        const balance = await client.fetchBalance();
        const entries = Object.keys(balance.total ?? {}).map((asset): [string, AssetBalance] => {
          const each = balance[asset] as { free?: number; used?: number; total?: number } | undefined;
          return [asset, { free: toDecimalString(client, each?.free) ?? '0', used: toDecimalString(client, each?.used) ?? '0', total: toDecimalString(client, each?.total) ?? '0' }];
        });
        return Object.fromEntries(entries);
      }),
    placeOrder: async (request: PlaceOrderRequest) => {
      const existing = await findOrder(request.symbol, request.clientOrderId);
      if (existing) return existing;
      return call('placeOrder', async () => {
        const price = request.type === 'limit' ? Number(request.limitPrice) : undefined;
        return view(await client.createOrder(request.symbol, request.type, request.side, Number(request.quantity), price, { clientOrderId: request.clientOrderId }));
      });
    },
    findOrder,
    cancelOrder: (symbol, orderId) =>
      call('cancelOrder', async () => {
        try {
          await client.cancelOrder(orderId, symbol);
        } catch (error) {
          // Already filled, cancelled or never known: Binance answers -2011 CANCEL_REJECTED, others OrderNotFound.
          if (error instanceof OrderNotFound || error instanceof OperationRejected) return;
          throw error;
        }
      }),
    fetchOpenOrders: (symbol) => call('fetchOpenOrders', async () => (await client.fetchOpenOrders(symbol)).map(view)),
  };
}

const unsupported = (message: string) => new TradingDomainError('unsupported_market', message, [{ field: 'exchange', message }]);

const STATUSES: Record<string, ExchangeOrderStatus> = { open: 'open', closed: 'closed', canceled: 'canceled', expired: 'expired', rejected: 'rejected' };

function orderView(client: Exchange, order: Order): ExchangeOrder {
  return {
    id: String(order.id),
    clientOrderId: order.clientOrderId ?? null,
    symbol: order.symbol ?? '',
    side: order.side === 'sell' ? 'sell' : 'buy',
    type: order.type === 'market' ? 'market' : 'limit',
    status: STATUSES[order.status ?? ''] ?? 'open',
    quantity: toDecimalString(client, order.amount) ?? '0',
    filled: toDecimalString(client, order.filled) ?? '0',
    averagePrice: toDecimalString(client, order.average),
    fee: feeOf(client, order),
    timestamp: order.lastUpdateTimestamp ?? order.timestamp ?? Date.now(),
  };
}

/** The order's fee when it is in one currency (Binance charges each fill; CCXT sums them per currency). */
function feeOf(client: Exchange, order: Order): OrderFee | null {
  // CCXT's Order type leaves out `fees` (one entry per currency charged) though every parser sets it.
  const charged = (order as Order & { fees?: Array<Order['fee']> }).fees ?? [order.fee];
  const fees = charged.filter((fee): fee is NonNullable<Order['fee']> => fee !== undefined && fee.cost !== undefined && Boolean(fee.currency));
  const currencies = new Set(fees.map((fee) => fee.currency));
  if (fees.length === 0 || currencies.size !== 1) return null;
  return { currency: fees[0]!.currency!, cost: sumDecimals(fees.map((fee) => toDecimalString(client, fee.cost) ?? '0')) };
}

function marketInfo(client: Exchange, market: MarketInterface): MarketInfo {
  const info = market.info as { orderTypes?: unknown } | undefined;
  const orderTypes = Array.isArray(info?.orderTypes)
    ? info.orderTypes.filter((type): type is string => typeof type === 'string')
    : (['MARKET', 'LIMIT'] as const).filter((type) => client.has[type === 'MARKET' ? 'createMarketOrder' : 'createLimitOrder'] !== false);
  return {
    symbol: market.symbol,
    base: market.base,
    quote: market.quote,
    active: market.active !== false,
    makerFee: toDecimalString(client, market.maker) ?? '0',
    takerFee: toDecimalString(client, market.taker) ?? '0',
    minQuantity: toDecimalString(client, market.limits?.amount?.min),
    orderTypes,
  };
}

/**
 * One interface for every venue a session trades on: a real exchange through CCXT, or the paper
 * exchange that fills against live or replayed prices and keeps its own balances. Sessions, the
 * order saga and the arbitrage scanner only ever see this type.
 *
 * Quantities, prices and fees are decimal strings (money is never a float); implementations
 * convert at their edge. Errors are TradingDomainError: `exchange_rejected` (the venue refused the
 * order: insufficient funds, invalid order, unknown symbol), `exchange_unavailable` (network,
 * timeout, maintenance, rate limit: worth retrying), `exchange_error` (anything else it answered).
 */

import type { Transaction } from '@ai-service/db';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
export type ExchangeOrderStatus = 'open' | 'closed' | 'canceled' | 'rejected' | 'expired';

export type PlaceOrderRequest = {
  /**
   * Our order id, sent as the venue's client order id: placing the same id twice returns the first
   * order instead of opening a second one, and reconciliation finds the order after a crash.
   */
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity: string;
  /** Required for `limit`, null for `market`. */
  limitPrice: string | null;
};

export type OrderFee = { currency: string; cost: string };

export type ExchangeOrder = {
  /** The venue's order id. */
  id: string;
  clientOrderId: string | null;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  status: ExchangeOrderStatus;
  quantity: string;
  filled: string;
  averagePrice: string | null;
  fee: OrderFee | null;
  /** Epoch milliseconds of the venue's last update. */
  timestamp: number;
};

export type Ticker = { symbol: string; bid: string | null; ask: string | null; last: string | null; timestamp: number };

/** Price levels best first: `[price, quantity]`. */
export type OrderBook = { symbol: string; bids: Array<[string, string]>; asks: Array<[string, string]>; timestamp: number };

export type MarketInfo = {
  symbol: string;
  base: string;
  quote: string;
  active: boolean;
  /** Fractions of the notional ("0.001" = 0.1 %). */
  makerFee: string;
  takerFee: string;
  minQuantity: string | null;
  /** The order types the venue accepts for this market (Binance: `info.orderTypes`). */
  orderTypes: string[];
};

export type AssetBalance = { free: string; used: string; total: string };

export type ExchangeConnector = {
  /** The venue id: a CCXT id (`binance`) or `paper`. */
  readonly exchange: string;
  /** `live` only for a real exchange outside its sandbox/testnet. */
  readonly mode: 'paper' | 'sandbox' | 'live';
  loadMarkets: () => Promise<Record<string, MarketInfo>>;
  fetchTicker: (symbol: string) => Promise<Ticker>;
  fetchOrderBook: (symbol: string, limit?: number) => Promise<OrderBook>;
  fetchBalance: () => Promise<Record<string, AssetBalance>>;
  placeOrder: (request: PlaceOrderRequest) => Promise<ExchangeOrder>;
  /**
   * Only a venue kept in our own database (the paper exchange): placeOrder split in two. The
   * preparation reads what lives outside the database (the price) at once; the returned placement
   * then runs inside the caller's transaction (a withTenant transaction of the venue's tenant) and
   * commits or rolls back with it. It never waits for the account's other placements: it answers
   * null while one is under way (the caller then uses placeOrder). The order saga uses it to
   * reserve, place and settle an order that fills at once in one commit.
   */
  preparePlacement?: (request: PlaceOrderRequest) => Promise<(tx: Transaction) => Promise<ExchangeOrder | null>>;
  /**
   * Only the paper exchange: several orders of one market placed in one of the caller's
   * transactions (the order saga's batched fills). The preparation reads the price; the returned
   * function takes the account's lock in `tx` and opens a book of its holdings. It waits a moment
   * for another placement to commit, no longer: an account still busy is `exchange_unavailable`,
   * with `tx` aborted (the caller rolls it back).
   */
  preparePlacements?: (symbol: string) => Promise<(tx: Transaction) => Promise<PlacementBook>>;
  /** The order with this client order id, or null when the venue never received it. */
  findOrder: (symbol: string, clientOrderId: string) => Promise<ExchangeOrder | null>;
  /** Best effort: an order already closed or unknown is not an error. */
  cancelOrder: (symbol: string, orderId: string) => Promise<void>;
  fetchOpenOrders: (symbol?: string) => Promise<ExchangeOrder[]>;
};

/**
 * Placements in memory against an account locked by the caller's transaction: `place` answers the
 * order filled at once, or null for one that would not fill at once (a resting limit, too little
 * balance, another market), which is then not placed at all; `write` stores the placed orders
 * and the holdings they moved, once, before the transaction commits.
 */
export type PlacementBook = {
  place: (request: PlaceOrderRequest) => ExchangeOrder | null;
  write: () => Promise<void>;
};

/** The last traded price of a market, as the paper exchange fills against it: live (a real exchange's ticker) or replayed (stored candles). */
export type PriceFeed = {
  lastPrice: (symbol: string) => Promise<{ price: string; timestamp: number }>;
};

/** What a session trades through, resolved per session by worker-trading (paper sessions get a paper exchange over the session's price feed). */
export type SessionVenue = {
  tenantId: string;
  sessionId: string;
  exchange: string;
  mode: 'paper' | 'live';
  /** Live sessions only: trade on the exchange's sandbox/testnet with its sandbox credentials; when not given, the session's own choice (see createConnectorResolver). */
  sandbox?: boolean;
};
export type ConnectorResolver = (venue: SessionVenue) => Promise<ExchangeConnector>;

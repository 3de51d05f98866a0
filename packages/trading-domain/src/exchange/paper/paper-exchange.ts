import { withTenant, type Database, type Transaction } from '@ai-service/db';
import { decimal, isDecimalString, type Decimal } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import { TradingDomainError } from '../../errors.ts';
import type { AssetBalance, ExchangeConnector, ExchangeOrder, MarketInfo, OrderBook, PlaceOrderRequest, PriceFeed, Ticker } from '../connector.ts';
import { fillAt, isMarketable, paperOrderView, reservationOf, splitSymbol, takerPrice, text, type Fill, type PaperPricing } from './paper-fills.ts';
import { openPaperBook } from './paper-book.ts';
import { paperMarkets } from './paper-markets.ts';
import {
  findPaperOrder,
  findPaperOrderByClientId,
  insertPaperOrder,
  lockPaperAccount,
  lockPaperAccountWithin,
  tryLockPaperAccount,
  openPaperOrders,
  openPaperOrderSymbols,
  readHoldings,
  updatePaperOrder,
  writeHolding,
  writeHoldings,
  type Holding,
  type PaperAccountKey,
  type PaperOrderRow,
} from './paper-store.ts';

export type PaperExchangeOptions = {
  db: Database;
  tenantId: string;
  /** The paper account: one per session (the session id). */
  account: string;
  /** The prices orders fill against (live ticker or replayed candles). */
  feed: PriceFeed;
  /** Fractions of the notional as decimal strings; default 0.001 (0.1 %) each. */
  takerFee?: string;
  makerFee?: string;
  /** Fraction a taker's fill price moves against the trade; default 0. */
  slippage?: string;
  /** The markets `loadMarkets` lists (the underlying exchange's symbols the session trades). */
  symbols?: readonly string[];
};

type LastPrice = { price: Decimal; timestamp: number };

/**
 * How long placements of several orders wait for an account another transaction holds: long
 * enough for a batch of the same session to commit (its orders' deliveries then find them
 * filled), short enough that an account held longer sends the orders to the saga's steps.
 */
const PLACEMENTS_WAIT_MS = 250;

/**
 * An exchange that keeps its own balances and orders in Postgres (trading.paper_balances,
 * trading.paper_orders) and fills against a price feed:
 * - market orders fill at once at the feed's price moved against the taker by `slippage`, paying
 *   the taker fee on the notional in the quote asset;
 * - a limit order whose taker price is within its limit fills the same way; otherwise it rests,
 *   holding its cost (buy, maker fee included) or quantity (sell) as `used`, and fills at its limit
 *   with the maker fee on the first placeOrder/findOrder/fetchOpenOrders call that sees the feed at
 *   or through the limit;
 * - the same clientOrderId again returns the first order; a balance too small is `exchange_rejected`.
 * Every change to an account runs under one per-account lock, so concurrent calls never overdraw.
 */
export function createPaperExchange(options: PaperExchangeOptions): ExchangeConnector {
  const { db, feed } = options;
  const key: PaperAccountKey = { tenantId: options.tenantId, account: options.account };
  const pricing: PaperPricing = {
    takerFee: fraction(options.takerFee ?? '0.001', 'takerFee'),
    makerFee: fraction(options.makerFee ?? '0.001', 'makerFee'),
    slippage: fraction(options.slippage ?? '0', 'slippage'),
  };
  const lastPrice = async (symbol: string): Promise<LastPrice> => {
    const { price, timestamp } = await feed.lastPrice(symbol);
    return { price: decimal(price), timestamp };
  };
  const inAccount = <T>(work: (tx: Transaction) => Promise<T>) =>
    withTenant(db, key.tenantId, async (tx) => {
      await lockPaperAccount(tx, key);
      return work(tx);
    });
  const fills = new PaperFills(key, pricing);
  /** Places (or finds) the order in `tx`, which holds the account's lock. */
  const placeLocked = async (tx: Transaction, request: PlaceOrderRequest, order: CheckedOrder, last: LastPrice): Promise<ExchangeOrder> => {
    await fills.matchResting(tx, request.symbol, last);
    const existing = await findPaperOrderByClientId(tx, key, request.clientOrderId);
    return paperOrderView(existing ?? (await fills.place(tx, request, order, last)));
  };

  return {
    exchange: 'paper',
    mode: 'paper',
    loadMarkets: async (): Promise<Record<string, MarketInfo>> => paperMarkets(options.symbols ?? [], { takerFee: text(pricing.takerFee), makerFee: text(pricing.makerFee) }),
    fetchTicker: async (symbol: string): Promise<Ticker> => {
      const last = await lastPrice(symbol);
      return { symbol, bid: text(takerPrice('sell', last.price, pricing)), ask: text(takerPrice('buy', last.price, pricing)), last: text(last.price), timestamp: last.timestamp };
    },
    fetchOrderBook: async (symbol: string): Promise<OrderBook> => {
      const assets = marketOf(symbol);
      const last = await lastPrice(symbol);
      const holdings = await inAccount((tx) => readHoldings(tx, key, [assets.base, assets.quote]));
      const bid = takerPrice('sell', last.price, pricing);
      const ask = takerPrice('buy', last.price, pricing);
      const freeQuote = holdings.get(assets.quote)?.free ?? decimal('0');
      const freeBase = holdings.get(assets.base)?.free ?? decimal('0');
      // One level per side at the taker prices; its quantity is what this account could trade there.
      const buyable = ask.gt(0) ? freeQuote.div(ask.times(decimal('1').plus(pricing.takerFee))).round(12, 0) : decimal('0');
      return { symbol, bids: [[text(bid), text(freeBase)]], asks: [[text(ask), text(buyable)]], timestamp: last.timestamp };
    },
    fetchBalance: async (): Promise<Record<string, AssetBalance>> => {
      const holdings = await inAccount((tx) => readHoldings(tx, key));
      return Object.fromEntries([...holdings].map(([asset, { free, used }]) => [asset, { free: text(free), used: text(used), total: text(free.plus(used)) }]));
    },
    placeOrder: async (request: PlaceOrderRequest): Promise<ExchangeOrder> => {
      const order = checkedOrder(request);
      const last = await lastPrice(request.symbol);
      return inAccount((tx) => placeLocked(tx, request, order, last));
    },
    preparePlacement: async (request: PlaceOrderRequest) => {
      const order = checkedOrder(request);
      const last = await lastPrice(request.symbol);
      return async (tx: Transaction) => ((await tryLockPaperAccount(tx, key)) ? placeLocked(tx, request, order, last) : null);
    },
    preparePlacements: async (symbol: string) => {
      const market = { symbol, ...marketOf(symbol) };
      const last = await lastPrice(symbol);
      return async (tx: Transaction) => {
        await lockPaperAccountWithin(tx, key, PLACEMENTS_WAIT_MS);
        await fills.matchResting(tx, symbol, last);
        return openPaperBook(tx, key, market, last, pricing, checkedOrder);
      };
    },
    findOrder: async (symbol: string, clientOrderId: string): Promise<ExchangeOrder | null> => {
      const last = await lastPrice(symbol);
      const row = await inAccount(async (tx) => {
        await fills.matchResting(tx, symbol, last);
        return findPaperOrderByClientId(tx, key, clientOrderId);
      });
      return row ? paperOrderView(row) : null;
    },
    cancelOrder: async (_symbol: string, orderId: string): Promise<void> => {
      if (!UUID.test(orderId)) return;
      await inAccount(async (tx) => {
        const row = await findPaperOrder(tx, key, orderId);
        if (row?.status === 'open') await fills.cancel(tx, row);
      });
    },
    fetchOpenOrders: async (symbol?: string): Promise<ExchangeOrder[]> => {
      const symbols = symbol ? [symbol] : await withTenant(db, key.tenantId, (tx) => openPaperOrderSymbols(tx, key));
      const prices = await Promise.all(symbols.map(async (each) => [each, await lastPrice(each)] as const));
      const rows = await inAccount(async (tx) => {
        for (const [each, last] of prices) await fills.matchResting(tx, each, last);
        return openPaperOrders(tx, key, symbol);
      });
      return rows.map(paperOrderView);
    },
  };
}

type CheckedOrder = { quantity: Decimal; limit: Decimal | null; base: string; quote: string };

/** The balance moves of one paper account: fills, reservations and releases. */
class PaperFills {
  readonly #key: PaperAccountKey;
  readonly #pricing: PaperPricing;

  constructor(key: PaperAccountKey, pricing: PaperPricing) {
    this.#key = key;
    this.#pricing = pricing;
  }

  async place(tx: Transaction, request: PlaceOrderRequest, order: CheckedOrder, last: LastPrice): Promise<PaperOrderRow> {
    const now = new Date(last.timestamp);
    const price = takerPrice(request.side, last.price, this.#pricing);
    const base = { id: randomUUID(), tenantId: this.#key.tenantId, account: this.#key.account, clientOrderId: request.clientOrderId, symbol: request.symbol, side: request.side, type: request.type };
    const common = { ...base, quantity: text(order.quantity), limitPrice: order.limit ? text(order.limit) : null, createdAt: now, updatedAt: now };
    if (order.limit === null || isMarketable(request.side, price, order.limit)) {
      const fill = fillAt(order.quantity, price, this.#pricing.takerFee);
      await this.#settle(tx, request.side, order, fill, null, now);
      return insertPaperOrder(tx, { ...common, status: 'closed', ...filledColumns(order.quantity, fill, order.quote) });
    }
    const reserved = reservationOf(request.side, order.quantity, order.limit, this.#pricing);
    const reservedAsset = request.side === 'buy' ? order.quote : order.base;
    const holdings = await readHoldings(tx, this.#key, [reservedAsset]);
    const holding = holdings.get(reservedAsset) ?? ZERO_HOLDING;
    const free = holding.free.minus(reserved);
    if (free.lt(0)) throw insufficient(reservedAsset, reserved, holding.free);
    await writeHolding(tx, this.#key, reservedAsset, { free, used: holding.used.plus(reserved) }, now);
    return insertPaperOrder(tx, { ...common, status: 'open', reservedAsset, reserved: text(reserved) });
  }

  /** Fills, at their limits and with the maker fee, the open orders of the symbol the price has reached. */
  async matchResting(tx: Transaction, symbol: string, last: LastPrice): Promise<void> {
    const assets = splitSymbol(symbol);
    if (!assets) return;
    for (const row of await openPaperOrders(tx, this.#key, symbol)) {
      const limit = decimal(row.limitPrice!);
      if (!isMarketable(row.side, last.price, limit)) continue;
      const quantity = decimal(row.quantity);
      const fill = fillAt(quantity, limit, this.#pricing.makerFee);
      const now = new Date(last.timestamp);
      await this.#settle(tx, row.side, { quantity, limit, ...assets }, fill, decimal(row.reserved), now);
      await updatePaperOrder(tx, row.id, { status: 'closed', reserved: '0', updatedAt: now, ...filledColumns(quantity, fill, assets.quote) });
    }
  }

  async cancel(tx: Transaction, row: PaperOrderRow): Promise<void> {
    const now = new Date();
    if (row.reservedAsset) {
      const reserved = decimal(row.reserved);
      const holding = (await readHoldings(tx, this.#key, [row.reservedAsset])).get(row.reservedAsset) ?? ZERO_HOLDING;
      await writeHolding(tx, this.#key, row.reservedAsset, { free: holding.free.plus(reserved), used: holding.used.minus(reserved) }, now);
    }
    await updatePaperOrder(tx, row.id, { status: 'canceled', reserved: '0', updatedAt: now });
  }

  /**
   * Moves a fill's assets: a buy pays notional + fee in the quote asset and receives the base, a
   * sell gives the base and receives notional − fee. `reserved` is what a resting order already
   * moved from free to used (null for a taker fill, which spends free balance).
   */
  async #settle(tx: Transaction, side: PaperOrderRow['side'], order: CheckedOrder, fill: Fill, reserved: Decimal | null, now: Date): Promise<void> {
    const holdings = await readHoldings(tx, this.#key, [order.base, order.quote]);
    const base = holdings.get(order.base) ?? ZERO_HOLDING;
    const quote = holdings.get(order.quote) ?? ZERO_HOLDING;
    if (side === 'buy') {
      const cost = fill.notional.plus(fill.fee);
      const paidQuote = reserved === null ? { free: quote.free.minus(cost), used: quote.used } : { free: quote.free.plus(reserved).minus(cost), used: quote.used.minus(reserved) };
      if (paidQuote.free.lt(0)) throw insufficient(order.quote, cost, quote.free);
      await writeHoldings(tx, this.#key, [{ asset: order.quote, holding: paidQuote }, { asset: order.base, holding: { free: base.free.plus(order.quantity), used: base.used } }], now);
      return;
    }
    const givenBase = reserved === null ? { free: base.free.minus(order.quantity), used: base.used } : { free: base.free, used: base.used.minus(reserved) };
    if (givenBase.free.lt(0)) throw insufficient(order.base, order.quantity, base.free);
    await writeHoldings(tx, this.#key, [{ asset: order.base, holding: givenBase }, { asset: order.quote, holding: { free: quote.free.plus(fill.notional).minus(fill.fee), used: quote.used } }], now);
  }
}

const ZERO_HOLDING: Holding = { free: decimal('0'), used: decimal('0') };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const filledColumns = (quantity: Decimal, fill: Fill, quote: string) => ({
  filled: text(quantity),
  averagePrice: text(fill.price),
  feeCost: text(fill.fee),
  feeCurrency: quote,
});

const rejected = (field: string, message: string) => new TradingDomainError('exchange_rejected', message, [{ field, message }]);

function insufficient(asset: string, needed: Decimal, free: Decimal): TradingDomainError {
  return rejected('quantity', `Insufficient ${asset} on the paper account: the order needs ${text(needed)}, ${text(free)} is free.`);
}

function marketOf(symbol: string): { base: string; quote: string } {
  const assets = splitSymbol(symbol);
  if (!assets) throw rejected('symbol', `The paper exchange trades BASE/QUOTE symbols such as BTC/USDT, not ${JSON.stringify(symbol)}.`);
  return assets;
}

/** The venue's checks of an order before it touches a balance: what a real exchange would refuse. */
function checkedOrder(request: PlaceOrderRequest): CheckedOrder {
  const assets = marketOf(request.symbol);
  if (!isDecimalString(request.quantity) || decimal(request.quantity).lte(0)) throw rejected('quantity', 'The quantity must be a positive decimal.');
  if (request.type === 'market') {
    if (request.limitPrice !== null) throw rejected('limitPrice', 'A market order has no limit price.');
    return { quantity: decimal(request.quantity), limit: null, ...assets };
  }
  if (request.limitPrice === null || !isDecimalString(request.limitPrice) || decimal(request.limitPrice).lte(0)) throw rejected('limitPrice', 'A limit order needs a positive limit price.');
  return { quantity: decimal(request.quantity), limit: decimal(request.limitPrice), ...assets };
}

function fraction(value: string, field: string): Decimal {
  if (!isDecimalString(value) || decimal(value).lt(0) || decimal(value).gte(1)) {
    throw new TradingDomainError('invalid_input', `${field} must be a fraction in [0, 1), as a decimal string.`, [{ field, message: 'must be a fraction in [0, 1)' }]);
  }
  return decimal(value);
}

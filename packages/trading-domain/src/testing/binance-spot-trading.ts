import { readFileSync } from 'node:fs';

/**
 * Binance's spot trading endpoints answered from recorded responses (fixtures/binance-spot-trading.json),
 * keyed by the client order ids the tests send: a market buy that fills (`x-market-buy-1`), a limit
 * buy that rests until cancelled (`x-limit-buy-1`), an IOC sell that expires (`x-ioc-sell-1`) and one
 * refused for insufficient balance (`x-too-large-1`). An order exists for queries once placed, and a
 * cancel is remembered, so later queries and open-order lists show what Binance would.
 */

type Recorded = {
  placed: Record<string, { orderId: number }>;
  queried: Record<string, Record<string, unknown> & { orderId: number; clientOrderId: string; status: string }>;
  canceled: Record<string, { transactTime: number }>;
  account: unknown;
  ticker24hr: Record<string, unknown>;
  depth: Record<string, unknown>;
  /** Books recorded on another host of the same API (Binance.US), by host then symbol. */
  depthByHost: Record<string, Record<string, unknown>>;
  errors: Record<'insufficientBalance' | 'orderDoesNotExist' | 'unknownOrder' | 'invalidSymbol', unknown>;
  insufficientBalanceClientOrderIds: string[];
  /** What Binance's load balancer answers during maintenance (HTTP 503). */
  unavailableBody: string;
};

const recorded = (): Recorded => JSON.parse(readFileSync(new URL('../../fixtures/binance-spot-trading.json', import.meta.url), 'utf8')) as Recorded;

export type TradingRequest = { method: string; url: URL; params: URLSearchParams; apiKey: string | null };

/** A Binance spot trading API over the recordings; `answer` returns undefined for a request it has no recording of. */
export function binanceSpotTrading(json: (body: unknown, status?: number) => Response) {
  const data = recorded();
  const canceledIds = new Set<number>();
  const placedIds = new Set<string>();
  const current = (clientOrderId: string) => {
    const order = data.queried[clientOrderId];
    if (!order || !placedIds.has(clientOrderId)) return undefined;
    const cancel = data.canceled[String(order.orderId)];
    return canceledIds.has(order.orderId) && cancel ? { ...order, status: 'CANCELED', updateTime: cancel.transactTime } : order;
  };

  const answer = ({ method, url, params, apiKey }: TradingRequest): Response | undefined => {
    const route = `${method} ${url.pathname}`;
    if (route === 'GET /api/v3/ticker/24hr') return known(data.ticker24hr[params.get('symbol') ?? '']);
    if (route === 'GET /api/v3/depth') return known((data.depthByHost[url.hostname] ?? data.depth)[params.get('symbol') ?? '']);
    const isPrivate = ['/api/v3/order', '/api/v3/openOrders', '/api/v3/account', '/api/v3/allOrders'].includes(url.pathname);
    if (!isPrivate) return undefined;
    if (!apiKey || !params.get('signature')) return json({ code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }, 401);
    if (route === 'GET /api/v3/account') return json(data.account);
    if (route === 'POST /api/v3/order') {
      const clientOrderId = params.get('newClientOrderId') ?? '';
      if (data.insufficientBalanceClientOrderIds.includes(clientOrderId)) return json(data.errors.insufficientBalance, 400);
      if (data.placed[clientOrderId]) placedIds.add(clientOrderId);
      return known(data.placed[clientOrderId]);
    }
    if (route === 'GET /api/v3/order') {
      const order = current(params.get('origClientOrderId') ?? '') ?? Object.keys(data.queried).map(current).find((each) => String(each?.orderId) === params.get('orderId'));
      return order ? json(order) : json(data.errors.orderDoesNotExist, 400);
    }
    if (route === 'DELETE /api/v3/order') {
      const orderId = Number(params.get('orderId'));
      const order = Object.keys(data.queried).map(current).find((each) => each?.orderId === orderId);
      if (!order || order.status !== 'NEW') return json(data.errors.unknownOrder, 400);
      canceledIds.add(orderId);
      return json(data.canceled[String(orderId)]);
    }
    if (route === 'GET /api/v3/openOrders') {
      const open = Object.keys(data.queried).map(current).filter((order) => order?.status === 'NEW' && (!params.get('symbol') || order['symbol'] === params.get('symbol')));
      return json(open);
    }
    if (route === 'GET /api/v3/allOrders') return json(Object.keys(data.queried).map(current).filter((order) => order?.['symbol'] === params.get('symbol')));
    return undefined;
  };

  function known(body: unknown): Response | undefined {
    return body === undefined ? undefined : json(body);
  }

  return { answer, unavailableBody: data.unavailableBody };
}

import type { TradingContext } from '../../context.ts';
import type { CandleSources } from '../../exchange/candle-source.ts';
import type { ConnectorResolver } from '../../exchange/connector.ts';
import type { OrderSagaContext } from '../../index.ts';
import type { SessionScheduler } from '../../session-jobs.ts';

/** What worker-trading hands the session steps (deploy, tick, stop, resume). */
export type SessionWorkerContext = TradingContext & {
  connectors: ConnectorResolver;
  scheduler: SessionScheduler;
  /** The exchanges' candle history, for sessions on live prices. */
  candleSources: CandleSources;
  /** Credits a paper session's starting capital to its paper account (the paper exchange's own balances). */
  fundPaperAccount: (input: { tenantId: string; account: string; asset: string; amount: string }) => Promise<unknown>;
  /** The order saga's context, for reconciling a resumed session's orders with its venue. */
  saga: Omit<OrderSagaContext, 'traceId'>;
  /** How often a replay session consumes its next stored candle. */
  replayTickMs: number;
  /** How often a session on live prices looks for newly closed candles (at most its timeframe). */
  liveTickMs: number;
};

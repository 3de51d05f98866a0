import type { WatchScheduler } from '../arbitrage-jobs.ts';
import type { TenantContext } from '../context.ts';
import type { ExchangeConnector } from '../exchange/connector.ts';
import type { ArbitrageOpportunity } from './find-opportunities.ts';

/** A scan reads public market data: one connector per exchange id (no credentials needed). */
export type ArbitrageContext = TenantContext & { connectorFor: (exchange: string) => ExchangeConnector };

export type ScanArbitrageInput = { symbol: string; exchanges: string[]; threshold: string };

export type OpportunityView = ArbitrageOpportunity & { id: string; threshold: string; foundAt: Date };

export type OpportunityPage = { items: OpportunityView[]; nextCursor: string | null };

/** What the watch operations of trading-svc need: CCXT ids are checked through the connectors; the scheduler follows each change. */
export type WatchContext = TenantContext & {
  connectorFor: (exchange: string) => ExchangeConnector;
  watchScheduler: WatchScheduler;
  /** The user's permissions: live sessions for auto-execution need trading:live. */
  permissions?: readonly string[] | undefined;
};

/** The session trading each exchange (CCXT id → session id), the most one execution buys, and the live-money confirmation. */
export type AutoExecuteInput = { sessions: Record<string, string>; maxQuantity: string; confirmLive?: boolean | undefined };

export type CreateWatchInput = {
  symbol: string;
  exchanges: string[];
  threshold: string;
  intervalSeconds?: number | undefined;
  enabled?: boolean | undefined;
  /** Null or absent: the watch only records. */
  autoExecute?: AutoExecuteInput | null | undefined;
};

export type UpdateWatchInput = { watchId: string } & Partial<CreateWatchInput>;

export type WatchView = {
  id: string;
  symbol: string;
  exchanges: string[];
  threshold: string;
  intervalSeconds: number;
  enabled: boolean;
  lastScanAt: Date | null;
  lastError: string | null;
  autoExecute: { sessions: Record<string, string>; maxQuantity: string } | null;
  createdAt: Date;
  updatedAt: Date;
};

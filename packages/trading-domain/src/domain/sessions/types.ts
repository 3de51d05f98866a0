import type { SessionState, StrategyName, Timeframe } from '@ai-service/trading';
import type { OrderView, PositionView } from '../../index.ts';

export type SessionMode = 'paper' | 'live';

export type DeploySessionInput = {
  strategy: StrategyName;
  parameters?: Record<string, unknown> | undefined;
  exchange: string;
  symbols: string[];
  timeframe: Timeframe;
  mode: SessionMode;
  /** Quote currency the session may spend, as a decimal string. */
  capital: string;
  /** Paper sessions only: replay the stored candles opening in [from, to) instead of the exchange's live ones. */
  replay?: { from: string; to: string } | undefined;
  /** Live money needs it set to true, besides the permission trading:live. */
  confirmLive?: boolean | undefined;
  /** Live sessions only: trade on the exchange's sandbox/testnet with the sandbox credentials (no real money, so neither trading:live nor confirmLive). */
  sandbox?: boolean | undefined;
};

export type SessionView = {
  id: string;
  strategy: string;
  parameters: Record<string, unknown>;
  exchange: string;
  symbols: string[];
  timeframe: string;
  mode: SessionMode;
  /** A live session on the exchange's sandbox/testnet. */
  sandbox: boolean;
  capital: string;
  quoteAsset: string;
  priceSource: 'live' | 'replay';
  replay: { from: Date; to: Date } | null;
  state: SessionState;
  stateReason: string | null;
  stopRequestedAt: Date | null;
  lastTickAt: Date | null;
  lastCandleTime: Date | null;
  ticks: number;
  createdAt: Date;
  updatedAt: Date;
};

export type SessionPage = { items: SessionView[]; nextCursor: string | null };

export type TransitionView = { from: SessionState | null; to: SessionState; reason: string | null; at: Date };

export type PnlView = { realized: string; unrealized: string; fees: string; net: string };

export type SessionStatusView = SessionView & {
  transitions: TransitionView[];
  positions: Array<PositionView & { lastPrice: string | null; pnl: PnlView }>;
  openOrders: OrderView[];
  balances: Array<{ asset: string; free: string; reserved: string }>;
  pnl: PnlView;
};

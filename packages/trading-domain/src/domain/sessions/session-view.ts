import type { SessionRow } from '../../repositories/sessions.ts';
import type { SessionView } from './types.ts';

export function sessionView(row: SessionRow): SessionView {
  return {
    id: row.id,
    strategy: row.strategy,
    parameters: row.parameters,
    exchange: row.exchange,
    symbols: row.symbols,
    timeframe: row.timeframe,
    mode: row.mode,
    sandbox: row.sandbox,
    capital: row.capital,
    quoteAsset: row.quoteAsset,
    priceSource: row.priceSource,
    replay: row.replayFrom && row.replayTo ? { from: row.replayFrom, to: row.replayTo } : null,
    state: row.state,
    stateReason: row.stateReason,
    stopRequestedAt: row.stopRequestedAt,
    lastTickAt: row.lastTickAt,
    lastCandleTime: row.lastCandleTime,
    ticks: row.ticks,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

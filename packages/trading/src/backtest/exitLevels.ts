import type { RiskSettings } from '../strategies/strategy.ts';

/** The exits a price level triggers (the others are a signal and the end of the data). */
export type LevelExit = 'stop-loss' | 'take-profit' | 'trailing-stop';

/**
 * The price levels of a long position, shared by the backtester (tested against each candle's
 * range) and the paper/live sessions (tested against each close), so both exit on the same rule.
 * Floats, as the rest of the strategy maths: prices of a simulation, not amounts of the ledger.
 */
export type ExitLevels = { stop: number; stopReason: 'stop-loss' | 'trailing-stop'; target: number };

/** Stop-loss below the entry fill price; a disabled one is 0, a level no positive price reaches. */
export const stopLossPrice = (entryPrice: number, risk: RiskSettings): number => entryPrice * (1 - (risk.stopLoss ?? 1));

/** Take-profit above the entry fill price; a disabled one is never reached. */
export const takeProfitPrice = (entryPrice: number, risk: RiskSettings): number =>
  risk.takeProfit === null ? Number.POSITIVE_INFINITY : entryPrice * (1 + risk.takeProfit);

/** Trailing stop below the highest price since entry (which starts at the entry fill price); disabled: 0. */
export const trailingStopPrice = (highest: number, risk: RiskSettings): number => highest * (1 - (risk.trailingStop ?? 1));

/** Whether the trailing stop, rather than the stop-loss, is the effective stop: only when strictly higher. */
export const trailingStopBinds = (stopLoss: number, trailing: number): boolean => trailing > stopLoss;

/**
 * The levels in force for a position entered at `entryPrice` whose highest price so far is
 * `highest` (the highs of the candles before the one tested: a candle's own high never tightens
 * the stop it is tested against). The effective stop is the higher of stop-loss and trailing stop.
 */
export function exitLevels(entryPrice: number, highest: number, risk: RiskSettings): ExitLevels {
  const stopLoss = stopLossPrice(entryPrice, risk);
  const trailing = trailingStopPrice(highest, risk);
  const byTrailing = trailingStopBinds(stopLoss, trailing);
  return { stop: byTrailing ? trailing : stopLoss, stopReason: byTrailing ? 'trailing-stop' : 'stop-loss', target: takeProfitPrice(entryPrice, risk) };
}

/**
 * The exit one price triggers, if any: the stop first (when a price range reaches both, the
 * conservative reading), then the target.
 */
export function levelExitAt(price: number, levels: ExitLevels): LevelExit | null {
  if (price <= levels.stop) return levels.stopReason;
  if (price >= levels.target) return 'take-profit';
  return null;
}

import { exitLevels, levelExitAt, type Candle, type LevelExit, type RiskSettings } from '@ai-service/trading';
import type { SessionPositionMarks } from '../../db/schema/sessions.ts';
import { priceText } from './session-candles.ts';

type Mark = SessionPositionMarks[string];

const EMPTY: Mark = { highest: null, exits: [] };

/**
 * One consumed candle of a symbol against the strategy's exit levels, with the backtester's rule
 * (packages/trading exitLevels.ts): stop-loss and take-profit from the entry fill price, the
 * trailing stop from the highest price since entry, which starts at the entry fill price (the
 * first candle the position is seen open) and then follows the highs of the candles before the
 * one tested. A session sees closed candles and sells at market, so the levels are tested against
 * the close. Flat, the highest is cleared, so the next entry starts afresh.
 */
export function markCandle(
  mark: Mark | undefined,
  position: { averageEntryPrice: string } | null,
  candle: Candle,
  risk: RiskSettings,
): { mark: Mark; exit: LevelExit | null } {
  const current = mark ?? EMPTY;
  if (!position) return { mark: { ...current, highest: null }, exit: null };
  const entry = Number(position.averageEntryPrice);
  const highest = current.highest === null ? entry : Number(current.highest);
  const exit = levelExitAt(candle.close, exitLevels(entry, highest, risk));
  if (exit) return { mark: { highest: priceText(highest), exits: [...current.exits, { reason: exit, time: candle.time }] }, exit };
  return { mark: { ...current, highest: priceText(Math.max(highest, candle.high)) }, exit: null };
}

/** The marks without the symbols that hold nothing (flat, no exit to report). */
export function compactMarks(marks: SessionPositionMarks): SessionPositionMarks {
  return Object.fromEntries(Object.entries(marks).filter(([, mark]) => mark.highest !== null || mark.exits.length > 0));
}

/**
 * The reason of a session's move back to Live: flat, after the level exits it requested since it
 * was last flat (a signal's exit is the strategy's own and not named).
 */
export function flatReason(marks: SessionPositionMarks): string {
  const exits = Object.entries(marks).flatMap(([symbol, mark]) => mark.exits.map((exit) => `${symbol} ${exit.reason} on the ${new Date(exit.time).toISOString()} candle`));
  return exits.length === 0 ? 'flat' : `flat after ${exits.join(', ')}`;
}

/** The marks once their exits were reported. */
export const withoutExits = (marks: SessionPositionMarks): SessionPositionMarks =>
  compactMarks(Object.fromEntries(Object.entries(marks).map(([symbol, mark]) => [symbol, { ...mark, exits: [] }])));

import { decimal, decimalToString } from '@ai-service/money';
import type { PositionView } from './views.ts';

export type PositionPnl = { realized: string; unrealized: string; fees: string; net: string };

/**
 * A position's PnL in the quote asset at `lastPrice`: realized (gross, from reductions), unrealized
 * (quantity × (last − average entry); 0 without a price), fees paid, and net = realized +
 * unrealized − fees.
 */
export function positionPnl(position: Pick<PositionView, 'quantity' | 'averageEntryPrice' | 'realizedPnl' | 'feesPaid'>, lastPrice: string | null): PositionPnl {
  const unrealized = lastPrice === null ? decimal('0') : decimal(position.quantity).times(decimal(lastPrice).minus(decimal(position.averageEntryPrice)));
  const net = decimal(position.realizedPnl).plus(unrealized).minus(decimal(position.feesPaid));
  return { realized: position.realizedPnl, unrealized: decimalToString(unrealized), fees: position.feesPaid, net: decimalToString(net) };
}

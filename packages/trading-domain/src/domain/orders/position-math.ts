import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import type { OrderSide } from '../../exchange/connector.ts';

export type PositionState = { quantity: string; averageEntryPrice: string; realizedPnl: string; feesPaid: string };

export const FLAT: PositionState = { quantity: '0', averageEntryPrice: '0', realizedPnl: '0', feesPaid: '0' };

/** Places kept of an average entry price (a division); far below any venue's price precision. */
const PRICE_PLACES = 18;

const sign = (value: Decimal): number => (value.gt(0) ? 1 : value.lt(0) ? -1 : 0);

/**
 * A position after one fill (average-cost method, signed quantity). A fill in the position's
 * direction moves the average entry price; one against it realizes (price − entry) on the quantity
 * it closes, and any excess opens the other way at the fill price. `feeInQuote` adds to fees paid.
 */
export function applyFill(position: PositionState, fill: { side: OrderSide; quantity: string; price: string; feeInQuote: string }): PositionState {
  const held = decimal(position.quantity);
  const entry = decimal(position.averageEntryPrice);
  const price = decimal(fill.price);
  const size = decimal(fill.quantity);
  const signed = fill.side === 'buy' ? size : size.times(-1);
  const quantity = held.plus(signed);
  const fees = decimalToString(decimal(position.feesPaid).plus(decimal(fill.feeInQuote)));
  if (sign(held) === 0 || sign(held) === sign(signed)) {
    const average = held.abs().times(entry).plus(size.times(price)).div(quantity.abs()).round(PRICE_PLACES);
    return { quantity: decimalToString(quantity), averageEntryPrice: decimalToString(average), realizedPnl: position.realizedPnl, feesPaid: fees };
  }
  const closed = held.abs().lt(size) ? held.abs() : size;
  const realized = decimal(position.realizedPnl).plus(closed.times(price.minus(entry)).times(sign(held)));
  const average = sign(quantity) === 0 ? decimal('0') : sign(quantity) === sign(held) ? entry : price;
  return { quantity: decimalToString(quantity), averageEntryPrice: decimalToString(average), realizedPnl: decimalToString(realized), feesPaid: fees };
}

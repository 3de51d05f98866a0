import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFill, FLAT } from './position-math.ts';
import { positionPnl } from './position-pnl.ts';

test('a position averages its entries, realizes PnL on reductions, and flips at the fill price', () => {
  let position = applyFill(FLAT, { side: 'buy', quantity: '1', price: '100', feeInQuote: '0.1' });
  position = applyFill(position, { side: 'buy', quantity: '3', price: '120', feeInQuote: '0.36' });
  assert.deepEqual(position, { quantity: '4', averageEntryPrice: '115', realizedPnl: '0', feesPaid: '0.46' });

  position = applyFill(position, { side: 'sell', quantity: '1', price: '125', feeInQuote: '0.125' });
  assert.deepEqual(position, { quantity: '3', averageEntryPrice: '115', realizedPnl: '10', feesPaid: '0.585' });

  // Selling more than held closes the long at a loss and opens a short at the fill price.
  position = applyFill(position, { side: 'sell', quantity: '5', price: '110', feeInQuote: '0.55' });
  assert.deepEqual(position, { quantity: '-2', averageEntryPrice: '110', realizedPnl: '-5', feesPaid: '1.135' });
  position = applyFill(position, { side: 'buy', quantity: '2', price: '100', feeInQuote: '0.2' });
  assert.deepEqual(position, { quantity: '0', averageEntryPrice: '0', realizedPnl: '15', feesPaid: '1.335' });
});

test('positionPnl: realized + unrealized at the last price − fees', () => {
  const position = { quantity: '0.5', averageEntryPrice: '40000', realizedPnl: '120', feesPaid: '20.5' };
  assert.deepEqual(positionPnl(position, '42000'), { realized: '120', unrealized: '1000', fees: '20.5', net: '1099.5' });
  assert.deepEqual(positionPnl(position, null), { realized: '120', unrealized: '0', fees: '20.5', net: '99.5' });
  assert.deepEqual(positionPnl({ ...position, quantity: '-0.5' }, '42000').unrealized, '-1000');
});

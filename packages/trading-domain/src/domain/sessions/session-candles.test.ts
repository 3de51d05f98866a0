import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { priceText, signalOrderId } from './session-candles.ts';

test('a signal’s order id is a UUID fixed by session, symbol and candle, so a re-run tick asks for the same order', () => {
  const session = randomUUID();
  const id = signalOrderId(session, 'BTC/USDT', 1_700_000_000_000);
  assert.equal(signalOrderId(session, 'BTC/USDT', 1_700_000_000_000), id);
  // RFC 9562: version 8 (custom), variant 10xx — what the event contracts' z.uuid() accepts.
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const others = [signalOrderId(session, 'ETH/USDT', 1_700_000_000_000), signalOrderId(session, 'BTC/USDT', 1_700_003_600_000), signalOrderId(randomUUID(), 'BTC/USDT', 1_700_000_000_000)];
  assert.equal(new Set([id, ...others]).size, 4);
});

test('a stored close becomes a decimal string without exponent or float noise', () => {
  assert.equal(priceText(42_000.5), '42000.5');
  assert.equal(priceText(0.00000123), '0.00000123');
  assert.equal(priceText(0.1 + 0.2), '0.3');
});

import { z } from 'zod';

/** Variables of trading-svc. */
export const tradingEnv = {
  // A year of 1-minute candles as CSV is about 30 MB.
  CANDLE_IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(67_108_864),
};

/** Variables of worker-trading's order saga (packages/trading-domain/src/domain/orders). */
export const orderSagaEnv = {
  // An order not filled this long after its funds were reserved is cancelled and compensated.
  ORDER_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  // A reservation still held this long after it was made is released by the sweeper (longer than the timeout: the timeout job normally releases it first).
  ORDER_RESERVATION_TTL_MS: z.coerce.number().int().positive().default(300_000),
  // How often the sweeper looks for expired reservations.
  ORDER_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  // Extra share of a buy's notional reserved on top of the taker fee, for market-order slippage ("0.01" = 1 %).
  ORDER_SLIPPAGE_MARGIN: z.string().regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'must be a decimal number such as 0.01').default('0.01'),
};

/** Variables of worker-trading's strategy sessions (packages/trading-domain/src/domain/sessions). */
export const sessionEnv = {
  // A replay session consumes its next stored candle this often.
  SESSION_REPLAY_TICK_MS: z.coerce.number().int().positive().default(1_000),
  // A session on live prices looks for newly closed candles this often (never less often than its timeframe).
  SESSION_LIVE_TICK_MS: z.coerce.number().int().positive().default(60_000),
};

/** trading-svc and worker-trading: exchange API credentials at rest. */
export const tradingSecretsEnv = {
  // Encrypts exchange API keys and secrets at rest (trading.exchange_credentials). Optional so paper
  // trading and backtests run without it; storing credentials and live sessions then answer that
  // they are not configured (`npm start` always generates one).
  TRADING_SECRETS_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 random bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
};

import { z } from 'zod';

/** Variables of trading-svc. */
export const tradingEnv = {
  // A year of 1-minute candles as CSV is about 30 MB.
  CANDLE_IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(67_108_864),
};

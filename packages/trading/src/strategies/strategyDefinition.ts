import type { z } from 'zod';
import type { Strategy } from './strategy.ts';

export type StrategyName = 'sma-crossover' | 'ema-crossover' | 'rsi-mean-reversion' | 'grid';

export type StrategyDefinition<Parameters> = {
  name: StrategyName;
  description: string;
  /** Validates raw parameters and fills defaults. */
  parameters: z.ZodType<Parameters, unknown>;
  create(parameters: Parameters): Strategy;
};

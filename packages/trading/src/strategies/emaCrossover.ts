import { z } from 'zod';
import { Ema } from '../indicators/indicators.ts';
import { crossoverSignal } from './crossover.ts';
import { period, riskParameters, riskSettings } from './riskParameters.ts';
import type { RiskSettings, Signal, Strategy, StrategyContext } from './strategy.ts';
import type { StrategyDefinition } from './strategyDefinition.ts';

const parameters = z
  .strictObject({ fast: period(12).describe('Fast EMA period (candles)'), slow: period(26).describe('Slow EMA period (candles)'), ...riskParameters })
  .refine((value) => value.fast < value.slow, { path: ['fast'], message: 'fast must be shorter than slow' });

type EmaCrossoverParameters = z.output<typeof parameters>;

class EmaCrossover implements Strategy {
  readonly positionSize: number;
  readonly risk: RiskSettings;
  readonly #fast: Ema;
  readonly #slow: Ema;
  #previousSpread = Number.NaN;

  constructor(values: EmaCrossoverParameters) {
    this.positionSize = values.positionSize;
    this.risk = riskSettings(values);
    this.#fast = new Ema(values.fast);
    this.#slow = new Ema(values.slow);
  }

  onCandle(context: StrategyContext): Signal {
    const close = context.close();
    const spread = this.#fast.add(close) - this.#slow.add(close);
    if (!this.#slow.isStable) return 'hold';
    const previous = this.#previousSpread;
    this.#previousSpread = spread;
    return crossoverSignal(previous, spread);
  }
}

export const emaCrossover: StrategyDefinition<EmaCrossoverParameters> = {
  name: 'ema-crossover',
  description: 'Long while the fast exponential moving average of closes is above the slow one.',
  parameters,
  create: (values) => new EmaCrossover(values),
};

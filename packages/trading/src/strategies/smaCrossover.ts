import { z } from 'zod';
import { RollingSma } from '../indicators/indicators.ts';
import { crossoverSignal } from './crossover.ts';
import { period, riskParameters, riskSettings } from './riskParameters.ts';
import type { RiskSettings, Signal, Strategy, StrategyContext } from './strategy.ts';
import type { StrategyDefinition } from './strategyDefinition.ts';

const parameters = z
  .strictObject({ fast: period(10).describe('Fast SMA period (candles)'), slow: period(30).describe('Slow SMA period (candles)'), ...riskParameters })
  .refine((value) => value.fast < value.slow, { path: ['fast'], message: 'fast must be shorter than slow' });

type SmaCrossoverParameters = z.output<typeof parameters>;

class SmaCrossover implements Strategy {
  readonly positionSize: number;
  readonly risk: RiskSettings;
  readonly #fast: RollingSma;
  readonly #slow: RollingSma;
  #previousSpread = Number.NaN;

  constructor(values: SmaCrossoverParameters) {
    this.positionSize = values.positionSize;
    this.risk = riskSettings(values);
    this.#fast = new RollingSma(values.fast);
    this.#slow = new RollingSma(values.slow);
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

export const smaCrossover: StrategyDefinition<SmaCrossoverParameters> = {
  name: 'sma-crossover',
  description: 'Long while the fast simple moving average of closes is above the slow one.',
  parameters,
  create: (values) => new SmaCrossover(values),
};

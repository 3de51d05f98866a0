import { z } from 'zod';
import { period, riskParameters, riskSettings } from './riskParameters.ts';
import type { RiskSettings, Signal, Strategy, StrategyContext } from './strategy.ts';
import type { StrategyDefinition, StrategyName } from './strategyDefinition.ts';

/** A moving average fed one close at a time (RollingSma, Ema). */
type MovingAverage = { add(value: number): number; readonly isStable: boolean };

/**
 * Long while the fast average is above the slow one: enter when the spread (fast − slow) turns
 * positive, exit when it turns negative.
 */
export function crossoverSignal(previousSpread: number, spread: number): Signal {
  if (previousSpread <= 0 && spread > 0) return 'enter-long';
  if (previousSpread >= 0 && spread < 0) return 'exit';
  return 'hold';
}

type CrossoverOptions = {
  name: StrategyName;
  description: string;
  /** Short name of the average in parameter descriptions ("SMA"). */
  average: string;
  defaults: { fast: number; slow: number };
  createAverage: (period: number) => MovingAverage;
};

/** The SMA and EMA crossover strategies: the same rule over two kinds of moving average. */
export function crossoverStrategy({ name, description, average, defaults, createAverage }: CrossoverOptions) {
  const parameters = z
    .strictObject({
      fast: period(defaults.fast).describe(`Fast ${average} period (candles)`),
      slow: period(defaults.slow).describe(`Slow ${average} period (candles)`),
      ...riskParameters,
    })
    .refine((value) => value.fast < value.slow, { path: ['fast'], message: 'fast must be shorter than slow' });
  type Parameters = z.output<typeof parameters>;

  class Crossover implements Strategy {
    readonly positionSize: number;
    readonly risk: RiskSettings;
    readonly #fast: MovingAverage;
    readonly #slow: MovingAverage;
    #previousSpread = Number.NaN;

    constructor(values: Parameters) {
      this.positionSize = values.positionSize;
      this.risk = riskSettings(values);
      this.#fast = createAverage(values.fast);
      this.#slow = createAverage(values.slow);
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

  const definition: StrategyDefinition<Parameters> = { name, description, parameters, create: (values) => new Crossover(values) };
  return definition;
}

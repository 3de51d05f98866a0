import { z } from 'zod';
import { Rsi } from '../indicators/indicators.ts';
import { riskParameters, riskSettings } from './riskParameters.ts';
import type { StrategyDefinition } from './strategyDefinition.ts';

const parameters = z
  .strictObject({
    period: z.int().min(2).max(10_000).default(14).describe('RSI period (candles)'),
    oversold: z.number().gt(0).lt(100).default(30).describe('Enter when the RSI is below this'),
    overbought: z.number().gt(0).lt(100).default(70).describe('Exit when the RSI is above this'),
    ...riskParameters,
  })
  .refine((value) => value.oversold < value.overbought, { path: ['oversold'], message: 'oversold must be below overbought' });

export const rsiMeanReversion: StrategyDefinition<z.output<typeof parameters>> = {
  name: 'rsi-mean-reversion',
  description: "Buys when Wilder's RSI of closes is below the oversold level, sells when it is above the overbought level.",
  parameters,
  create(values) {
    const rsi = new Rsi(values.period);
    return {
      positionSize: values.positionSize,
      risk: riskSettings(values),
      onCandle(context) {
        const value = rsi.add(context.close());
        if (value < values.oversold) return 'enter-long';
        if (value > values.overbought) return 'exit';
        return 'hold';
      },
    };
  },
};

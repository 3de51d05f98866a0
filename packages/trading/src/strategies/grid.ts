import { z } from 'zod';
import { riskParameters, riskSettings } from './riskParameters.ts';
import type { StrategyDefinition } from './strategyDefinition.ts';

const DEFAULT_SPACING = 0.01;

const parameters = z
  .strictObject({
    levels: z.int().min(3).max(1000).default(10).describe('Number of grid lines'),
    spacing: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe(`Distance between lines as a fraction of the first close, the grid centred on it (${DEFAULT_SPACING} when no range is given)`),
    lower: z.number().positive().optional().describe('Lowest grid line (with upper, instead of spacing)'),
    upper: z.number().positive().optional().describe('Highest grid line (with lower, instead of spacing)'),
    ...riskParameters,
  })
  .superRefine((value, context) => {
    if (value.spacing !== undefined && (value.lower !== undefined || value.upper !== undefined)) {
      context.addIssue({ code: 'custom', path: ['spacing'], message: 'give either spacing or lower and upper, not both' });
    } else if ((value.lower === undefined) !== (value.upper === undefined)) {
      context.addIssue({ code: 'custom', path: [value.lower === undefined ? 'lower' : 'upper'], message: 'lower and upper go together' });
    } else if (value.lower !== undefined && value.upper !== undefined && value.lower >= value.upper) {
      context.addIssue({ code: 'custom', path: ['lower'], message: 'lower must be below upper' });
    }
  })
  .transform((value) => (value.lower === undefined && value.spacing === undefined ? { ...value, spacing: DEFAULT_SPACING } : value));

/**
 * A single-lot grid (the backtester holds one position at a time): evenly spaced lines; buy when a
 * close falls through a line that has another line above it, sell when a close reaches the line
 * above the one bought, i.e. one grid step of profit per cycle.
 */
export const grid: StrategyDefinition<z.output<typeof parameters>> = {
  name: 'grid',
  description: 'Buys when the price falls through a grid line and sells one line higher.',
  parameters,
  create(values) {
    const lastLine = values.levels - 1;
    let lowest = Number.NaN;
    let step = Number.NaN;
    let previousBand = Number.NaN;
    let exitBand = Number.NaN;
    return {
      positionSize: values.positionSize,
      risk: riskSettings(values),
      onCandle(context) {
        const close = context.close();
        if (Number.isNaN(step)) {
          if (values.lower !== undefined && values.upper !== undefined) {
            lowest = values.lower;
            step = (values.upper - values.lower) / lastLine;
          } else {
            step = close * (values.spacing ?? DEFAULT_SPACING);
            lowest = close - (step * lastLine) / 2;
          }
        }
        // Band b lies between line b and line b + 1.
        const band = Math.floor((close - lowest) / step);
        const previous = previousBand;
        previousBand = band;
        if (context.inPosition) return band >= exitBand ? 'exit' : 'hold';
        const lineCrossed = band + 1;
        if (band < previous && lineCrossed >= 0 && lineCrossed < lastLine) {
          exitBand = lineCrossed + 1;
          return 'enter-long';
        }
        return 'hold';
      },
    };
  },
};

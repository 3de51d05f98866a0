import { Ema } from '../indicators/indicators.ts';
import { crossoverStrategy } from './crossover.ts';

export const emaCrossover = crossoverStrategy({
  name: 'ema-crossover',
  description: 'Long while the fast exponential moving average of closes is above the slow one.',
  average: 'EMA',
  defaults: { fast: 12, slow: 26 },
  createAverage: (period) => new Ema(period),
});

import { RollingSma } from '../indicators/indicators.ts';
import { crossoverStrategy } from './crossover.ts';

export const smaCrossover = crossoverStrategy({
  name: 'sma-crossover',
  description: 'Long while the fast simple moving average of closes is above the slow one.',
  average: 'SMA',
  defaults: { fast: 10, slow: 30 },
  createAverage: (period) => new RollingSma(period),
});

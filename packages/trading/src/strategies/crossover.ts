import type { Signal } from './strategy.ts';

/**
 * Long while the fast average is above the slow one: enter when the spread (fast − slow) turns
 * positive, exit when it turns negative. Shared by the SMA and EMA crossover strategies.
 */
export function crossoverSignal(previousSpread: number, spread: number): Signal {
  if (previousSpread <= 0 && spread > 0) return 'enter-long';
  if (previousSpread >= 0 && spread < 0) return 'exit';
  return 'hold';
}

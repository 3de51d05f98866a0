import { z } from 'zod';
import { TradingError } from '../errors.ts';
import { emaCrossover } from './emaCrossover.ts';
import { grid } from './grid.ts';
import { rsiMeanReversion } from './rsiMeanReversion.ts';
import { smaCrossover } from './smaCrossover.ts';
import type { Strategy } from './strategy.ts';
import type { StrategyDefinition, StrategyName } from './strategyDefinition.ts';

const STRATEGIES = {
  'sma-crossover': smaCrossover,
  'ema-crossover': emaCrossover,
  'rsi-mean-reversion': rsiMeanReversion,
  grid,
} as const satisfies Record<StrategyName, { name: StrategyName }>;

export const STRATEGY_NAMES: readonly StrategyName[] = Object.freeze(Object.keys(STRATEGIES) as StrategyName[]);

/**
 * The definition behind a name, its parameter type erased: callers only hand create() what the same
 * definition's schema produced, so the erasure cannot mix one strategy's parameters with another's.
 */
function definition(name: StrategyName): StrategyDefinition<Record<string, unknown>> {
  if (!Object.hasOwn(STRATEGIES, name)) {
    throw new TradingError('invalid_parameters', `Unknown strategy "${name}" (one of ${STRATEGY_NAMES.join(', ')})`, { field: 'strategy' });
  }
  return STRATEGIES[name] as unknown as StrategyDefinition<Record<string, unknown>>;
}

function parse(strategy: StrategyDefinition<Record<string, unknown>>, raw: unknown): Record<string, unknown> {
  const result = strategy.parameters.safeParse(raw ?? {});
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const field = issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.');
  throw new TradingError('invalid_parameters', `${strategy.name} parameters: ${z.prettifyError(result.error)}`, { field: field || 'parameters' });
}

/** The strategy's parameters validated and completed with defaults; throws `invalid_parameters` naming the field. */
export function parseStrategyParameters(name: StrategyName, raw: unknown): Record<string, unknown> {
  return parse(definition(name), raw);
}

/** JSON Schema of what a caller may send as the strategy's parameters (defaults shown, all optional). */
export function strategyParameterJsonSchema(name: StrategyName): object {
  return z.toJSONSchema(definition(name).parameters, { io: 'input' });
}

/** A fresh running instance (own indicator state) for a backtest or a live session. */
export function createStrategy(name: StrategyName, parameters: unknown): Strategy {
  const strategy = definition(name);
  return strategy.create(parse(strategy, parameters));
}

export function strategyDescription(name: StrategyName): string {
  return definition(name).description;
}

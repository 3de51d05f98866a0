import { STRATEGY_NAMES, strategyDescription, strategyParameterJsonSchema, type StrategyName } from '@ai-service/trading';

export type StrategyInfo = { name: StrategyName; description: string; parameters: object };

/** The built-in strategies a backtest can run, each with the JSON Schema of its parameters. */
export function listStrategies(): StrategyInfo[] {
  return STRATEGY_NAMES.map((name) => ({ name, description: strategyDescription(name), parameters: strategyParameterJsonSchema(name) }));
}

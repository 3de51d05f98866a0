import { z } from 'zod';
import type { RiskSettings } from './strategy.ts';

/** Sizing and exit parameters every strategy accepts beside its own. */
export const riskParameters = {
  positionSize: z.number().gt(0).lte(1).default(1).describe('Fraction of the available cash committed per entry'),
  stopLoss: z.number().gt(0).lt(1).optional().describe('Exit when the price falls this fraction below the entry price'),
  takeProfit: z.number().gt(0).optional().describe('Exit when the price rises this fraction above the entry price'),
  trailingStop: z.number().gt(0).lt(1).optional().describe('Exit when the price falls this fraction below its highest point since entry'),
};

export function riskSettings(parameters: { stopLoss?: number | undefined; takeProfit?: number | undefined; trailingStop?: number | undefined }): RiskSettings {
  return {
    stopLoss: parameters.stopLoss ?? null,
    takeProfit: parameters.takeProfit ?? null,
    trailingStop: parameters.trailingStop ?? null,
  };
}

/** Indicator periods: bounded so a request cannot make a strategy allocate without limit. */
export const period = (fallback: number) => z.int().min(1).max(10_000).default(fallback);

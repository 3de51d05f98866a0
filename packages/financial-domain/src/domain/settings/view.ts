import type { Transaction } from '@ai-service/db';
import { DEFAULT_BASE_CURRENCY } from '../../db/schema/reporting.ts';
import { findSettings, type SettingsRow } from '../../repositories/settings.ts';

export type SettingsView = { baseCurrency: string; updatedAt: Date | null };

export const toSettingsView = (row: SettingsRow | undefined): SettingsView => ({
  baseCurrency: row?.baseCurrency ?? DEFAULT_BASE_CURRENCY,
  updatedAt: row?.updatedAt ?? null,
});

/** The currency every report and budget is in: the tenant's choice, else EUR. */
export async function baseCurrencyOf(tx: Transaction): Promise<string> {
  return toSettingsView(await findSettings(tx)).baseCurrency;
}

import { audit, changes } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { parseCurrency } from '../../money.ts';
import { findSettings, upsertSettings } from '../../repositories/settings.ts';
import { toSettingsView, type SettingsView } from './view.ts';

export type UpdateSettingsInput = { baseCurrency: string };

/**
 * Sets the base currency. Reports convert into it from then on; stored budgets keep their amounts
 * (they are read in the new base currency: nothing is converted).
 */
export async function updateSettings({ ctx, input }: { ctx: FinancialContext; input: UpdateSettingsInput }): Promise<SettingsView> {
  const baseCurrency = parseCurrency('baseCurrency', input.baseCurrency);
  return withTenantTx(ctx, async (tx) => {
    const before = toSettingsView(await findSettings(tx));
    const saved = toSettingsView(await upsertSettings(tx, { tenantId: ctx.tenantId, baseCurrency }));
    await audit(tx, ctx, {
      type: 'SettingsUpdated',
      aggregateType: 'settings',
      aggregateId: ctx.tenantId,
      payload: changes({ baseCurrency: before.baseCurrency }, { baseCurrency: saved.baseCurrency }),
    });
    return saved;
  });
}

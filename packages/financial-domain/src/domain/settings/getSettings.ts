import { withTenantTx, type FinancialContext } from '../../context.ts';
import { findSettings } from '../../repositories/settings.ts';
import { toSettingsView, type SettingsView } from './view.ts';

/** The tenant's settings; a tenant that never changed them has the defaults (base currency EUR, `updatedAt` null). */
export async function getSettings({ ctx }: { ctx: FinancialContext }): Promise<SettingsView> {
  return withTenantTx(ctx, async (tx) => toSettingsView(await findSettings(tx)));
}

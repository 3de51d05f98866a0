import { withTenantTx } from '../../context.ts';
import { SYNC_PROVIDERS } from '../../db/schema/sync.ts';
import { listIntegrationSettings } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';
import { toSettingsView, type IntegrationSettingsView } from './views.ts';

/** Both providers' settings, defaults (sandbox, not configured) where the tenant saved none. */
export async function getIntegrationSettings({ ctx }: { ctx: SyncContext }): Promise<IntegrationSettingsView[]> {
  return withTenantTx(ctx, async (tx) => {
    const rows = await listIntegrationSettings(tx);
    return SYNC_PROVIDERS.map((provider) => toSettingsView(provider, rows.find((row) => row.provider === provider)));
  });
}

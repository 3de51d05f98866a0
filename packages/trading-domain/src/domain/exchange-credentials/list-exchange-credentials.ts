import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../../context.ts';
import { listExchangeCredentialRows } from '../../repositories/exchange-credentials.ts';
import type { ExchangeCredentialsView } from './types.ts';
import { credentialsView } from './views.ts';

/** The exchange venues the tenant has credentials for, by exchange then live before sandbox; never the secrets. */
export async function listExchangeCredentials({ ctx }: { ctx: TenantContext }): Promise<ExchangeCredentialsView[]> {
  const rows = await withTenant(ctx.db, ctx.tenantId, (tx) => listExchangeCredentialRows(tx));
  return rows.map(credentialsView);
}

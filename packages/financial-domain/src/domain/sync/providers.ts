import { createGoCardlessClient, createSimpleFinClient, goCardlessConnection, simpleFinConnection, type BankConnection, type GoCardlessClient } from '@ai-service/bank-sync';
import type { Transaction } from '@ai-service/db';
import type { SyncEnvironment } from '../../db/schema/sync.ts';
import { FinancialError } from '../../errors.ts';
import { findIntegrationSettings, type BankConnectionRow } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';
import { openSecret, requireSecretsKey, secretBinding } from './secrets.ts';

/** GoCardless's test bank: the only institution offered in the sandbox environment. */
export const GOCARDLESS_SANDBOX_INSTITUTION = 'SANDBOXFINANCE_SFIN0000';

type GoCardlessSecrets = { secretId: string; secretKey: string };

export type GoCardlessAccess = { client: GoCardlessClient; environment: SyncEnvironment };

/** The tenant's GoCardless client, from its sealed secret id and key (read inside `tx`). */
export async function goCardlessAccess(ctx: SyncContext, tx: Transaction): Promise<GoCardlessAccess> {
  const settings = await findIntegrationSettings(tx, 'gocardless');
  if (!settings?.secretsSealed) {
    throw new FinancialError('not_configured', 'GoCardless is not configured for this tenant: set its secret id and key in the bank sync settings first.');
  }
  const cacheKey = `${ctx.tenantId}:${settings.secretsSealed}`;
  let client = ctx.bankSync.goCardlessClients.get(cacheKey);
  if (!client) {
    const key = requireSecretsKey(ctx.bankSync.secretsKey);
    const secrets = JSON.parse(openSecret(key, secretBinding(ctx.tenantId, 'integration_settings', settings.id), settings.secretsSealed)) as GoCardlessSecrets;
    client = createGoCardlessClient({ ...secrets, baseUrl: ctx.bankSync.goCardlessApiUrl, ...ctx.bankSync.http });
    ctx.bankSync.goCardlessClients.set(cacheKey, client);
  }
  return { client, environment: settings.environment };
}

/** The provider side of a stored connection, ready to list accounts and fetch transactions. */
export async function providerConnection(ctx: SyncContext, tx: Transaction, connection: BankConnectionRow): Promise<BankConnection> {
  if (connection.provider === 'gocardless') {
    const { client } = await goCardlessAccess(ctx, tx);
    return goCardlessConnection(client, connection.requisitionId ?? '');
  }
  const key = requireSecretsKey(ctx.bankSync.secretsKey);
  const accessUrl = openSecret(key, secretBinding(ctx.tenantId, 'bank_connections', connection.id), connection.accessSealed ?? '');
  return simpleFinConnection(createSimpleFinClient({ accessUrl, ...ctx.bankSync.http }), { clock: ctx.clock });
}

import { createGoCardlessClient, isBankSyncError } from '@ai-service/bank-sync';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx } from '../../context.ts';
import type { SyncEnvironment, SyncProvider } from '../../db/schema/sync.ts';
import { invalidInput } from '../../errors.ts';
import { findIntegrationSettings, upsertIntegrationSettings } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';
import { callProvider } from './provider-errors.ts';
import { maskSecret, requireSecretsKey, sealSecret, secretBinding } from './secrets.ts';
import { toSettingsView, type IntegrationSettingsView } from './views.ts';

export type UpdateIntegrationSettingsInput = {
  provider: SyncProvider;
  environment?: SyncEnvironment | undefined;
  /** GoCardless only: both together. */
  secretId?: string | undefined;
  secretKey?: string | undefined;
};

/**
 * Sets the sandbox/live toggle and, for GoCardless, the secret id and key. New secrets are tried
 * against GoCardless (a token request) before they are stored, sealed; the audit row records that
 * they changed, never their value.
 */
export async function updateIntegrationSettings({ ctx, input }: { ctx: SyncContext; input: UpdateIntegrationSettingsInput }): Promise<IntegrationSettingsView> {
  const hasSecrets = input.secretId !== undefined || input.secretKey !== undefined;
  if (hasSecrets && input.provider !== 'gocardless') throw invalidInput('secretId', 'Only GoCardless takes a secret id and key; SimpleFIN connections bring their own setup token.');
  if (hasSecrets && (!input.secretId?.trim() || !input.secretKey?.trim())) {
    throw invalidInput(input.secretId?.trim() ? 'secretKey' : 'secretId', 'GoCardless needs both the secret id and the secret key.');
  }
  const secrets = hasSecrets ? { secretId: input.secretId!.trim(), secretKey: input.secretKey!.trim() } : undefined;
  const key = secrets ? requireSecretsKey(ctx.bankSync.secretsKey) : undefined;
  if (secrets) {
    const client = createGoCardlessClient({ ...secrets, baseUrl: ctx.bankSync.goCardlessApiUrl, ...ctx.bankSync.http });
    await callProvider(async () => {
      try {
        await client.institutions('GB');
      } catch (error) {
        if (isBankSyncError(error, 'invalid_credentials')) throw invalidInput('secretKey', 'GoCardless refused this secret id and key.');
        throw error;
      }
    });
  }
  return withTenantTx(ctx, async (tx) => {
    const existing = await findIntegrationSettings(tx, input.provider);
    const id = existing?.id ?? randomUUID();
    const saved = await upsertIntegrationSettings(tx, {
      id,
      tenantId: ctx.tenantId,
      provider: input.provider,
      environment: input.environment ?? existing?.environment ?? 'sandbox',
      secretsSealed: secrets && key ? sealSecret(key, secretBinding(ctx.tenantId, 'integration_settings', id), JSON.stringify(secrets)) : (existing?.secretsSealed ?? null),
      secretHint: secrets ? maskSecret(secrets.secretId) : (existing?.secretHint ?? null),
    });
    await audit(tx, ctx, {
      type: 'IntegrationSettingsUpdated',
      aggregateType: 'integration_settings',
      aggregateId: saved.id,
      payload: { provider: saved.provider, environment: saved.environment, secretsChanged: Boolean(secrets) },
    });
    return toSettingsView(input.provider, saved);
  });
}

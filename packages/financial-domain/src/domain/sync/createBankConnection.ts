import { claimSimpleFinAccessUrl, createSimpleFinClient, isBankSyncError, simpleFinConnection } from '@ai-service/bank-sync';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx } from '../../context.ts';
import type { SyncProvider } from '../../db/schema/sync.ts';
import { FinancialError, invalidInput } from '../../errors.ts';
import { findIntegrationSettings, insertConnection, listConnectionAccounts } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';
import { callProvider } from './provider-errors.ts';
import { goCardlessAccess, GOCARDLESS_SANDBOX_INSTITUTION } from './providers.ts';
import { storeProviderAccounts } from './storeProviderAccounts.ts';
import { scheduleIfLinked } from './schedule.ts';
import { requireSecretsKey, sealSecret, secretBinding } from './secrets.ts';
import { toConnectionView, type ConnectionView } from './views.ts';

export type CreateBankConnectionInput = {
  provider: SyncProvider;
  /** GoCardless: the bank, from listInstitutions. */
  institutionId?: string | undefined;
  /** GoCardless: where the bank sends the user back after consent. */
  redirectUrl?: string | undefined;
  /** GoCardless: days of history asked for (default 90, the most every bank grants). */
  maxHistoricalDays?: number | undefined;
  /** SimpleFIN: the setup token the user copied from the bridge. */
  setupToken?: string | undefined;
  syncIntervalMinutes?: number | undefined;
};

/** Agreement validity asked of GoCardless: 90 days is what every bank accepts. */
const ACCESS_VALID_FOR_DAYS = 90;

/**
 * GoCardless: end-user agreement and requisition; the connection stays `pending` with the consent
 * link until the user comes back (refreshBankConnection). SimpleFIN: claims the setup token, stores
 * the access URL sealed and lists the accounts at once (`linked`). Linked connections get their
 * scheduled sync.
 */
export async function createBankConnection({ ctx, input }: { ctx: SyncContext; input: CreateBankConnectionInput }): Promise<ConnectionView> {
  const id = randomUUID();
  const syncIntervalMinutes = input.syncIntervalMinutes ?? ctx.bankSync.defaultIntervalMinutes;
  const base = { id, tenantId: ctx.tenantId, syncIntervalMinutes };

  if (input.provider === 'gocardless') {
    if (!input.institutionId) throw invalidInput('institutionId', 'GoCardless needs the bank (institutionId from the institutions list).');
    if (!input.redirectUrl) throw invalidInput('redirectUrl', 'GoCardless needs the URL the bank sends the user back to.');
    const { client, environment } = await withTenantTx(ctx, (tx) => goCardlessAccess(ctx, tx));
    if (environment === 'sandbox' && input.institutionId !== GOCARDLESS_SANDBOX_INSTITUTION) {
      throw invalidInput('institutionId', `The sandbox environment connects only GoCardless's test bank ${GOCARDLESS_SANDBOX_INSTITUTION}; switch the settings to live for real banks.`);
    }
    const institutionId = input.institutionId;
    const requisition = await callProvider(async () => {
      const agreement = await client.createAgreement({ institutionId, maxHistoricalDays: input.maxHistoricalDays ?? 90, accessValidForDays: ACCESS_VALID_FOR_DAYS });
      return client.createRequisition({ redirect: input.redirectUrl!, institutionId, reference: id, agreementId: agreement.id });
    });
    return withTenantTx(ctx, async (tx) => {
      const row = await insertConnection(tx, {
        ...base,
        provider: 'gocardless',
        environment,
        status: 'pending',
        institutionId,
        requisitionId: requisition.id,
        consentLink: requisition.link,
      });
      await audit(tx, ctx, { type: 'BankConnectionCreated', aggregateType: 'bank_connection', aggregateId: id, payload: { provider: 'gocardless', institutionId, requisitionId: requisition.id } });
      return toConnectionView(row, []);
    });
  }

  if (!input.setupToken?.trim()) throw invalidInput('setupToken', 'SimpleFIN needs the setup token copied from the bridge.');
  const key = requireSecretsKey(ctx.bankSync.secretsKey);
  const accessUrl = await callProvider(async () => {
    try {
      return await claimSimpleFinAccessUrl(input.setupToken!, ctx.bankSync.http);
    } catch (error) {
      if (isBankSyncError(error, 'invalid_setup_token') || isBankSyncError(error, 'insecure_url')) throw invalidInput('setupToken', error.message);
      if (isBankSyncError(error, 'setup_token_claimed')) throw new FinancialError('conflict', error.message, { field: 'setupToken' });
      throw error;
    }
  });
  const listed = await callProvider(() => simpleFinConnection(createSimpleFinClient({ accessUrl, ...ctx.bankSync.http }), { clock: ctx.clock }).listAccounts());
  const view = await withTenantTx(ctx, async (tx) => {
    const environment = (await findIntegrationSettings(tx, 'simplefin'))?.environment ?? 'sandbox';
    const row = await insertConnection(tx, {
      ...base,
      provider: 'simplefin',
      environment,
      status: 'linked',
      institutionName: [...new Set(listed.map((account) => account.institution).filter(Boolean))].join(', ') || null,
      accessSealed: sealSecret(key, secretBinding(ctx.tenantId, 'bank_connections', id), accessUrl),
    });
    await storeProviderAccounts(tx, ctx, row, listed);
    await audit(tx, ctx, { type: 'BankConnectionCreated', aggregateType: 'bank_connection', aggregateId: id, payload: { provider: 'simplefin', accounts: listed.length } });
    return toConnectionView(row, await listConnectionAccounts(tx, [id]));
  });
  await scheduleIfLinked(ctx, view);
  return view;
}

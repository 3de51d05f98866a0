import { requisitionState } from '@ai-service/bank-sync';
import { audit } from '../../audit.ts';
import { withTenantTx } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findConnection, listConnectionAccounts, updateConnectionRow } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';
import { callProvider } from './provider-errors.ts';
import { goCardlessAccess, providerConnection } from './providers.ts';
import { scheduleIfLinked } from './schedule.ts';
import { storeProviderAccounts } from './storeProviderAccounts.ts';
import { toConnectionView, type ConnectionView } from './views.ts';

/**
 * Asks the provider where the connection stands: a GoCardless requisition the user has consented
 * to becomes `linked` (rejected or expired ones say so), and a linked connection's account list is
 * read again (new accounts appear unlinked). Call it when the user comes back from the bank.
 */
export async function refreshBankConnection({ ctx, input }: { ctx: SyncContext; input: { connectionId: string } }): Promise<ConnectionView> {
  const { connection, provider, client } = await withTenantTx(ctx, async (tx) => {
    const row = await findConnection(tx, input.connectionId);
    if (!row) throw notFound('bank connection', input.connectionId);
    return { connection: row, provider: await providerConnection(ctx, tx, row), client: row.provider === 'gocardless' ? (await goCardlessAccess(ctx, tx)).client : undefined };
  });
  const status = client ? requisitionState((await callProvider(() => client.requisition(connection.requisitionId ?? ''))).status) : 'linked';
  const listed = status === 'linked' ? await callProvider(() => provider.listAccounts()) : [];
  const view = await withTenantTx(ctx, async (tx) => {
    const row = await updateConnectionRow(tx, connection.id, { status, ...(status === 'linked' ? { lastError: null } : {}) });
    await storeProviderAccounts(tx, ctx, row, listed);
    if (status !== connection.status) {
      await audit(tx, ctx, { type: 'BankConnectionStatusChanged', aggregateType: 'bank_connection', aggregateId: row.id, payload: { from: connection.status, to: status } });
    }
    return toConnectionView(row, await listConnectionAccounts(tx, [row.id]));
  });
  await scheduleIfLinked(ctx, view);
  return view;
}

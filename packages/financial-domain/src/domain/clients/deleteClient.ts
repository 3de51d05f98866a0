import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError } from '../../errors.ts';
import { deleteCounterpartyRow } from '../../repositories/counterparties.ts';
import { counterpartyHasInvoices } from '../../repositories/invoices.ts';
import { findClientOrFail } from './findClient.ts';

/** Deletes a client that no invoice or credit note bills (those must keep their client). */
export async function deleteClient({ ctx, input }: { ctx: FinancialContext; input: { clientId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const client = await findClientOrFail(tx, input.clientId, { forUpdate: true });
    if (await counterpartyHasInvoices(tx, input.clientId)) {
      throw new FinancialError('in_use', `Client ${client.name} has invoices; it cannot be deleted.`, { details: { invoices: true } });
    }
    await deleteCounterpartyRow(tx, input.clientId);
    await audit(tx, ctx, { type: 'ClientDeleted', aggregateType: 'counterparty', aggregateId: input.clientId, payload: { name: client.name } });
  });
}

import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { deleteCounterpartyRow, findCounterparty } from '../../repositories/counterparties.ts';
import { counterpartyHasInvoices } from '../../repositories/invoices.ts';

/** Deletes the counterparty; its transactions keep the counterparty name as written and lose the link. Refused while invoices bill it. */
export async function deleteCounterparty({ ctx, input }: { ctx: FinancialContext; input: { counterpartyId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const counterparty = await findCounterparty(tx, input.counterpartyId, { forUpdate: true });
    if (!counterparty) throw notFound('counterparty', input.counterpartyId);
    if (await counterpartyHasInvoices(tx, input.counterpartyId)) {
      throw new FinancialError('in_use', `Counterparty ${counterparty.name} is billed by invoices; it cannot be deleted.`, { details: { invoices: true } });
    }
    await deleteCounterpartyRow(tx, input.counterpartyId);
    await audit(tx, ctx, { type: 'CounterpartyDeleted', aggregateType: 'counterparty', aggregateId: input.counterpartyId, payload: { name: counterparty.name } });
  });
}

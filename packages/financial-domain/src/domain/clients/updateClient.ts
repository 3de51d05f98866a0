import { audit, changes } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { conflictOnDuplicate } from '../../db-errors.ts';
import { parseIban } from '../../iban.ts';
import { parseCurrency } from '../../money.ts';
import { updateCounterpartyRow } from '../../repositories/counterparties.ts';
import type { ClientFields } from './createClient.ts';
import { findClientOrFail } from './findClient.ts';
import { toClientView, type ClientView } from './view.ts';

export type UpdateClientInput = { clientId: string } & Partial<ClientFields>;

/** Changes a client's master data; issued invoices keep the snapshot taken at issue. */
export async function updateClient({ ctx, input }: { ctx: FinancialContext; input: UpdateClientInput }): Promise<ClientView> {
  const { clientId, ...fields } = input;
  const update = {
    ...fields,
    ...(fields.name !== undefined ? { name: fields.name.trim() } : {}),
    ...(fields.iban !== undefined ? { iban: parseIban('iban', fields.iban) ?? null } : {}),
    ...(fields.currency != null ? { currency: parseCurrency('currency', fields.currency) } : {}),
  };
  return withTenantTx(ctx, async (tx) => {
    const before = await findClientOrFail(tx, clientId, { forUpdate: true });
    const after = await conflictOnDuplicate(() => updateCounterpartyRow(tx, clientId, update), `A counterparty named "${update.name}" exists.`, 'name');
    const diff = changes({ ...before, updatedAt: null }, { ...after, updatedAt: null });
    await audit(tx, ctx, { type: 'ClientUpdated', aggregateType: 'counterparty', aggregateId: clientId, payload: { changes: diff } });
    return toClientView(after);
  });
}

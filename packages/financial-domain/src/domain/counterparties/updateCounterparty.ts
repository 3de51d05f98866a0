import { audit, changes } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { conflictOnDuplicate } from '../../db-errors.ts';
import { notFound } from '../../errors.ts';
import { parseIban } from '../../iban.ts';
import { findCounterparty, updateCounterpartyRow } from '../../repositories/counterparties.ts';
import type { CounterpartyFields } from './createCounterparty.ts';
import { toCounterpartyView, type CounterpartyView } from './view.ts';

export type UpdateCounterpartyInput = { counterpartyId: string } & Partial<CounterpartyFields>;

export async function updateCounterparty({ ctx, input }: { ctx: FinancialContext; input: UpdateCounterpartyInput }): Promise<CounterpartyView> {
  const { counterpartyId, ...fields } = input;
  const update = {
    ...fields,
    ...(fields.name !== undefined ? { name: fields.name.trim() } : {}),
    ...(fields.iban !== undefined ? { iban: parseIban('iban', fields.iban) ?? null } : {}),
  };
  return withTenantTx(ctx, async (tx) => {
    const before = await findCounterparty(tx, counterpartyId, { forUpdate: true });
    if (!before) throw notFound('counterparty', counterpartyId);
    const after = await conflictOnDuplicate(() => updateCounterpartyRow(tx, counterpartyId, update), `A counterparty named "${update.name}" exists.`, 'name');
    const diff = changes({ ...before, updatedAt: null }, { ...after, updatedAt: null });
    await audit(tx, ctx, { type: 'CounterpartyUpdated', aggregateType: 'counterparty', aggregateId: counterpartyId, payload: { changes: diff } });
    return toCounterpartyView(after);
  });
}

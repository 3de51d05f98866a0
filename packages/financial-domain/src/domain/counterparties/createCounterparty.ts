import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { CounterpartyKind } from '../../db/schema/ledger.ts';
import { FinancialError } from '../../errors.ts';
import { parseIban } from '../../iban.ts';
import { insertCounterparty } from '../../repositories/counterparties.ts';
import { toCounterpartyView, type CounterpartyView } from './view.ts';

export type CounterpartyFields = {
  name: string;
  kind: CounterpartyKind;
  iban: string | null;
  email: string | null;
  taxId: string | null;
  notes: string | null;
  address: Record<string, string> | null;
};

export type CreateCounterpartyInput = { name: string } & Partial<Omit<CounterpartyFields, 'name'>>;

export async function createCounterparty({ ctx, input }: { ctx: FinancialContext; input: CreateCounterpartyInput }): Promise<CounterpartyView> {
  const row = {
    id: randomUUID(),
    tenantId: ctx.tenantId,
    name: input.name.trim(),
    kind: input.kind ?? 'payee',
    iban: parseIban('iban', input.iban) ?? null,
    email: input.email ?? null,
    taxId: input.taxId ?? null,
    notes: input.notes ?? null,
    address: input.address ?? null,
  };
  return withTenantTx(ctx, async (tx) => {
    const inserted = await insertCounterparty(tx, row);
    if (!inserted) throw new FinancialError('conflict', `A counterparty named "${row.name}" exists.`, { field: 'name' });
    await audit(tx, ctx, { type: 'CounterpartyCreated', aggregateType: 'counterparty', aggregateId: row.id, payload: { counterparty: row } });
    return toCounterpartyView(inserted);
  });
}

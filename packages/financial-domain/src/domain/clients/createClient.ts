import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError } from '../../errors.ts';
import { parseIban } from '../../iban.ts';
import { parseCurrency } from '../../money.ts';
import { insertCounterparty } from '../../repositories/counterparties.ts';
import { toClientView, type ClientView } from './view.ts';

export type ClientFields = {
  name: string;
  taxId: string | null;
  email: string | null;
  address: Record<string, string> | null;
  currency: string | null;
  paymentTermsDays: number | null;
  iban: string | null;
  notes: string | null;
};

export type CreateClientInput = { name: string } & Partial<Omit<ClientFields, 'name'>>;

/** A client is a counterparty of kind `client`: it shares the counterparties' name uniqueness and appears in their list. */
export async function createClient({ ctx, input }: { ctx: FinancialContext; input: CreateClientInput }): Promise<ClientView> {
  const row = {
    id: randomUUID(),
    tenantId: ctx.tenantId,
    kind: 'client' as const,
    name: input.name.trim(),
    taxId: input.taxId ?? null,
    email: input.email ?? null,
    address: input.address ?? null,
    currency: input.currency == null ? null : parseCurrency('currency', input.currency),
    paymentTermsDays: input.paymentTermsDays ?? null,
    iban: parseIban('iban', input.iban) ?? null,
    notes: input.notes ?? null,
  };
  return withTenantTx(ctx, async (tx) => {
    const inserted = await insertCounterparty(tx, row);
    if (!inserted) throw new FinancialError('conflict', `A counterparty named "${row.name}" exists.`, { field: 'name' });
    await audit(tx, ctx, { type: 'ClientCreated', aggregateType: 'counterparty', aggregateId: row.id, payload: { client: row } });
    return toClientView(inserted);
  });
}

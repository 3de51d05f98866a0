import type { CounterpartyRow } from '../../repositories/counterparties.ts';

/** A client: a counterparty of kind `client`, with what invoicing needs. */
export type ClientView = {
  id: string;
  name: string;
  taxId: string | null;
  email: string | null;
  address: Record<string, string> | null;
  currency: string | null;
  paymentTermsDays: number | null;
  iban: string | null;
  notes: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export const toClientView = (row: CounterpartyRow): ClientView => ({
  id: row.id,
  name: row.name,
  taxId: row.taxId,
  email: row.email,
  address: row.address,
  currency: row.currency,
  paymentTermsDays: row.paymentTermsDays,
  iban: row.iban,
  notes: row.notes,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

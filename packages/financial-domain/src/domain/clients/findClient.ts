import type { Transaction } from '@ai-service/db';
import { notFound } from '../../errors.ts';
import { findCounterparty, type CounterpartyRow } from '../../repositories/counterparties.ts';

/** The counterparty when it is a client of the tenant; any other counterparty is no client (404). */
export async function findClientOrFail(tx: Transaction, clientId: string, { forUpdate = false } = {}): Promise<CounterpartyRow> {
  const row = await findCounterparty(tx, clientId, { forUpdate });
  if (!row || row.kind !== 'client') throw notFound('client', clientId);
  return row;
}

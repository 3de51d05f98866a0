import type { Transaction } from '@ai-service/db';
import { invalidInput } from '../../errors.ts';
import { findCounterparty, type CounterpartyRow } from '../../repositories/counterparties.ts';

/** The client an invoice names: a counterparty of kind `client` of this tenant, else a 422 naming `field`. */
export async function findClientOrFailAs(tx: Transaction, clientId: string, field: string): Promise<CounterpartyRow> {
  const client = await findCounterparty(tx, clientId);
  if (!client || client.kind !== 'client') throw invalidInput(field, `${field}: no client ${clientId} in this tenant.`);
  return client;
}

import type { BankConnection } from '@ai-service/bank-sync';
import type { Transaction } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import { upsertConnectionAccounts, type BankConnectionRow } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';

/** Stores the accounts the provider lists for a connection (new ones unlinked; known ones refreshed). */
export async function storeProviderAccounts(tx: Transaction, ctx: SyncContext, connection: BankConnectionRow, listed: Awaited<ReturnType<BankConnection['listAccounts']>>): Promise<void> {
  await upsertConnectionAccounts(
    tx,
    listed.map((account) => ({
      id: randomUUID(),
      tenantId: ctx.tenantId,
      connectionId: connection.id,
      providerAccountId: account.id,
      name: account.name,
      currency: account.currency,
      iban: account.iban,
      balances: account.balances,
    })),
  );
}

import { appendEvents, type NewEvent } from '@ai-service/outbox';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { inTransaction, withTenantTx, type FinancialContext } from '../../context.ts';
import { outbox } from '../../db/schema/core.ts';
import type { TransactionSource } from '../../db/schema/ledger.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { findAccount } from '../../repositories/accounts.ts';
import {
  INSERT_CHUNK,
  insertIngestedRows,
  loadIngestedSummaries,
  lockAccountIngest,
  markPendingBooked,
  type IngestInsert,
} from '../../repositories/ingest.ts';
import { applyRulesToTransactions } from '../rules/applyRulesToTransactions.ts';
import { classifyRows } from './classifyRows.ts';
import { contentHashes } from './contentHash.ts';
import { checkIngestRows, describeProblem, type IngestRow } from './rows.ts';

export type IngestInput = {
  accountId: string;
  source: Exclude<TransactionSource, 'manual'>;
  importId?: string;
  rows: readonly IngestRow[];
  /**
   * Told how many rows are handled so far, between the chunks of the insert. It runs while the
   * ingest's transaction is open, so it must write (if at all) in its own short transaction.
   */
  onProgress?: (processedRows: number) => Promise<void>;
};

export type IngestResult = {
  received: number;
  /** New transactions. */
  createdIds: string[];
  /** Stored pending transactions that a booked row replaced (updated in place, same id). */
  bookedIds: string[];
  /** Rows already stored (same external id, same content, or a pending row whose booked version is there). */
  duplicates: number;
};

/**
 * Stores a batch of transactions from a statement file or a bank provider into one account, all or
 * nothing, in one database transaction: rows already stored are skipped (see classifyRows), booked
 * rows replace their pending version, the rest are inserted in bulk. Every created or booked
 * transaction gets a TransactionSynced event in the outbox; the batch one audit row.
 *
 * Events: one per transaction, also for 100,000 rows, written with multi-row INSERTs. Consumers
 * (categorization) act per transaction, and a batch event would make each of them re-read the
 * import; the cost is outbox rows, published by the relay in batches.
 */
export async function ingestTransactions({ ctx, input }: { ctx: FinancialContext; input: IngestInput }): Promise<IngestResult> {
  return withTenantTx(ctx, async (tx) => {
    await lockAccountIngest(tx, input.accountId);
    const account = await findAccount(tx, input.accountId);
    if (!account) throw notFound('account', input.accountId);
    const { rows, problems } = checkIngestRows(input.rows, account.currency);
    const [problem] = problems;
    if (problem) throw new FinancialError('invalid_input', describeProblem(problem), { field: `rows.${problem.index}.${problem.field}`, details: { line: problem.line } });

    const hashes = contentHashes(account.id, rows);
    const decisions = await classifyRows(tx, account.id, rows, hashes);

    const bookings = decisions.flatMap((decision, index) => {
      if (decision.kind !== 'book') return [];
      const row = rows[index]!;
      return [{ id: decision.pendingId, bookingDate: row.bookingDate, valueDate: row.valueDate, amount: row.amount, externalId: row.externalId, contentHash: decision.keepStoredHash ? null : hashes[index]! }];
    });
    await markPendingBooked(tx, bookings);

    const inserts = decisions.flatMap((decision, index): IngestInsert[] => {
      if (decision.kind !== 'insert') return [];
      const row = rows[index]!;
      return [
        {
          id: randomUUID(),
          tenantId: ctx.tenantId,
          accountId: account.id,
          bookingDate: row.bookingDate,
          valueDate: row.valueDate,
          amount: row.amount,
          currency: account.currency,
          counterpartyName: row.counterparty,
          description: row.description,
          notes: row.notes,
          status: row.status,
          externalId: row.externalId,
          contentHash: hashes[index]!,
          source: input.source,
          importId: input.importId ?? null,
          createdBy: ctx.actorId,
        },
      ];
    });
    let processed = rows.length - inserts.length;
    const createdIds: string[] = [];
    for (let start = 0; start < inserts.length; start += INSERT_CHUNK) {
      const chunk = inserts.slice(start, start + INSERT_CHUNK);
      createdIds.push(...(await insertIngestedRows(tx, chunk)));
      processed += chunk.length;
      await input.onProgress?.(processed);
    }
    const bookedIds = bookings.map((booking) => booking.id);

    const created = new Set(createdIds);
    const events: NewEvent<'TransactionSynced'>[] = [
      ...inserts.filter((row) => created.has(row.id)),
      ...(await loadIngestedSummaries(tx, bookedIds)).map((row) => ({ ...row, currency: account.currency })),
    ].map((row) => ({
      type: 'TransactionSynced',
      tenantId: ctx.tenantId,
      aggregateId: row.id,
      occurredAt: ctx.clock(),
      payload: {
        transactionId: row.id,
        accountId: account.id,
        // Rows without the bank's id are known by their content hash, just as stable.
        externalId: row.externalId ?? row.contentHash ?? row.id,
        bookingDate: row.bookingDate,
        amount: { amount: row.amount, currency: row.currency },
        description: row.description,
        counterparty: row.counterpartyName,
        status: row.status,
        source: input.source,
      },
    }));
    await appendEvents(tx, outbox, events);
    // The tenant's rules (trigger `ingest`) change the new and newly booked transactions in this same transaction.
    await applyRulesToTransactions({ ctx: inTransaction(ctx, tx), input: { transactionIds: [...createdIds, ...bookedIds], trigger: 'ingest' } });

    const result = { received: rows.length, createdIds, bookedIds, duplicates: rows.length - createdIds.length - bookedIds.length };
    await audit(tx, ctx, {
      type: 'TransactionsIngested',
      aggregateType: 'account',
      aggregateId: account.id,
      payload: { source: input.source, importId: input.importId ?? null, received: result.received, created: createdIds.length, booked: bookedIds, duplicates: result.duplicates },
    });
    return result;
  });
}

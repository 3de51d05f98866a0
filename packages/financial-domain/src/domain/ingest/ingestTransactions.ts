import { appendEvents, appendEventsFrom } from '@ai-service/outbox';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { outbox } from '../../db/schema/core.ts';
import type { TransactionSource } from '../../db/schema/ledger.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { findAccount } from '../../repositories/accounts.ts';
import { loadIngestedSummaries, lockAccountIngest, markPendingBooked, type IngestInsert } from '../../repositories/ingest.ts';
import { createIngestStaging, dropIngestStaging, stagedRuleCategorizations } from '../../repositories/ingestStaging.ts';
import { matchIncomingPayments } from '../payments/matchIncomingPayments.ts';
import { applyRuleSetToStored } from '../rules/applyRulesToTransactions.ts';
import { loadStoredRuleSet } from '../rules/ruleSet.ts';
import { classifyRows } from './classifyRows.ts';
import { contentHashes } from './contentHash.ts';
import { statementImportedEvent, transactionSyncedEvents } from './ingestEvents.ts';
import { ingestRuleCategorizations, recordIngestRules } from './ingestRules.ts';
import { checkIngestRows, describeProblem, type CheckedRow, type IngestRow } from './rows.ts';
import { timeOrderedIds } from './timeOrderedIds.ts';
import { writeNewRows } from './writeNewRows.ts';

/** The parts of an ingest, as IngestInput.onPhase reports them. */
export type IngestPhase = 'check' | 'dedup' | 'rules' | 'insert' | 'outbox' | 'payments' | 'audit';

export type IngestInput = {
  accountId: string;
  rows: readonly IngestRow[];
  /**
   * Told how many rows are handled so far, between the chunks of the insert. It runs while the
   * ingest's transaction is open, so it must write (if at all) in its own short transaction.
   */
  onProgress?: (processedRows: number) => Promise<void>;
  /** Told the milliseconds each phase took, as it ends (a phase may be told more than once; its time is the sum). */
  onPhase?: (phase: IngestPhase, ms: number) => void;
} & ({ source: 'import'; importId: string } | { source: Exclude<TransactionSource, 'manual' | 'import' | 'trading'>; importId?: undefined });

export type IngestResult = {
  received: number;
  /** New transactions. */
  createdIds: string[];
  /** Stored pending transactions that a booked row replaced (updated in place, same id). */
  bookedIds: string[];
  /** Rows already stored (same external id, same content, or a pending row whose booked version is there). */
  duplicates: number;
  /** Invoices the new and newly booked incoming transactions paid in full (see matchIncomingPayments). */
  invoicesPaid: string[];
};

/**
 * Stores a batch of transactions from a statement file or a bank provider into one account, all or
 * nothing, in one database transaction: rows already stored are skipped (see classifyRows), booked
 * rows replace their pending version, the rest are inserted in bulk (COPY into a staging table,
 * then INSERT … SELECT: see ingestStaging.ts). The tenant's rules (trigger `ingest`) run over the
 * new and the newly booked transactions in the same transaction: over the new ones in memory before
 * their insert (see planIngestRules), so each row is written once, chunk by chunk while the
 * previous chunk is inserted (see writeNewRows).
 *
 * Events: from a provider, every created or booked transaction gets a TransactionSynced; a statement
 * import gets one StatementImported for the batch; every category a rule gave a new transaction a
 * TransactionCategorized, built by the database from the staged rows (appendEventsFrom). Audit:
 * one row for the batch (`TransactionsIngested`, with the rule run's id and counts); the rules'
 * per-transaction record is their evaluations (rule_evaluations, by run id) and events. Newly booked transactions the
 * rules change are audited one by one, like any change of a stored transaction.
 */
export async function ingestTransactions({ ctx, input }: { ctx: FinancialContext; input: IngestInput }): Promise<IngestResult> {
  let mark = performance.now();
  const lap = (phase: IngestPhase) => {
    const now = performance.now();
    input.onPhase?.(phase, now - mark);
    mark = now;
  };
  return withTenantTx(ctx, async (tx) => {
    await lockAccountIngest(tx, input.accountId);
    const account = await findAccount(tx, input.accountId);
    if (!account) throw notFound('account', input.accountId);
    const { rows, problems } = checkIngestRows(input.rows, account.currency);
    const [problem] = problems;
    if (problem) throw new FinancialError('invalid_input', describeProblem(problem), { field: `rows.${problem.index}.${problem.field}`, details: { line: problem.line } });
    const hashes = contentHashes(account.id, rows);
    lap('check');

    const decisions = await classifyRows(tx, account.id, rows, hashes);
    const bookings = decisions.flatMap((decision, index) => {
      if (decision.kind !== 'book') return [];
      const row = rows[index]!;
      return [{ id: decision.pendingId, bookingDate: row.bookingDate, valueDate: row.valueDate, amount: row.amount, externalId: row.externalId, contentHash: decision.keepStoredHash ? null : hashes[index]! }];
    });
    await markPendingBooked(tx, bookings);
    const bookedIds = bookings.map((booking) => booking.id);
    lap('dedup');

    const run = { runId: randomUUID(), trigger: 'ingest' as const };
    const claimed = new Set<string>();
    const ruleSet = await loadStoredRuleSet(tx, 'ingest');
    const newRows = decisions.flatMap((decision, index) => (decision.kind === 'insert' ? [rows[index]!] : []));
    const newHashes = decisions.flatMap((decision, index) => (decision.kind === 'insert' ? [hashes[index]!] : []));
    await createIngestStaging(tx);
    const ruled = await writeNewRows(tx, ctx, ruleSet, newTransactionRows(ctx, account, input, newRows, newHashes), {
      claimed,
      onProgress: input.onProgress && ((written) => input.onProgress!(rows.length - newRows.length + written)),
    });
    // Planning and inserting overlap (see writeNewRows): the planning is told as `rules`, the rest as `insert`.
    input.onPhase?.('rules', ruled.planMs);
    mark += ruled.planMs;
    lap('insert');

    const inserts = ruled.rows;
    const createdIds = inserts.map((row) => row.id);
    const categorizations = ingestRuleCategorizations(ruled.changed);
    const duplicates = rows.length - createdIds.length - bookedIds.length;
    const arrivals =
      input.source === 'import'
        ? [statementImportedEvent(ctx, { importId: input.importId, accountId: account.id, created: createdIds.length, booked: bookedIds.length, duplicates, categorizedByRules: categorizations.length })]
        : transactionSyncedEvents(ctx, account.id, input.source, [
            // The bank's view of each transaction (the counterparty as the row came, whatever the rules changed since).
            ...inserts.map((row, index) => ({
              id: row.id,
              externalId: row.externalId,
              contentHash: row.contentHash,
              bookingDate: row.bookingDate,
              amount: row.amount,
              currency: row.currency,
              description: row.description,
              counterpartyName: newRows[index]!.counterparty,
              status: row.status,
            })),
            ...(await loadIngestedSummaries(tx, bookedIds)).map((row) => ({ ...row, currency: account.currency })),
          ]);
    await recordIngestRules(tx, ctx, ruled.changed, run);
    lap('rules');
    await appendEvents(tx, outbox, arrivals);
    // Every category the rules gave a new row, built from the staged rows (see stagedRuleCategorizations).
    await appendEventsFrom(tx, outbox, { type: 'TransactionCategorized', tenantId: ctx.tenantId, occurredAt: ctx.clock() }, stagedRuleCategorizations);
    await dropIngestStaging(tx);
    lap('outbox');

    // The newly booked transactions are stored ones: planned and written like any rule run over stored rows (same run).
    const booked = await applyRuleSetToStored(tx, ctx, ruleSet, bookedIds, { run, claimed });
    lap('rules');

    // Booked money in may pay open invoices: the new rows as the rules left them, the newly booked ones as stored.
    const matched = await matchIncomingPayments(tx, ctx, account.currency, inserts.filter((row) => row.status === 'booked'), bookedIds);
    lap('payments');

    const result = { received: rows.length, createdIds, bookedIds, duplicates, invoicesPaid: matched.invoicesPaid };
    await audit(tx, ctx, {
      type: 'TransactionsIngested',
      aggregateType: 'account',
      aggregateId: account.id,
      payload: {
        source: input.source,
        importId: input.importId ?? null,
        received: result.received,
        created: createdIds.length,
        booked: bookedIds,
        duplicates: result.duplicates,
        payments: { recorded: matched.paid, invoicesPaid: matched.invoicesPaid, suggested: matched.suggested },
        rules: { runId: run.runId, changed: ruled.changed.length + booked.changed, categorized: categorizations.length },
      },
    });
    lap('audit');
    return result;
  });
}

/** The rows to insert, as they come (the rules have not run yet). */
function newTransactionRows(ctx: FinancialContext, account: { id: string; currency: string }, input: IngestInput, rows: readonly CheckedRow[], hashes: readonly string[]): IngestInsert[] {
  const ids = timeOrderedIds(rows.length);
  return rows.map((row, index) => ({
    id: ids[index]!,
    tenantId: ctx.tenantId,
    accountId: account.id,
    bookingDate: row.bookingDate,
    valueDate: row.valueDate,
    amount: row.amount,
    currency: account.currency,
    counterpartyId: null,
    counterpartyName: row.counterparty,
    description: row.description,
    notes: row.notes,
    categoryId: null,
    categoryProvenance: null,
    categoryRuleId: null,
    status: row.status,
    externalId: row.externalId,
    contentHash: hashes[index]!,
    source: input.source,
    importId: input.importId ?? null,
    createdBy: ctx.actorId,
  }));
}

import { appendEvent } from '@ai-service/outbox';
import type { StatementFormat } from '@ai-service/statement-import';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { outbox } from '../../db/schema/core.ts';
import { FinancialError } from '../../errors.ts';
import { findAccount } from '../../repositories/accounts.ts';
import { insertImport } from '../../repositories/imports.ts';
import { checkIngestRows, describeProblem } from '../ingest/rows.ts';
import { resolveImportMapping } from './mapping.ts';
import { readStatement } from './readStatement.ts';
import { toImportView, type ImportView } from './view.ts';

export type CreateImportInput = {
  accountId: string;
  file: Buffer;
  fileName?: string | null;
  /** Detected from the content (and the file name) when absent. */
  format?: StatementFormat;
  /** A built-in preset's slug or a saved preset's id. */
  presetId?: string;
  /** A CSV mapping (see @ai-service/statement-import), laid over the preset's. */
  mapping?: unknown;
};

/**
 * Accepts a statement file for import: it is parsed and checked against the account now, so a
 * file that cannot be imported is refused at once naming its first bad line, and nothing is
 * stored. An accepted file is stored with its import (queued) and, in the same transaction, a
 * `StatementImportRequested` for worker-financial, so a queued import always has its delivery.
 */
export async function createImport({ ctx, input }: { ctx: FinancialContext; input: CreateImportInput }): Promise<ImportView> {
  const { account, mapping } = await withTenantTx(ctx, async (tx) => ({
    account: await findAccount(tx, input.accountId),
    mapping: await resolveImportMapping(tx, input.presetId, input.mapping),
  }));
  if (!account) throw new FinancialError('invalid_input', `No account ${input.accountId} in this tenant.`, { field: 'accountId' });

  const statement = readStatement(input.file, { format: input.format, mapping, fileName: input.fileName });
  const [problem] = checkIngestRows(statement.rows, account.currency).problems;
  if (problem) throw new FinancialError('invalid_input', describeProblem(problem), { field: 'file', details: { line: problem.line } });

  const importId = randomUUID();
  return withTenantTx(ctx, async (tx) => {
    const row = await insertImport(tx, {
      id: importId,
      tenantId: ctx.tenantId,
      accountId: account.id,
      format: statement.format,
      fileName: input.fileName ?? null,
      file: input.file,
      mapping: mapping ?? null,
      presetId: input.presetId ?? null,
      detected: { ...statement.detected, ...(statement.account ? { account: statement.account } : {}) },
      totalRows: statement.rows.length,
      createdBy: ctx.actorId,
    });
    await audit(tx, ctx, {
      type: 'ImportQueued',
      aggregateType: 'import',
      aggregateId: row.id,
      payload: { accountId: account.id, format: row.format, fileName: row.fileName, rows: row.totalRows, presetId: row.presetId },
    });
    // The event id is the import id: deterministic, and one delivery per import.
    await appendEvent(tx, outbox, { type: 'StatementImportRequested', tenantId: ctx.tenantId, aggregateId: importId, id: importId, payload: { importId, accountId: account.id } });
    return toImportView(row);
  });
}

import { withTenantTx, type FinancialContext } from '../../context.ts';
import { decodeCursor, encodeCursor, UUID_PATTERN, type Page } from '../../pagination.ts';
import { listImportSummaries } from '../../repositories/imports.ts';
import { toImportView, type ImportView } from './view.ts';

export type ListImportsInput = { limit?: number | undefined; cursor?: string | undefined };

const DEFAULT_LIMIT = 50;

const isImportCursor = (parts: unknown[]): parts is [string, string] =>
  parts.length === 2 && typeof parts[0] === 'string' && !Number.isNaN(Date.parse(parts[0])) && typeof parts[1] === 'string' && UUID_PATTERN.test(parts[1]);

/** The tenant's imports, newest first, a page at a time. */
export async function listImports({ ctx, input }: { ctx: FinancialContext; input: ListImportsInput }): Promise<Page<ImportView>> {
  const limit = input.limit ?? DEFAULT_LIMIT;
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, isImportCursor);
  const rows = await withTenantTx(ctx, (tx) => listImportSummaries(tx, { limit: limit + 1, ...(after ? { after: { createdAt: new Date(after[0]), id: after[1] } } : {}) }));
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(toImportView), nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
}

import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import { decodeCursor, encodeCursor, UUID_PATTERN, type Page } from '../../pagination.ts';
import { listInvoicePage, type InvoiceCursor, type InvoiceFilter } from '../../repositories/invoices.ts';
import { invoiceViews, type InvoiceView } from './view.ts';

export type ListInvoicesInput = InvoiceFilter & { limit?: number | undefined; cursor?: string | undefined };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isCursor = (parts: unknown[]): parts is unknown[] & InvoiceCursor =>
  parts.length === 2 && typeof parts[0] === 'string' && DATE.test(parts[0]) && typeof parts[1] === 'string' && UUID_PATTERN.test(parts[1]);

/** Invoices and credit notes matching every given filter, newest issue date first, by keyset pages over (issue date, id). */
export async function listInvoices({ ctx, input }: { ctx: FinancialContext; input: ListInvoicesInput }): Promise<Page<InvoiceView>> {
  const { limit = 50, cursor, ...filter } = input;
  if (filter.from && filter.to && filter.from > filter.to) throw invalidInput('to', 'to must not be before from.');
  const after = cursor === undefined ? undefined : decodeCursor(cursor, isCursor);
  return withTenantTx(ctx, async (tx) => {
    const page = await listInvoicePage(tx, filter, limit, after);
    const last = page.rows.at(-1);
    return { items: await invoiceViews(tx, page.rows), nextCursor: page.more && last ? encodeCursor([last.issueDate, last.id]) : null };
  });
}

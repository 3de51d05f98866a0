import { withTenantTx, type FinancialContext } from '../../context.ts';
import { decodeCursor, encodeCursor, UUID_PATTERN, type Page } from '../../pagination.ts';
import { listOpenSuggestions } from '../../repositories/payments.ts';
import { toSuggestionView, type PaymentSuggestionView } from './view.ts';

export type ListPaymentSuggestionsInput = { invoiceId?: string | undefined; limit?: number | undefined; cursor?: string | undefined };

type SuggestionCursor = readonly [createdAt: string, id: string];

const isCursor = (parts: unknown[]): parts is unknown[] & SuggestionCursor =>
  parts.length === 2 && typeof parts[0] === 'string' && !Number.isNaN(Date.parse(parts[0])) && typeof parts[1] === 'string' && UUID_PATTERN.test(parts[1]);

/** Open suggestions that can still be accepted (invoice still issued, transaction live), oldest first, by keyset pages. */
export async function listPaymentSuggestions({ ctx, input }: { ctx: FinancialContext; input: ListPaymentSuggestionsInput }): Promise<Page<PaymentSuggestionView>> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, isCursor);
  const page = await withTenantTx(ctx, (tx) => listOpenSuggestions(tx, { invoiceId: input.invoiceId, limit: input.limit ?? 50, after }));
  const last = page.rows.at(-1);
  return { items: page.rows.map(toSuggestionView), nextCursor: page.more && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
}

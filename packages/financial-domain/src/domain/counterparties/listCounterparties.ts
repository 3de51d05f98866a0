import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { CounterpartyKind } from '../../db/schema/ledger.ts';
import { decodeCursor, encodeCursor, UUID_PATTERN, type Page } from '../../pagination.ts';
import { listCounterpartyPage, type CounterpartyCursor } from '../../repositories/counterparties.ts';
import { toCounterpartyView, type CounterpartyView } from './view.ts';

export type ListCounterpartiesInput = { q?: string | undefined; kind?: CounterpartyKind | undefined; limit?: number | undefined; cursor?: string | undefined };

const isCursor = (parts: unknown[]): parts is unknown[] & CounterpartyCursor =>
  parts.length === 2 && typeof parts[0] === 'string' && typeof parts[1] === 'string' && UUID_PATTERN.test(parts[1]);

/** Counterparties by name (regardless of case), optionally searched, by keyset pages. */
export async function listCounterparties({ ctx, input }: { ctx: FinancialContext; input: ListCounterpartiesInput }): Promise<Page<CounterpartyView>> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, isCursor);
  const limit = input.limit ?? 50;
  const page = await withTenantTx(ctx, (tx) => listCounterpartyPage(tx, { q: input.q, kind: input.kind }, limit, after));
  return { items: page.rows.map(toCounterpartyView), nextCursor: page.more && page.last ? encodeCursor(page.last) : null };
}

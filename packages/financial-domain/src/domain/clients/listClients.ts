import { withTenantTx, type FinancialContext } from '../../context.ts';
import { decodeCursor, encodeCursor, UUID_PATTERN, type Page } from '../../pagination.ts';
import { listCounterpartyPage, type CounterpartyCursor } from '../../repositories/counterparties.ts';
import { toClientView, type ClientView } from './view.ts';

export type ListClientsInput = { q?: string | undefined; limit?: number | undefined; cursor?: string | undefined };

const isCursor = (parts: unknown[]): parts is unknown[] & CounterpartyCursor =>
  parts.length === 2 && typeof parts[0] === 'string' && typeof parts[1] === 'string' && UUID_PATTERN.test(parts[1]);

/** Clients by name (regardless of case), optionally searched by name, email or tax id, by keyset pages. */
export async function listClients({ ctx, input }: { ctx: FinancialContext; input: ListClientsInput }): Promise<Page<ClientView>> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, isCursor);
  const page = await withTenantTx(ctx, (tx) => listCounterpartyPage(tx, { q: input.q, kind: 'client' }, input.limit ?? 50, after));
  return { items: page.rows.map(toClientView), nextCursor: page.more && page.last ? encodeCursor(page.last) : null };
}

import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError } from '../../errors.ts';
import { addTags, findLiveTransactions, removeTags, updateTransactionRows, type NewTransactionRow } from '../../repositories/transactions.ts';
import { recordCategorizations } from './recordCategorization.ts';
import { requireCategories, requireCounterparty, requireTags } from './references.ts';

export type BulkPatch = {
  categoryId?: string | null | undefined;
  addTagIds?: string[] | undefined;
  removeTagIds?: string[] | undefined;
  notes?: string | null | undefined;
  counterpartyId?: string | null | undefined;
};

/**
 * Applies one patch to many transactions in one database transaction: all change or none does.
 * Every id must be a live transaction of the tenant (else not_found and nothing changes). A
 * category set here is the user's choice (provenance `user`).
 */
export async function bulkEditTransactions({ ctx, input }: { ctx: FinancialContext; input: { ids: string[]; patch: BulkPatch } }): Promise<{ updated: number }> {
  const { ids, patch } = input;
  return withTenantTx(ctx, async (tx) => {
    const rows = await findLiveTransactions(tx, ids, { forUpdate: true });
    if (rows.length !== new Set(ids).size) {
      const found = new Set(rows.map((row) => row.id));
      const missing = ids.filter((id) => !found.has(id));
      throw new FinancialError('not_found', `${missing.length} of the ids are not transactions of this tenant (first: ${missing[0]}); nothing was changed.`);
    }
    await requireCategories(tx, [{ field: 'patch.categoryId', id: patch.categoryId }]);
    if (patch.counterpartyId) await requireCounterparty(tx, 'patch.counterpartyId', patch.counterpartyId);
    await requireTags(tx, 'patch.addTagIds', patch.addTagIds);

    const update: Partial<NewTransactionRow> = {
      ...(patch.categoryId !== undefined ? { categoryId: patch.categoryId, categoryProvenance: 'user' as const, categoryRuleId: null } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      ...(patch.counterpartyId !== undefined ? { counterpartyId: patch.counterpartyId } : {}),
    };
    const rowIds = rows.map((row) => row.id);
    if (Object.keys(update).length > 0) await updateTransactionRows(tx, rowIds, update);
    await addTags(tx, ctx.tenantId, rowIds, patch.addTagIds ?? []);
    await removeTags(tx, rowIds, patch.removeTagIds ?? []);

    await audit(
      tx,
      ctx,
      rows.map((row) => ({ type: 'TransactionUpdated', aggregateType: 'transaction', aggregateId: row.id, payload: { bulk: true, patch } })),
    );
    if (patch.categoryId !== undefined) {
      const categoryId = patch.categoryId;
      const changed = rows.filter((row) => row.categoryId !== categoryId || row.categoryProvenance !== 'user');
      await recordCategorizations(
        tx,
        ctx,
        changed.map((row) => ({ transactionId: row.id, categoryId, previousCategoryId: row.categoryId, provenance: 'user' as const, ruleId: null })),
      );
    }
    return { updated: rows.length };
  });
}

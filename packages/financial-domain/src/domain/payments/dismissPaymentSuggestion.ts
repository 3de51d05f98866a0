import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { findSuggestion, resolveSuggestion } from '../../repositories/payments.ts';

/** Dismisses an open suggestion; matching never suggests the same pair again. */
export async function dismissPaymentSuggestion({ ctx, input }: { ctx: FinancialContext; input: { suggestionId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const suggestion = await findSuggestion(tx, input.suggestionId, { forUpdate: true });
    if (!suggestion) throw notFound('payment suggestion', input.suggestionId);
    if (suggestion.status !== 'open') throw new FinancialError('conflict', `The suggestion is already ${suggestion.status}.`);
    await resolveSuggestion(tx, suggestion.id, 'dismissed', ctx.clock(), ctx.actorId);
    await audit(tx, ctx, { type: 'PaymentSuggestionDismissed', aggregateType: 'invoice', aggregateId: suggestion.invoiceId, payload: { suggestionId: suggestion.id, transactionId: suggestion.transactionId } });
  });
}

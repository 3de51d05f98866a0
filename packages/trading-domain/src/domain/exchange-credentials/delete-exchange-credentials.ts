import { withTenant } from '@ai-service/db';
import { TradingDomainError } from '../../errors.ts';
import { deleteExchangeCredentialRow } from '../../repositories/exchange-credentials.ts';
import { audit } from '../audit.ts';
import { checkVenue } from './check-venue.ts';
import type { CredentialsContext } from './types.ts';

/** Forgets the tenant's credentials of one venue (same permissions as storing them); none stored is not_found. */
export async function deleteExchangeCredentials({ ctx, input }: { ctx: CredentialsContext; input: { exchange: string; sandbox: boolean } }): Promise<void> {
  checkVenue(ctx, input);
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    if (!(await deleteExchangeCredentialRow(tx, input))) {
      throw new TradingDomainError('not_found', `No ${input.sandbox ? 'sandbox' : 'live'} credentials of ${input.exchange} are stored.`);
    }
    await audit(tx, ctx, {
      type: 'ExchangeCredentialsDeleted',
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      aggregate: { type: 'exchange_credentials', id: `${input.exchange}:${input.sandbox ? 'sandbox' : 'live'}` },
      payload: { exchange: input.exchange, sandbox: input.sandbox },
    });
  });
}

import { withTenant } from '@ai-service/db';
import { upsertExchangeCredentials } from '../../repositories/exchange-credentials.ts';
import { audit } from '../audit.ts';
import { checkVenue } from './check-venue.ts';
import { credentialBinding, requireSecretsKey, sealSecret } from './secrets.ts';
import type { CredentialsContext, ExchangeCredentialsView, SetExchangeCredentialsInput } from './types.ts';
import { credentialsView } from './views.ts';

/**
 * Stores (or replaces) the tenant's API credentials of one exchange venue, each value sealed with
 * TRADING_SECRETS_KEY; the audit row names the venue and the key's last four characters only.
 */
export async function setExchangeCredentials({ ctx, input }: { ctx: CredentialsContext; input: SetExchangeCredentialsInput }): Promise<ExchangeCredentialsView> {
  checkVenue(ctx, input);
  const key = requireSecretsKey(ctx.secretsKey);
  const seal = (field: string, value: string) => sealSecret(key, credentialBinding(ctx.tenantId, input.exchange, input.sandbox, field), value);
  const apiKeyHint = input.apiKey.slice(-4);
  const row = await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const stored = await upsertExchangeCredentials(tx, {
      tenantId: ctx.tenantId,
      exchange: input.exchange,
      sandbox: input.sandbox,
      apiKey: seal('apiKey', input.apiKey),
      secret: seal('secret', input.secret),
      password: input.password ? seal('password', input.password) : null,
      apiKeyHint,
      updatedBy: ctx.actorId,
      updatedAt: ctx.clock(),
    });
    await audit(tx, ctx, {
      type: 'ExchangeCredentialsSet',
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      aggregate: { type: 'exchange_credentials', id: `${input.exchange}:${input.sandbox ? 'sandbox' : 'live'}` },
      payload: { exchange: input.exchange, sandbox: input.sandbox, apiKeyHint },
    });
    return stored;
  });
  return credentialsView(row);
}

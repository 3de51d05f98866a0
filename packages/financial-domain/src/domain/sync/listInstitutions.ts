import { withTenantTx } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import type { SyncContext } from './context.ts';
import { callProvider } from './provider-errors.ts';
import { goCardlessAccess, GOCARDLESS_SANDBOX_INSTITUTION } from './providers.ts';

export type InstitutionView = { id: string; name: string; bic: string | null; logo: string | null; transactionTotalDays: number | null };

/** The banks GoCardless offers in a country; in the sandbox environment only its test bank. */
export async function listInstitutions({ ctx, input }: { ctx: SyncContext; input: { country: string } }): Promise<InstitutionView[]> {
  const country = input.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw invalidInput('country', 'A country is its two-letter ISO 3166 code, e.g. ES.');
  const { client, environment } = await withTenantTx(ctx, (tx) => goCardlessAccess(ctx, tx));
  if (environment === 'sandbox') {
    return [{ id: GOCARDLESS_SANDBOX_INSTITUTION, name: 'Sandbox Finance (GoCardless test bank)', bic: 'SFIN0000', logo: null, transactionTotalDays: 90 }];
  }
  const institutions = await callProvider(() => client.institutions(country));
  return institutions.map((institution) => ({
    id: institution.id,
    name: institution.name,
    bic: institution.bic ?? null,
    logo: institution.logo ?? null,
    transactionTotalDays: institution.transaction_total_days ?? null,
  }));
}

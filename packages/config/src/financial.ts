import { z } from 'zod';

/** financial-svc and worker-financial: bank sync (GoCardless, SimpleFIN). */
export const financialSyncEnv = {
  // Encrypts provider credentials at rest (integration_settings, bank connections). Optional so the
  // rest of the financial service runs without it; bank sync then answers that it is not configured
  // (`npm start` always generates one).
  FINANCIAL_SECRETS_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 random bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  FINANCIAL_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(15).default(360),
  GOCARDLESS_API_URL: z.url({ protocol: /^https?$/ }).default('https://bankaccountdata.gocardless.com/api/v2/'),
};

import { z } from 'zod';

/** Variables of auth-svc, the gateway, and every service that verifies access tokens. */

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const httpUrl = (fallback: string) => z.url({ protocol: /^https?$/ }).default(fallback);

/** Where every service fetches the public keys that verify access tokens. */
export const accessEnv = {
  AUTH_JWKS_URL: httpUrl('http://127.0.0.1:3005/v1/auth/.well-known/jwks.json'),
};

/**
 * The secret platform services present to auth-svc for service tokens (a worker calling another
 * service for a tenant). Unset: auth-svc refuses service tokens and callers go without.
 */
export const serviceSecretEnv = {
  INTERNAL_SERVICE_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)').optional(),
};

/** What a service that asks auth-svc for service tokens reads. */
export const serviceClientEnv = {
  ...serviceSecretEnv,
  AUTH_SVC_URL: httpUrl('http://127.0.0.1:3005'),
};

export const authEnv = {
  ...serviceSecretEnv,
  AUTH_KEY_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 random bytes, base64-encoded (openssl rand -base64 32)'),
  AUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
  AUTH_REFRESH_TOKEN_TTL_DAYS: positiveInt(30),
  AUTH_LOCKOUT_MAX_ATTEMPTS: positiveInt(5),
  AUTH_LOCKOUT_MINUTES: positiveInt(15),
};

export const gatewayEnv = {
  AUTH_SVC_URL: httpUrl('http://127.0.0.1:3005'),
  FINANCIAL_SVC_URL: httpUrl('http://127.0.0.1:3001'),
  TRADING_SVC_URL: httpUrl('http://127.0.0.1:3002'),
  COMM_SVC_URL: httpUrl('http://127.0.0.1:3003'),
  AI_CORE_URL: httpUrl('http://127.0.0.1:3004'),
  WORKER_FINANCIAL_URL: httpUrl('http://127.0.0.1:3101'),
  WORKER_TRADING_URL: httpUrl('http://127.0.0.1:3102'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.url({ error: 'must be a comma-separated list of origins such as https://app.example.org' }))),
  RATE_LIMIT_MAX: positiveInt(1000),
  RATE_LIMIT_IP_MAX: positiveInt(1000),
  RATE_LIMIT_WINDOW_MS: positiveInt(900_000),
  UPSTREAM_TIMEOUT_MS: positiveInt(10_000),
  WEB_DIST_DIR: z.string().min(1).default('apps/web/dist'),
};

import type { TenantContext } from '../../context.ts';
import type { SecretsKey } from './secrets.ts';

/** A request touching exchange credentials: the user's permissions (live venues need trading:live) and the key that seals them. */
export type CredentialsContext = TenantContext & { permissions: readonly string[]; secretsKey: SecretsKey | undefined };

export type SetExchangeCredentialsInput = { exchange: string; sandbox: boolean; apiKey: string; secret: string; password?: string | undefined };

/** What the API shows of stored credentials: never the key, secret or password themselves. */
export type ExchangeCredentialsView = { exchange: string; sandbox: boolean; apiKeyHint: string; hasPassword: boolean; updatedAt: Date };

import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LauncherLog } from './launcher-log.ts';

/**
 * Secrets `npm start` needs and the environment may leave unset: each is generated on the first
 * start and kept in `<DATA_DIR>`, next to the database whose data it protects, so both live and get
 * reset together. Setting the variable uses your own value instead.
 */
export const LOCAL_SECRETS = {
  /** Encrypts auth-svc's signing keys at rest. */
  AUTH_KEY_ENCRYPTION_KEY: 'auth-key-encryption.key',
  /** Authenticates platform services to auth-svc for service tokens (worker-financial → ai-core). */
  INTERNAL_SERVICE_SECRET: 'internal-service.secret',
  /** Encrypts bank credentials at rest (financial-svc, worker-financial). */
  FINANCIAL_SECRETS_KEY: 'financial-secrets.key',
  /** Encrypts exchange API credentials at rest (trading-svc, worker-trading). */
  TRADING_SECRETS_KEY: 'trading-secrets.key',
} as const;

export type LocalSecretName = keyof typeof LOCAL_SECRETS;

export async function localSecret(name: LocalSecretName, configured: string | undefined, dataDir: string, log: LauncherLog): Promise<string> {
  if (configured !== undefined) return configured;
  const file = path.join(dataDir, LOCAL_SECRETS[name]);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // 32 random bytes, base64: the AES-256 key size, and ample entropy for a shared secret.
  const secret = randomBytes(32).toString('base64');
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  log.info(`generated ${name} for this data folder (set the variable to use your own)`, { file });
  return secret;
}

/** Every local secret, resolved: the configured value or the one kept in the data folder. */
export async function localSecrets(configured: Partial<Record<LocalSecretName, string | undefined>>, dataDir: string, log: LauncherLog): Promise<Record<LocalSecretName, string>> {
  const entries = await Promise.all(
    (Object.keys(LOCAL_SECRETS) as LocalSecretName[]).map(async (name) => [name, await localSecret(name, configured[name], dataDir, log)] as const),
  );
  return Object.fromEntries(entries) as Record<LocalSecretName, string>;
}

import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LauncherLog } from './launcher-log.ts';

/**
 * `AUTH_KEY_ENCRYPTION_KEY` (32 random bytes, base64) when the environment does not set one:
 * generated on the first `npm start` and kept in `<DATA_DIR>`, next to the database whose auth
 * keys it encrypts, so both live and get reset together.
 */
const KEY_FILE = 'auth-key-encryption.key';

export async function authKeyEncryptionKey(configured: string | undefined, dataDir: string, log: LauncherLog): Promise<string> {
  if (configured !== undefined) return configured;
  const file = path.join(dataDir, KEY_FILE);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32).toString('base64');
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  log.info('generated AUTH_KEY_ENCRYPTION_KEY for this data folder (set the variable to use your own)', { file });
  return key;
}

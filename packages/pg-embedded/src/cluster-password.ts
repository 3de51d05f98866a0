import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Authentication: the cluster is initialised with `scram-sha-256` for every connection and a
 * random password for the `postgres` superuser, generated on first start and kept (mode 0600)
 * inside the data directory so later starts can rebuild the same connection URL. The server
 * also listens on 127.0.0.1 only and has no Unix socket, so it is not reachable from elsewhere.
 */
const PASSWORD_FILE = 'ai-service.password';

export function newClusterPassword(): string {
  return randomBytes(24).toString('hex');
}

export async function saveClusterPassword(dataDir: string, password: string): Promise<void> {
  await writeFile(path.join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
}

export async function readClusterPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, PASSWORD_FILE);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(
      `The Postgres cluster in ${dataDir} has no ${PASSWORD_FILE}, so its password is unknown. ` +
        'It was not created by @ai-service/pg-embedded (or its initialisation was interrupted); remove the folder to start fresh.',
      { cause: error },
    );
  }
}

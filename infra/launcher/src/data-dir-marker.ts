import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The launcher marks the folder it keeps its data in; `npm run reset` deletes only marked
 * folders, so a mistyped DATA_DIR (`/tmp`, `..`) can never wipe something else.
 */
const MARKER_FILE = '.ai-service-data';

/** What the launcher and `npm test` (scripts/test.ts keeps its Postgres in test-postgres) put there. */
const KNOWN_ENTRIES = new Set([MARKER_FILE, 'postgres', 'test-postgres', 'launcher.pids.json', 'auth-key-encryption.key', 'compile-cache']);

export async function markDataDir(dataDir: string): Promise<void> {
  const marker = path.join(dataDir, MARKER_FILE);
  if (!existsSync(marker)) {
    await writeFile(marker, 'Data folder of the ai-service launcher (npm start). `npm run reset` deletes this whole folder.\n');
  }
}

/** Marked by the launcher, or holding nothing but what the launcher and the test runner create. */
export function isOurDataDir(dataDir: string): boolean {
  if (existsSync(path.join(dataDir, MARKER_FILE))) return true;
  const entries = readdirSync(dataDir);
  return entries.length > 0 && entries.every((entry) => KNOWN_ENTRIES.has(entry));
}

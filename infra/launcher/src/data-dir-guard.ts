import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { inspectPostmaster } from '@ai-service/pg-embedded';
import { isOurDataDir } from './data-dir-marker.ts';
import { isProcessAlive, readPidsFile } from './pids-file.ts';

/**
 * Why `<DATA_DIR>` must not be wiped now, or undefined when it may be. Only a folder the
 * launcher created (marked, or holding only its own files) qualifies, never one holding the
 * repository, home or /, and not while a Postgres or a launcher still runs from it.
 */
export async function reasonNotToWipe(dataDir: string, repoRoot: string): Promise<string | undefined> {
  const protectedFolders = [path.parse(dataDir).root, homedir(), repoRoot];
  if (protectedFolders.some((folder) => isSameOrInside(folder, dataDir))) {
    return `${dataDir} is (or contains) the repository, your home or the root folder; refusing to delete it`;
  }
  if (!isOurDataDir(dataDir)) {
    return `${dataDir} does not look like a launcher data folder (no .ai-service-data marker); delete it by hand if you are sure`;
  }
  for (const cluster of await subfolders(dataDir)) {
    const postmaster = await inspectPostmaster(cluster);
    if (postmaster.kind === 'running') {
      return `Postgres (pid ${postmaster.pid}) is running from ${cluster}; stop the launcher (or npm test) first`;
    }
  }
  const launcher = await readPidsFile(dataDir);
  if (launcher !== undefined && isProcessAlive(launcher.launcher)) {
    return `a launcher (pid ${launcher.launcher}) is running with ${dataDir}; stop it first`;
  }
  return undefined;
}

/** Each Postgres cluster lives in a sub-folder (`postgres`, `test-postgres`). */
async function subfolders(dataDir: string): Promise<string[]> {
  const entries = await readdir(dataDir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => path.join(dataDir, entry.name));
}

/** True when `candidate` is `folder` itself or one of its sub-folders. */
function isSameOrInside(candidate: string, folder: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

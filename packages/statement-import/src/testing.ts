import { readFileSync } from 'node:fs';

/** The statement files of packages/statement-import/fixtures, for tests of the services that import them. */
export function statementFixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
}

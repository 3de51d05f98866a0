import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// The outbox tests migrate a fixture schema from committed SQL; if tables.ts changed without it,
// they would test yesterday's tables. Same check as scripts/db-check.sh does for the services.
test('the test fixture migrations match the outbox and inbox tables', async () => {
  // drizzle-kit only takes an output folder relative to the working directory.
  const scratch = `.drift-check-${randomBytes(4).toString('hex')}`;
  try {
    await cp(join(packageDir, 'src/test-fixtures/migrations'), join(packageDir, scratch), { recursive: true });
    const { stdout } = await promisify(execFile)(
      join(packageDir, 'node_modules/.bin/drizzle-kit'),
      ['generate', '--dialect', 'postgresql', '--schema', './src/test-fixtures/schema.ts', '--out', `./${scratch}`],
      { cwd: packageDir },
    );
    assert.match(stdout, /No schema changes/, `regenerate: cd packages/outbox && pnpm exec drizzle-kit generate --dialect postgresql --schema ./src/test-fixtures/schema.ts --out ./src/test-fixtures/migrations\n${stdout}`);
  } finally {
    await rm(join(packageDir, scratch), { recursive: true, force: true });
  }
});

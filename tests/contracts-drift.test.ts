import { repoRoot } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const checkDrift = (root: string) =>
  spawnSync(process.execPath, [join(repoRoot, 'packages/contracts/generate.ts'), '--check', '--root', root], { encoding: 'utf8' });

test('a spec changed without regenerating fails the drift check (on a temporary copy)', () => {
  const copy = mkdtempSync(join(tmpdir(), 'contracts-drift-'));
  try {
    cpSync(join(repoRoot, 'openapi'), join(copy, 'openapi'), { recursive: true });
    cpSync(join(repoRoot, 'packages/contracts/src/generated'), join(copy, 'packages/contracts/src/generated'), { recursive: true });
    const clean = checkDrift(copy);
    assert.equal(clean.status, 0, clean.stderr);

    const spec = join(copy, 'openapi/auth.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('summary: Exchange email and password for tokens', 'summary: Sign in'));
    const drifted = checkDrift(copy);
    assert.equal(drifted.status, 1);
    assert.match(drifted.stderr, /contracts drift: .*auth/);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

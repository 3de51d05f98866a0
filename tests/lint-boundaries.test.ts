import { repoRoot } from '@ai-service/testing';
import { ESLint } from 'eslint';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

const eslint = new ESLint({ cwd: repoRoot });

async function ruleIdsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

test('an app importing another app fails lint, by package name or by path', async () => {
  assert.ok((await ruleIdsFor('apps/financial-svc/src/probe.ts', `import '@ai-service/trading-svc';\n`)).includes('no-restricted-imports'));
  assert.ok((await ruleIdsFor('apps/financial-svc/src/probe.ts', `import '../../trading-svc/src/main.ts';\n`)).includes('no-restricted-imports'));
  assert.ok((await ruleIdsFor('packages/http/src/probe.ts', `import '../../../apps/auth-svc/src/main.ts';\n`)).includes('no-restricted-imports'));
});

test('an app importing a shared package passes', async () => {
  assert.deepEqual(await ruleIdsFor('apps/financial-svc/src/probe.ts', `import { loadConfig } from '@ai-service/config';\nexport const load = loadConfig;\n`), []);
});

test('reading process.env outside boot code fails lint', async () => {
  assert.ok((await ruleIdsFor('apps/financial-svc/src/probe.ts', `export const port = process.env['PORT'];\n`)).includes('no-restricted-properties'));
});

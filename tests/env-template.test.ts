import { allConfigSchemas } from '@ai-service/config';
import { repoRoot } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

test('.env.template documents exactly the variables the config schemas read', () => {
  const template = readFileSync(join(repoRoot, '.env.template'), 'utf8');
  const documented = new Set([...template.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1] ?? ''));
  const read = new Set(Object.values(allConfigSchemas).flatMap((schema) => Object.keys(schema.shape)));
  assert.deepEqual([...read].filter((name) => !documented.has(name)).sort(), [], 'read by a schema but missing from .env.template');
  assert.deepEqual([...documented].filter((name) => !read.has(name)).sort(), [], 'in .env.template but read by no schema');
});

test('every default in .env.template is accepted by the schemas that read it', () => {
  const template = readFileSync(join(repoRoot, '.env.template'), 'utf8');
  const env = Object.fromEntries([...template.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1], match[2]]));
  for (const [name, schema] of Object.entries(allConfigSchemas)) {
    // Required values without a safe default stay empty in the template; supply them here.
    const values = { ...env, DATABASE_URL: 'postgres://localhost/ai_service', AUTH_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };
    const result = schema.safeParse(Object.fromEntries(Object.entries(values).filter(([key, value]) => key in schema.shape && value !== '')));
    assert.ok(result.success, `${name}: ${JSON.stringify(result.error?.issues)}`);
  }
});

import { repoRoot, type TestDatabase } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { authTestDatabase, loginAs, startAuth, uniqueEmail, type TestAuth } from './test-harness.ts';

let database: TestDatabase & { encryptionKey: string };
let auth: TestAuth;

before(async () => {
  database = await authTestDatabase();
  auth = await startAuth(database);
});
after(async () => {
  await auth?.stop();
  await database?.drop();
});

/** Runs scripts/create-admin.ts with the password on standard input (not a terminal). */
async function createAdmin(args: string[], stdin: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['scripts/create-admin.ts', ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(stdin);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

test('create-admin registers a tenant and its owner with the password read from stdin', async () => {
  const email = uniqueEmail('admin');
  const password = 'a password from stdin';
  const { code, output } = await createAdmin(['--email', email, '--tenant', 'My household', '--url', auth.url], `${password}\n`);
  assert.equal(code, 0, output);
  assert.match(output, /Created tenant "My household"/);
  assert.match(output, new RegExp(`Owner: ${email}.*roles: owner`));
  assert.ok(!output.includes(password), 'the password is never printed');
  assert.equal((await loginAs(auth.client, email, password)).user.roles[0], 'owner');
});

test('create-admin explains refusals and bad usage, with a failing exit code', async () => {
  const email = uniqueEmail('admin');
  assert.equal((await createAdmin(['--email', email, '--tenant', 'First', '--url', auth.url], 'long enough password')).code, 0);
  const taken = await createAdmin(['--email', email, '--tenant', 'Second', '--url', auth.url], 'long enough password');
  assert.equal(taken.code, 1);
  assert.match(taken.output, /Not created: 409/);
  const short = await createAdmin(['--email', uniqueEmail(), '--tenant', 'Third', '--url', auth.url], 'short');
  assert.equal(short.code, 1);
  assert.match(short.output, /body\.password/);
  const usage = await createAdmin(['--tenant', 'No email'], '');
  assert.equal(usage.code, 2);
  assert.match(usage.output, /usage: npm run create-admin/);
});

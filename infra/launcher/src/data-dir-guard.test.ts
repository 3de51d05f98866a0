import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { reasonNotToWipe } from './data-dir-guard.ts';
import { markDataDir } from './data-dir-marker.ts';
import { writePidsFile } from './pids-file.ts';

let workDir: string;
const repoRoot = path.resolve('/nonexistent/repo');

before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'data-dir-guard-test-'));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

test('a folder the launcher did not mark is never wiped', async () => {
  const folder = path.join(workDir, 'unmarked');
  await mkdir(folder);
  await mkdir(path.join(folder, 'postgres'));
  await writeFile(path.join(folder, 'notes.txt'), 'not ours');
  assert.match((await reasonNotToWipe(folder, repoRoot)) ?? '', /no \.ai-service-data marker/);
  assert.match((await reasonNotToWipe(workDir, repoRoot)) ?? '', /no \.ai-service-data marker/);
});

test('an unmarked folder holding only what the launcher and npm test create may be wiped', async () => {
  const folder = path.join(workDir, 'from-npm-test');
  await mkdir(path.join(folder, 'test-postgres'), { recursive: true });
  assert.equal(await reasonNotToWipe(folder, repoRoot), undefined);
});

test('a marked, idle data folder may be wiped', async () => {
  const folder = path.join(workDir, 'marked');
  await mkdir(folder);
  await markDataDir(folder);
  assert.equal(await reasonNotToWipe(folder, repoRoot), undefined);
});

test('the repository, its parents, home and / are refused even when marked', async () => {
  const repo = path.join(workDir, 'parent', 'repo');
  await mkdir(repo, { recursive: true });
  for (const folder of [repo, path.dirname(repo)]) {
    await markDataDir(folder);
    assert.match((await reasonNotToWipe(folder, repo)) ?? '', /refusing to delete/);
  }
  assert.match((await reasonNotToWipe('/', repoRoot)) ?? '', /refusing to delete/);
});

test('a folder a live launcher uses is refused', async () => {
  const folder = path.join(workDir, 'in-use');
  await mkdir(folder);
  await markDataDir(folder);
  await writePidsFile(folder, { launcher: process.pid, postgres: null, services: {}, writtenAt: new Date().toISOString() });
  assert.match((await reasonNotToWipe(folder, repoRoot)) ?? '', /a launcher \(pid \d+\) is running/);
  await writeFile(path.join(folder, 'launcher.pids.json'), JSON.stringify({ launcher: 2 ** 22 + 1, postgres: null, services: {} }));
  assert.equal(await reasonNotToWipe(folder, repoRoot), undefined, 'a dead launcher does not block');
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { isPostmasterRunning, startEmbeddedPostgres } from './index.ts';
import { isProcessAlive } from './postmaster-pid.ts';

let workDir: string;
let dataDir: string;
let port: number;

before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'pg-embedded-test-'));
  await chmod(workDir, 0o755); // when root, Postgres runs as the `postgres` user and must enter it
  dataDir = path.join(workDir, 'postgres');
  port = await freePort();
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

test('first start initialises the cluster, answers queries and stops completely', async () => {
  const server = await startEmbeddedPostgres({ dataDir, port });
  const processes = [server.pid, ...childrenOf(server.pid)];
  try {
    assert.match(server.url, new RegExp(`^postgres://postgres:[0-9a-f]+@127\\.0\\.0\\.1:${port}/ai_service$`));
    assert.equal(await isPostmasterRunning(dataDir), true);
    assert.equal(processGroupOf(server.pid), server.pid, 'own process group: a terminal Ctrl-C does not reach it');
    await withClient(server.url, async (client) => {
      assert.deepEqual((await client.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
      await client.query('CREATE TABLE kept_across_restarts (note text)');
      await client.query(`INSERT INTO kept_across_restarts VALUES ('first run')`);
    });
  } finally {
    await server.stop();
  }
  assert.deepEqual(processes.filter(isProcessAlive), [], 'no postgres process survives stop()');
  assert.equal(await isPostmasterRunning(dataDir), false);
  assert.ok(!readdirSync(dataDir).includes('postmaster.pid'));
});

test('second start on the same folder keeps the data, despite a stale postmaster.pid', async () => {
  // A killed run leaves postmaster.pid behind; here its pid is alive but is not Postgres (it is us).
  await writeFile(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);
  const server = await startEmbeddedPostgres({ dataDir, port });
  try {
    await withClient(server.url, async (client) => {
      const { rows } = await client.query('SELECT note FROM kept_across_restarts');
      assert.deepEqual(rows, [{ note: 'first run' }]);
    });
    await assert.rejects(startEmbeddedPostgres({ dataDir, port }), /already running/);
  } finally {
    await server.stop();
  }
  assert.equal(isProcessAlive(server.pid), false);
});

test('a program that does not handle SIGTERM still stops Postgres when it gets one', async () => {
  const script = path.join(workDir, 'no-signal-handling.ts');
  await writeFile(
    script,
    `import { startEmbeddedPostgres } from ${JSON.stringify(new URL('./index.ts', import.meta.url).href)};
     const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} });
     console.log(server.pid);
     setInterval(() => {}, 1000);`,
  );
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [firstLine] = (await once(child.stdout, 'data')) as [Buffer];
  const postmaster = Number(firstLine.toString().trim());
  assert.ok(isProcessAlive(postmaster));
  child.kill('SIGTERM');
  const [, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, 'SIGTERM', 'the process still dies of the signal');
  assert.equal(isProcessAlive(postmaster), false);
  assert.equal(await isPostmasterRunning(dataDir), false);
});

async function withClient(url: string, use: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await use(client);
  } finally {
    await client.end();
  }
}

function processGroupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** pids whose parent is `pid` (the postmaster's background workers), read from /proc. */
function childrenOf(pid: number): number[] {
  if (process.platform !== 'linux') return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ConsoleOutput } from './console-output.ts';
import { LauncherLog } from './launcher-log.ts';
import { isProcessAlive } from './pids-file.ts';
import { SupervisedService } from './supervised-service.ts';

let workDir: string;

before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'supervised-service-test-'));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** A service whose output and launcher messages land in `printed`. */
async function superviseScript(name: string, source: string, onSpawn?: (restart: boolean) => void) {
  const entry = path.join(workDir, `${name}.mjs`);
  await writeFile(entry, source);
  const printed: string[] = [];
  const sink = { write: (text: string) => printed.push(text) };
  const output = new ConsoleOutput({ sources: ['launcher', name], color: false, stdout: sink, stderr: sink });
  const service = new SupervisedService({
    name,
    entry,
    cwd: workDir,
    env: {},
    output,
    log: new LauncherLog(output, 'debug'),
    ...(onSpawn === undefined ? {} : { onSpawn: (_service: SupervisedService, restart: boolean) => onSpawn(restart) }),
  });
  return { service, printed };
}

test('a crashed service is restarted after 1 s, its output prefixed, and stops on SIGTERM', async () => {
  const marker = path.join(workDir, 'crashed-once');
  const spawns: boolean[] = [];
  const restarted = Promise.withResolvers<void>();
  const { service, printed } = await superviseScript(
    'flaky-svc',
    `import { existsSync, writeFileSync } from 'node:fs';
     if (!existsSync(${JSON.stringify(marker)})) { writeFileSync(${JSON.stringify(marker)}, ''); console.log('crashing'); process.exit(3); }
     process.on('SIGTERM', () => process.exit(0));
     console.log(JSON.stringify({ level: 30, time: Date.now(), msg: 'up again' }));
     setInterval(() => {}, 1000);`,
    (restart) => {
      spawns.push(restart);
      if (restart) restarted.resolve();
    },
  );
  const startedAt = Date.now();
  service.start();
  await restarted.promise;
  assert.ok(Date.now() - startedAt >= 1_000, 'waited the first backoff step');
  assert.deepEqual(spawns, [false, true]);
  const pid = service.pid;
  assert.ok(pid !== undefined);
  await until(() => printed.join('').includes('up again'));

  await service.stop(Date.now() + 5_000);
  assert.equal(service.state, 'stopped');
  assert.equal(isProcessAlive(pid), false);
  const text = printed.join('');
  assert.match(text, /^flaky-svc \| crashing$/m);
  assert.match(text, /^launcher {2}\| \S+ WARN {2}flaky-svc exited unexpectedly \(exit code 3\) after \S+; restarting in 1\.00s consecutiveCrashes=1$/m);
  assert.match(text, /^flaky-svc \| \S+ INFO {2}up again$/m);
  assert.match(text, /flaky-svc stopped reason="exit code 0"/);
});

test('a service that ignores SIGTERM is killed at the deadline and not restarted', async () => {
  const { service, printed } = await superviseScript(
    'stubborn-svc',
    `process.on('SIGTERM', () => console.log('not stopping'));
     console.log('ready');
     setInterval(() => {}, 1000);`,
  );
  service.start();
  await until(() => printed.join('').includes('ready'));
  const pid = service.pid;
  assert.ok(pid !== undefined);
  const stopAt = Date.now();
  await service.stop(Date.now() + 300);
  assert.ok(Date.now() - stopAt >= 300);
  assert.equal(isProcessAlive(pid), false);
  assert.match(printed.join(''), /stubborn-svc still running after SIGTERM; sending SIGKILL/);
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  assert.equal(service.pid, undefined, 'no restart after a requested stop');
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

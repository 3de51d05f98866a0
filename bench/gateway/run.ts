// `npm run bench:gateway -- [--connections 20 --duration 10 --warmup 3]`: one cheap authenticated GET
// (`GET /v1/auth/me` on the real auth-svc, with a real access token) loaded (a) directly on the
// service, (b) through the api-gateway with JWT verification, RBAC and rate limiting on (limits set
// high enough not to trip), (c) through nginx proxying the same service. Prints req/s, p50 and p99
// of each and the ratios b/a and b/c against the goals (b ≥ 70 % of a, ≤ 1 ms added p50).
// Postgres: DATABASE_URL (or TEST_DATABASE_URL) when set, otherwise an embedded one in a temp folder.
import { startEmbeddedPostgres, type RunningPostgres } from '@ai-service/pg-embedded';
import { createTestDatabase, freePort, type TestDatabase } from '@ai-service/testing';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, type LoadFigures, type LoadOptions } from './load.ts';
import { findNginx, startNginx } from './nginx.ts';
import { startNodeService, type BenchProcess } from './processes.ts';
import { renderComparison, renderFigures } from './report.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '20' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
  },
});

const PATH = '/v1/auth/me';
/** Rate limiting stays on, but no run comes close to tripping it. */
const UNREACHABLE_LIMIT = String(1_000_000_000);

const workDir = await mkdtemp(join(tmpdir(), 'bench-gateway-'));
await chmod(workDir, 0o755); // as root, the embedded Postgres runs as `postgres` and must enter it
const started: BenchProcess[] = [];
let embedded: RunningPostgres | undefined;
let database: TestDatabase | undefined;

try {
  const serverUrl = process.env['DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? (await startEmbedded()).url;
  database = await createTestDatabase(serverUrl);
  const common = { LOG_LEVEL: 'info', NODE_ENV: 'production' };

  const authSvc = await startNodeService(
    'auth-svc',
    'apps/auth-svc/src/main.ts',
    { ...common, DATABASE_URL: database.url, AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    'AUTH_SVC_PORT',
    workDir,
  );
  started.push(authSvc);
  const token = await accessToken(authSvc.url);

  const closed = `http://127.0.0.1:${await freePort()}`;
  const gateway = await startNodeService(
    'api-gateway',
    'apps/api-gateway/src/main.ts',
    {
      ...common,
      AUTH_SVC_URL: authSvc.url,
      AUTH_JWKS_URL: `${authSvc.url}/v1/auth/.well-known/jwks.json`,
      ...Object.fromEntries(['FINANCIAL_SVC_URL', 'TRADING_SVC_URL', 'COMM_SVC_URL', 'AI_CORE_URL', 'WORKER_FINANCIAL_URL', 'WORKER_TRADING_URL'].map((name) => [name, closed])),
      RATE_LIMIT_MAX: UNREACHABLE_LIMIT,
      RATE_LIMIT_IP_MAX: UNREACHABLE_LIMIT,
    },
    'GATEWAY_PORT',
    workDir,
    // Only auth-svc runs, so the gateway is live but (rightly) not ready.
    '/health/live',
  );
  started.push(gateway);

  const nginxBinary = findNginx();
  const nginx = nginxBinary ? await startNginx(nginxBinary, authSvc.url, workDir) : undefined;
  if (nginx) started.push(nginx);
  else console.log('nginx not found (Debian: apt-get install -y nginx); skipping (c).\n');

  await assertServed(authSvc.url, token);
  await assertServed(gateway.url, token);
  if (nginx) await assertServed(nginx.url, token);
  const anonymous = await fetch(`${gateway.url}${PATH}`);
  if (anonymous.status !== 401) throw new Error(`the gateway answered ${anonymous.status} without a token; access control is not on`);

  const headers = { authorization: `Bearer ${token}` };
  const saturated: LoadOptions = { connections: Number(values.connections), durationSeconds: Number(values.duration), warmupSeconds: Number(values.warmup), headers };
  // Under saturation latency is mostly queueing (connections ÷ throughput); the hop itself shows with one connection.
  const single: LoadOptions = { ...saturated, connections: 1 };
  console.log(
    `GET ${PATH}, ${saturated.warmupSeconds} s warm-up + ${saturated.durationSeconds} s per target and load; ` +
      `${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}; ` +
      `load generator in this process; every process logs each request at info.\n`,
  );
  const targets = [
    { label: '(a) auth-svc directly', url: `${authSvc.url}${PATH}` },
    { label: '(b) api-gateway → auth-svc', url: `${gateway.url}${PATH}` },
    ...(nginx ? [{ label: '(c) nginx → auth-svc', url: `${nginx.url}${PATH}` }] : []),
  ];
  for (const [title, options] of [
    [`Throughput: ${saturated.connections} connections`, saturated],
    ['Latency: 1 connection', single],
  ] as const) {
    const rows: LoadFigures[] = [];
    for (const target of targets) rows.push(await measure(target.label, target.url, options));
    const [direct, viaGateway, viaNginx] = rows as [LoadFigures, LoadFigures, LoadFigures | undefined];
    console.log(`${title}\n${renderFigures(rows)}\n\n${renderComparison(direct, viaGateway, viaNginx, options === saturated ? 'throughput' : 'latency')}\n`);
    if (rows.some((row) => row.non2xx > 0 || row.errors > 0)) console.log('WARNING: some requests failed; these figures are not comparable.\n');
  }
} finally {
  for (const running of started.reverse()) await running.stop().catch(() => undefined);
  await database?.drop().catch(() => undefined);
  await embedded?.stop();
  await rm(workDir, { recursive: true, force: true });
}

async function startEmbedded(): Promise<RunningPostgres> {
  embedded = await startEmbeddedPostgres({ dataDir: join(workDir, 'postgres'), port: await freePort() });
  return embedded;
}

/** Registers a tenant on auth-svc; its owner's access token is valid for the whole run (≤ 15 min). */
async function accessToken(authUrl: string): Promise<string> {
  const response = await fetch(`${authUrl}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantName: 'Bench', email: `bench-${randomBytes(4).toString('hex')}@example.org`, password: 'correct horse battery staple' }),
  });
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { tokens: { accessToken: string } }).tokens.accessToken;
}

async function assertServed(baseUrl: string, token: string): Promise<void> {
  const response = await fetch(`${baseUrl}${PATH}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET ${baseUrl}${PATH} answered ${response.status}: ${await response.text()}`);
}

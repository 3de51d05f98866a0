import { createHealth, createLogger, createMetrics, initTracing } from '@ai-service/observability';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { buildHttpApp } from './app.ts';

const logLines: string[] = [];
const destination = new PassThrough();
destination.on('data', (chunk: Buffer) => logLines.push(...chunk.toString().split('\n').filter(Boolean)));

const tracing = initTracing({ service: 'kit-test', version: '1.0.0' });
const metrics = createMetrics('kit-test');
const health = createHealth({ checks: {}, maxEventLoopLagMs: 1000, maxHeapRatio: 0.99 });
const app = buildHttpApp({
  service: 'kit-test',
  version: '1.0.0',
  logger: createLogger({ service: 'kit-test', level: 'info', destination }),
  tracer: tracing.tracer,
  metrics,
  health,
  bodyLimitBytes: 1024,
});
app.post(
  '/items/:id',
  {
    schema: {
      params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]+$' } } },
      body: {
        type: 'object',
        required: ['name', 'amount'],
        additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1 }, amount: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' } },
      },
    },
  },
  async (request) => ({ id: (request.params as { id: string }).id }),
);
app.get(
  '/pages',
  { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer' }, tag: { type: 'array', items: { type: 'string' } } } } } },
  async (request) => request.query,
);
app.get('/boom', async () => {
  throw new Error('connection to postgres://admin:hunter2@db failed');
});
await app.ready();
after(async () => {
  await app.close();
  health.stop();
  await tracing.shutdown();
});

test('validation errors are 400 problem+json listing each field at fault', async () => {
  const response = await app.inject({ method: 'POST', url: '/items/12', payload: { amount: 12.5, extra: true } });
  assert.equal(response.statusCode, 400);
  assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
  const body = response.json();
  assert.equal(body.status, 400);
  assert.equal(body.instance, '/items/12');
  const fields = body.errors.map((error: { field: string }) => error.field).sort();
  assert.ok(fields.includes('body.name') || fields.includes('body.extra'), JSON.stringify(body.errors));
});

test('a JSON number is never accepted where the schema wants a string (money stays exact); query text is coerced', async () => {
  const rejected = await app.inject({ method: 'POST', url: '/items/12', payload: { name: 'a', amount: 12.5 } });
  assert.equal(rejected.statusCode, 400);
  assert.deepEqual(rejected.json().errors.map((error: { field: string }) => error.field), ['body.amount']);
  const accepted = await app.inject({ method: 'POST', url: '/items/12', payload: { name: 'a', amount: '12.5' } });
  assert.equal(accepted.statusCode, 200);
  assert.deepEqual((await app.inject({ method: 'GET', url: '/pages?limit=5&tag=x' })).json(), { limit: 5, tag: ['x'] });
});

test('a bad path parameter names the parameter', async () => {
  const body = (await app.inject({ method: 'POST', url: '/items/abc', payload: { name: 'a', amount: '1' } })).json();
  assert.deepEqual(body.errors.map((error: { field: string }) => error.field), ['params.id']);
});

test('a 5xx never leaks the message or a stack', async () => {
  const response = await app.inject({ method: 'GET', url: '/boom' });
  assert.equal(response.statusCode, 500);
  assert.doesNotMatch(response.body, /hunter2|stack|at /);
  assert.deepEqual(Object.keys(response.json()).sort(), ['instance', 'requestId', 'status', 'title', 'type']);
});

test('unknown routes are 404 problem+json', async () => {
  const response = await app.inject({ method: 'GET', url: '/nowhere?x=1' });
  assert.equal(response.statusCode, 404);
  assert.match(response.headers['content-type'] ?? '', /problem\+json/);
});

test('bodies above the limit are 413 problem+json', async () => {
  const response = await app.inject({ method: 'POST', url: '/items/1', payload: { name: 'x'.repeat(5000), amount: '1' } });
  assert.equal(response.statusCode, 413);
  assert.match(response.headers['content-type'] ?? '', /problem\+json/);
});

test('malformed JSON is a 400 problem, not a 500', async () => {
  const response = await app.inject({ method: 'POST', url: '/items/1', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
  assert.equal(response.statusCode, 400);
  assert.match(response.headers['content-type'] ?? '', /problem\+json/);
});

test('security headers are set', async () => {
  const response = await app.inject({ method: 'GET', url: '/health/live' });
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.ok(response.headers['content-security-policy']);
});

test('an incoming traceparent continues the trace in the log line; request id is echoed', async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const response = await app.inject({
    method: 'POST',
    url: '/items/7',
    headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-request-id': 'req-abc' },
    payload: { name: 'a', amount: '1.50' },
  });
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['x-request-id'], 'req-abc');
  const line = logLines.map((raw) => JSON.parse(raw)).find((entry) => entry.reqId === 'req-abc' && entry.msg === 'request completed');
  assert.ok(line, logLines.join('\n'));
  assert.equal(line.traceId, traceId);
  assert.equal(line.service, 'kit-test');
  assert.match(line.spanId, /^[0-9a-f]{16}$/);
});

test('/metrics parses as Prometheus text and labels HTTP metrics by route template', async () => {
  await app.inject({ method: 'POST', url: '/items/123456', payload: { name: 'a', amount: '2' } });
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(response.statusCode, 200);
  const text = response.body;
  assert.match(text, /http_requests_total\{method="POST",route="\/items\/:id",status="200",service="kit-test"\} \d+/);
  assert.match(text, /http_request_duration_seconds_bucket\{le="0.005",[^}]*route="\/items\/:id"/);
  assert.match(text, /process_resident_memory_bytes/);
  assert.doesNotMatch(text, /123456/, 'raw URLs never become labels');
  assertPrometheusParses(text);
});

/** promtool (CI installs Debian's prometheus package); elsewhere the npm port of Prometheus' parser. */
function assertPrometheusParses(text: string): void {
  if (spawnSync('promtool', ['--version']).status === 0) {
    const result = spawnSync('promtool', ['check', 'metrics'], { input: text });
    assert.doesNotMatch(result.stderr.toString(), /parsing error/i, result.stderr.toString());
    return;
  }
  assert.ok(parsePrometheusTextFormat(text).length > 0);
}

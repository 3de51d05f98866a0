import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLogLine, formatLogRecord } from './log-format.ts';

const plain = { color: false };
const at = new Date(2025, 0, 2, 3, 4, 5, 6).getTime(); // local time 03:04:05.006

test('a pino line becomes "time level service msg key=val"', () => {
  const line = JSON.stringify({ level: 30, time: at, pid: 42, hostname: 'box', service: 'financial-svc', msg: 'listening', port: 3001, traceId: 'abc123' });
  assert.equal(formatLogLine(line, plain), '03:04:05.006 INFO  financial-svc listening port=3001 traceId=abc123');
});

test('the service is left out when the prefix already names it', () => {
  const line = JSON.stringify({ level: 40, time: at, service: 'auth-svc', msg: 'slow query', ms: 812 });
  assert.equal(formatLogLine(line, { color: false, impliedService: 'auth-svc' }), '03:04:05.006 WARN  slow query ms=812');
  assert.match(formatLogLine(line, { color: false, impliedService: 'comm-svc' }), /WARN {2}auth-svc slow query/);
});

test('every pino level has a label; ISO times are accepted', () => {
  const labels = [10, 20, 30, 40, 50, 60, 35].map((level) => formatLogRecord({ level, time: at, msg: 'm' }, plain).split(/\s+/)[1]);
  assert.deepEqual(labels, ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'L35']);
  assert.match(formatLogRecord({ level: 30, time: new Date(at).toISOString(), msg: 'm' }, plain), /^03:04:05\.006 INFO {2}m$/);
});

test('values with spaces are quoted, objects are compact JSON', () => {
  const line = JSON.stringify({ level: 30, time: at, msg: 'request done', url: '/v1/accounts', note: 'two words', req: { method: 'GET', id: 7 }, ok: true });
  assert.equal(
    formatLogLine(line, plain),
    '03:04:05.006 INFO  request done url=/v1/accounts note="two words" req={"method":"GET","id":7} ok=true',
  );
});

test('an error shows its message inline and its stack frames on indented lines', () => {
  const err = { type: 'Error', message: 'connection refused', stack: 'Error: connection refused\n    at connect (db.ts:1:1)\n    at boot (main.ts:2:2)' };
  const line = JSON.stringify({ level: 50, time: at, service: 'ai-core', msg: 'migration failed', err });
  assert.equal(
    formatLogLine(line, plain),
    ['03:04:05.006 ERROR ai-core migration failed err="connection refused"', '    at connect (db.ts:1:1)', '    at boot (main.ts:2:2)'].join('\n'),
  );
});

test('lines that are not pino records pass through unchanged', () => {
  for (const line of ['plain text from a child', '{not json', '{"no":"level"}', '[1,2,3]', '{"level":"info","msg":"x"}', '']) {
    assert.equal(formatLogLine(line, plain), line);
  }
});

test('colour is added only when asked for', () => {
  const line = JSON.stringify({ level: 50, time: at, msg: 'boom' });
  const escape = '\u001b[';
  assert.equal(formatLogLine(line, plain).includes(escape), false);
  assert.equal(formatLogLine(line, { color: true }).includes(`${escape}31mERROR`), true);
});

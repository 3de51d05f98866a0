import { runScript } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { test } from 'node:test';

const services = ['api-gateway', 'auth-svc', 'financial-svc', 'trading-svc', 'comm-svc', 'ai-core', 'worker-financial', 'worker-trading'];

function expectedBadVariables(service: string): string[] {
  // Every process reads DATABASE_URL (the gateway, optionally, for the queue admin on Postgres).
  const bad = ['DATABASE_URL', 'LOG_LEVEL', 'REDIS_URL'];
  if (service === 'auth-svc') bad.push('AUTH_KEY_ENCRYPTION_KEY');
  return bad.sort();
}

for (const service of services) {
  test(`${service} exits 1 on invalid configuration, naming each bad variable and no secret`, async () => {
    const running = runScript(`apps/${service}/src/main.ts`, {
      DATABASE_URL: 'mysql://admin:hunter2@db.internal/x',
      REDIS_URL: 'http://:hunter2@cache',
      LOG_LEVEL: 'chatty',
    });
    const { code } = await running.exited;
    const output = running.output();
    assert.equal(code, 1, output);
    const [headline, ...problems] = output.trim().split('\n');
    assert.equal(headline, `${service}: invalid configuration`);
    assert.deepEqual(problems.map((line) => line.trim().split(':')[0]).sort(), expectedBadVariables(service), output);
    assert.match(output, /REDIS_URL: must be a redis:\/\/ connection URL/);
    assert.doesNotMatch(output, /hunter2/);
  });
}

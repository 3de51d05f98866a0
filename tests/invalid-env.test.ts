import { runScript } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { test } from 'node:test';

const services = ['api-gateway', 'auth-svc', 'financial-svc', 'trading-svc', 'comm-svc', 'ai-core', 'worker-financial', 'worker-trading'];

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
    assert.match(output, /LOG_LEVEL: /);
    assert.match(output, /REDIS_URL: must be a redis:\/\/ connection URL/);
    if (service !== 'api-gateway') assert.match(output, /DATABASE_URL: must be a postgres:\/\/ connection URL/);
    assert.doesNotMatch(output, /hunter2/);
    assert.equal(output.trim().split('\n').length, service === 'api-gateway' ? 3 : 4, output);
  });
}

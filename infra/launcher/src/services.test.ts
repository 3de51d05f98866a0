import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVICES, shutdownWaves, startupWaves } from './services.ts';

const names = (waves: { name: string }[][]) => waves.map((wave) => wave.map((service) => service.name));

test('the platform starts domain services, then workers, then the gateway', () => {
  assert.deepEqual(names(startupWaves(SERVICES)), [
    ['auth-svc', 'financial-svc', 'trading-svc', 'comm-svc', 'ai-core'],
    ['worker-financial', 'worker-trading'],
    ['api-gateway'],
  ]);
});

test('shutdown stops the gateway first, then workers, then domain services', () => {
  assert.deepEqual(names(shutdownWaves(SERVICES)), [
    ['api-gateway'],
    ['worker-financial', 'worker-trading'],
    ['auth-svc', 'financial-svc', 'trading-svc', 'comm-svc', 'ai-core'],
  ]);
});

test('every service appears exactly once and after all of its dependencies', () => {
  const order = startupWaves(SERVICES).flat();
  assert.equal(order.length, SERVICES.length);
  for (const [index, service] of order.entries()) {
    for (const dependency of service.dependsOn) {
      assert.ok(order.findIndex((other) => other.name === dependency) < index, `${dependency} before ${service.name}`);
    }
  }
});

test('a chain becomes one wave per link, regardless of listing order', () => {
  const chain = [
    { name: 'c', dependsOn: ['b'] },
    { name: 'a', dependsOn: [] },
    { name: 'b', dependsOn: ['a'] },
  ];
  assert.deepEqual(names(startupWaves(chain)), [['a'], ['b'], ['c']]);
});

test('cycles and unknown dependencies are reported by name', () => {
  assert.throws(
    () =>
      startupWaves([
        { name: 'a', dependsOn: ['b'] },
        { name: 'b', dependsOn: ['a'] },
      ]),
    /cycle between: a, b/,
  );
  assert.throws(() => startupWaves([{ name: 'a', dependsOn: ['ghost'] }]), /a depends on unknown service\(s\): ghost/);
});

import { serviceConfigSchemas } from '@ai-service/config';
import { openapiSpecs } from '@ai-service/contracts';
import { buildService } from '@ai-service/service-runtime';
import { assertRoutesMatchSpec } from '@ai-service/testing';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { defineService } from './service.ts';

test('auth-svc serves exactly the operations of openapi/auth.yaml', async () => {
  const config = serviceConfigSchemas['auth-svc'].parse({
    DATABASE_URL: 'postgres://127.0.0.1:1/unused',
    AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
  });
  // Not started: routes are in the table as soon as they are registered (keys load when it listens).
  const { app, close } = await buildService(defineService(config));
  try {
    assertRoutesMatchSpec(app.routeTable, openapiSpecs['auth']);
  } finally {
    await close();
  }
});

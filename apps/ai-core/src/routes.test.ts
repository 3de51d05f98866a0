import { serviceConfigSchemas } from '@ai-service/config';
import { openapiSpecs } from '@ai-service/contracts';
import { buildService } from '@ai-service/service-runtime';
import { assertRoutesMatchSpec } from '@ai-service/testing';
import { test } from 'node:test';
import { defineService } from './service.ts';

test('ai-core serves exactly the operations of openapi/ai-core.yaml', async () => {
  const config = serviceConfigSchemas['ai-core'].parse({ DATABASE_URL: 'postgres://127.0.0.1:1/unused', LOG_LEVEL: 'silent' });
  const { app, close } = await buildService(defineService(config));
  try {
    await app.ready();
    assertRoutesMatchSpec(app.routeTable, openapiSpecs['ai-core']);
  } finally {
    await close();
  }
});

import { fastifyPath, specOperations, type OpenApiDocument, type RouteEntry } from '@ai-service/http';
import assert from 'node:assert/strict';

const key = (method: string, url: string) => `${method.toUpperCase()} ${url}`;

/** The routes an app registered are exactly the operations its spec documents, no more, no less. */
export function assertRoutesMatchSpec(routes: RouteEntry[], spec: OpenApiDocument): void {
  const registered = new Set(routes.map((route) => key(route.method, route.url)));
  const documented = new Set(specOperations(spec).map((operation) => key(operation.method, fastifyPath(operation.path))));
  assert.deepEqual([...registered].filter((route) => !documented.has(route)).sort(), [], 'routes without an operation in the spec');
  assert.deepEqual([...documented].filter((route) => !registered.has(route)).sort(), [], 'operations without a route');
}

import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';

/** The slice of a dereferenced OpenAPI 3.1 document that route registration reads. */
export type OpenApiDocument = { paths: Record<string, Record<string, unknown>> };

type JsonSchema = Record<string, unknown>;
type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: JsonSchema; description?: string };
export type Operation = {
  operationId: string;
  'x-permission'?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
};

export type OperationHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** What the auth layer reads from each route: the permission the spec requires. */
export type OperationConfig = { operationId: string; permission: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    operationId?: string;
    permission?: string;
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Routes every process serves through the kit itself (health, metrics); specs list them too. */
export const KIT_PATHS = new Set(['/health/live', '/health/ready', '/health', '/metrics']);

export type SpecOperation = { method: string; path: string; operation: Operation };

/** Parameters declared on the path item apply to each of its operations, unless the operation redeclares them. */
function withPathParameters(operation: Operation, shared: unknown): Operation {
  if (!Array.isArray(shared) || shared.length === 0) return operation;
  const own = operation.parameters ?? [];
  const inherited = (shared as Parameter[]).filter((parameter) => !own.some((o) => o.name === parameter.name && o.in === parameter.in));
  return { ...operation, parameters: [...inherited, ...own] };
}

export function specOperations(spec: OpenApiDocument): SpecOperation[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method: method.toUpperCase(),
      path,
      operation: withPathParameters(item[method] as Operation, item['parameters']),
    })),
  );
}

/** `/users/{userId}` → `/users/:userId` */
export const fastifyPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

function parametersSchema(parameters: Parameter[], location: Parameter['in']): JsonSchema | undefined {
  const selected = parameters.filter((parameter) => parameter.in === location);
  if (selected.length === 0) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(selected.map((parameter) => [parameter.name, parameter.schema ?? {}])),
    required: selected.filter((parameter) => parameter.required).map((parameter) => parameter.name),
  };
}

function responseSchemas(operation: Operation): JsonSchema {
  const entries = Object.entries(operation.responses ?? {}).flatMap(([status, response]) => {
    const schema = response.content?.['application/json']?.schema;
    return schema ? [[status, schema] as const] : [];
  });
  return Object.fromEntries(entries);
}

/**
 * Registers every operation of the service's own spec with its params, query, body and response
 * schemas, so validation and serialization follow the contract. Boot fails when an operation has
 * no handler or a handler has no operation: an undocumented endpoint cannot ship.
 */
export function registerSpecRoutes(app: FastifyInstance, spec: OpenApiDocument, handlers: Record<string, OperationHandler>): void {
  const operations = specOperations(spec).filter(({ path }) => !KIT_PATHS.has(path));
  const missing = operations.filter(({ operation }) => !handlers[operation.operationId]).map(({ operation }) => operation.operationId);
  const documented = new Set(operations.map(({ operation }) => operation.operationId));
  const undocumented = Object.keys(handlers).filter((operationId) => !documented.has(operationId));
  if (missing.length > 0 || undocumented.length > 0) {
    throw new Error(`routes and spec disagree: without handler [${missing.join(', ')}], without operation [${undocumented.join(', ')}]`);
  }
  for (const { method, path, operation } of operations) {
    app.route({
      method: method as HTTPMethods,
      url: fastifyPath(path),
      config: { operationId: operation.operationId, permission: operation['x-permission'] ?? 'authenticated' },
      schema: operationSchema(operation),
      handler: handlers[operation.operationId]!,
    });
  }
}

/** Fastify route schemas (params, querystring, body, responses) for one operation of a spec. */
export function operationSchema(operation: Operation): Record<string, unknown> {
  const parameters = operation.parameters ?? [];
  const params = parametersSchema(parameters, 'path');
  const querystring = parametersSchema(parameters, 'query');
  const body = operation.requestBody?.content?.['application/json']?.schema;
  return { ...(params ? { params } : {}), ...(querystring ? { querystring } : {}), ...(body ? { body } : {}), response: responseSchemas(operation) };
}

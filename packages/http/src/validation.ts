import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifySchema, FastifySchemaCompiler } from 'fastify';

type Compile = FastifySchemaCompiler<FastifySchema>;

// Reject unknown fields instead of silently dropping them, and report every bad field at once.
// `example` and `x-permission` are OpenAPI annotations, not validation keywords.
const SHARED = { removeAdditional: false, allErrors: true, useDefaults: true, allowUnionTypes: true, keywords: ['example', 'x-permission'] };

/**
 * Query strings, path parameters and headers are text on the wire, so they are coerced to the
 * schema's types (`?limit=5` → 5, `?tag=a` → ['a']). JSON bodies are typed already and are not:
 * coercion would turn `"amount": 12.5` into the string "12.5" and let a float pass as money, so
 * a body field of the wrong JSON type is a 400 naming the field.
 */
export function registerValidation(app: FastifyInstance): void {
  const build = AjvCompiler();
  const textParts = build({}, { customOptions: { ...SHARED, coerceTypes: 'array' } }) as unknown as Compile;
  const bodies = build({}, { customOptions: { ...SHARED, coerceTypes: false } }) as unknown as Compile;
  app.setValidatorCompiler((route) => (route.httpPart === 'body' ? bodies(route) : textParts(route)));
}

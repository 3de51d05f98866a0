import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ALLOWED_REQUEST_HEADERS = ['authorization', 'content-type', 'x-request-id', 'traceparent', 'tracestate'];
const EXPOSED_RESPONSE_HEADERS = ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/**
 * Browsers on the listed origins (CORS_ORIGINS) may call the API; a preflight from any other origin
 * gets no CORS headers and a 404, so the browser refuses the call. Tokens travel in the
 * Authorization header, never in cookies, so credentials stay off. Runs as the first onRequest hook:
 * preflights are answered before access control, and 401/429 answers still carry the headers the
 * calling page needs to read them.
 */
export async function registerCors(app: FastifyInstance, origins: string[]): Promise<void> {
  // A configured `https://app.example.org/` must match the browser's `Origin: https://app.example.org`.
  const allowed = new Set(origins.map((origin) => new URL(origin).origin));
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ALLOWED_METHODS,
    allowedHeaders: ALLOWED_REQUEST_HEADERS,
    exposedHeaders: EXPOSED_RESPONSE_HEADERS,
    credentials: false,
    maxAge: 600,
    strictPreflight: true,
  });
}

import type { OpenApiDocument } from '@ai-service/http';
import scalarApiReference from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';

export const DOCS_PREFIX = '/docs';

/**
 * The viewer is a page of our own (no user content), but it boots from an inline script and
 * injects its styles, which the kit's strict default CSP forbids; everything else stays same-origin
 * (no CDN fonts, no Scalar proxy, no telemetry).
 */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * `/docs`: the bundled gateway spec in Scalar's interactive viewer; the document itself at
 * `/docs/openapi.json` (and `.yaml`). These are not API operations, so they are not in the spec.
 */
export async function registerDocs(app: FastifyInstance, spec: OpenApiDocument): Promise<void> {
  await app.register(scalarApiReference, {
    routePrefix: DOCS_PREFIX,
    configuration: {
      content: spec,
      pageTitle: 'ai-service API',
      withDefaultFonts: false,
      telemetry: false,
      // "Try it" calls this gateway, whichever host and port the page was opened on.
      servers: [{ url: '/', description: 'This gateway' }],
    },
    hooks: {
      preHandler: (_request, reply, done) => {
        reply.header('content-security-policy', DOCS_CSP);
        done();
      },
    },
  });
}

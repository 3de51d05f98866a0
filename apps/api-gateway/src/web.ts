import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { DOCS_PREFIX } from './docs.ts';

/** Paths that belong to the API or the gateway itself: an unknown one is a 404, never the web app. */
const NOT_WEB = [/^\/v1(\/|$)/, /^\/health(\/|$)/, /^\/metrics$/, new RegExp(`^${DOCS_PREFIX}(/|$)`)];

/** Build tools put content-hashed files here; they never change under the same name. */
const IMMUTABLE_ASSETS = /^\/assets\//;

/**
 * Serves the built web app (WEB_DIST_DIR) at `/` when it exists: real files as they are, any other
 * GET outside the API falls back to index.html so client-side routes survive a reload. Without a
 * build, nothing is registered and `/` is the kit's 404 problem.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<boolean> {
  const root = resolve(distDir);
  if (!existsSync(resolve(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', async (request, reply) => {
    const path = decodedPath(request.url);
    if (path === undefined || NOT_WEB.some((pattern) => pattern.test(path))) return reply.callNotFound();
    const file = await fileInside(root, path);
    if (file) {
      return IMMUTABLE_ASSETS.test(path) ? reply.sendFile(file, { maxAge: '365d', immutable: true }) : reply.sendFile(file);
    }
    // The shell must be revalidated on every load, or users keep an old build's asset names.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
  return true;
}

function decodedPath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
}

/** The file's path relative to the root, if it is a regular, non-hidden file inside the root. */
async function fileInside(root: string, path: string): Promise<string | undefined> {
  const full = resolve(root, `.${path}`);
  const inside = relative(root, full);
  if (!inside || inside.startsWith('..') || inside.split(sep).some((segment) => segment.startsWith('.'))) return undefined;
  const stats = await stat(full).catch(() => undefined);
  return stats?.isFile() ? inside : undefined;
}

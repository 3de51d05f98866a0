import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; body: string };

export type ReplayResponse = {
  status?: number;
  headers?: Record<string, string>;
  /** Sent verbatim (fixture text keeps its numbers exactly as written); objects are JSON-encoded. */
  body?: string | object;
  contentType?: string;
};

export type ReplayRoute = {
  method: string;
  /** Exact path, or a pattern over it. */
  path: string | RegExp;
  respond: (request: RecordedRequest, match: RegExpExecArray | undefined) => ReplayResponse;
};

export type ReplayServer = {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  close: () => Promise<void>;
};

const FIXTURES = new URL('../../fixtures/', import.meta.url);

/** The text of `fixtures/<provider>/<name>`. */
export function fixtureText(provider: 'gocardless' | 'simplefin', name: string): string {
  return readFileSync(new URL(`${provider}/${name}`, FIXTURES), 'utf8');
}

/**
 * A local HTTP server (127.0.0.1, random port) answering from a route table, for tests that replay
 * a provider's documented responses. Unknown routes answer 404.
 */
export async function startReplayServer(routes: ReplayRoute[]): Promise<ReplayServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://replay');
      const request: RecordedRequest = { method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      let response: ReplayResponse = { status: 404, body: { summary: 'Not found.', detail: `no replay for ${request.method} ${request.path}`, status_code: 404 } };
      for (const route of routes) {
        if (route.method !== request.method) continue;
        const match = typeof route.path === 'string' ? (route.path === request.path ? undefined : null) : route.path.exec(request.path);
        if (match === null) continue;
        response = route.respond(request, match);
        break;
      }
      const body = response.body === undefined ? '' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
      outgoing.writeHead(response.status ?? 200, { 'content-type': response.contentType ?? 'application/json', ...response.headers });
      outgoing.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

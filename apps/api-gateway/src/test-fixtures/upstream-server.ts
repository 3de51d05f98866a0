import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedRequest = { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer };

export type UpstreamServer = {
  url: string;
  received: ReceivedRequest[];
  close: () => Promise<void>;
};

type Respond = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

/** Echoes what it received as JSON: method, url, headers and the body as base64 (byte-exact). */
export const echo: Respond = (request, response) => {
  response
    .writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'echo' })
    .end(JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body: request.body.toString('base64') }));
};

/** A stand-in service on a real socket: records every request, answers with `respond`. */
export async function startUpstream(respond: Respond = echo, port = 0): Promise<UpstreamServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer(async (incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request = { method: incoming.method ?? '', url: incoming.url ?? '', headers: incoming.headers, body: Buffer.concat(chunks) };
    received.push(request);
    await respond(request, response);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

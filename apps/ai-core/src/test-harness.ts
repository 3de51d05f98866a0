import { serviceConfigSchemas } from '@ai-service/config';
import { createAiCoreClient, type AiCoreComponents } from '@ai-service/contracts';
import { buildService } from '@ai-service/service-runtime';
import { createTestDatabase, createTokenIssuer, freePort, requireTestDatabaseUrl, serveJwks, type TestDatabase, type TokenIssuer } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineService } from './service.ts';

/** Shared by the ai-core tests: a real service on a fresh database, a real JWKS, driven through the generated client. */

export type AiCoreClient = ReturnType<typeof createAiCoreClient>;
export type CategorizeRequest = AiCoreComponents['schemas']['CategorizeRequest'];

export type TestAi = { url: string; client: AiCoreClient; issuer: TokenIssuer; stop: () => Promise<void> };

export async function startAi(env: Record<string, string> = {}): Promise<TestAi> {
  const database: TestDatabase = await createTestDatabase(requireTestDatabaseUrl());
  const issuer = await createTokenIssuer();
  const jwks = await serveJwks([issuer]);
  const config = serviceConfigSchemas['ai-core'].parse({
    DATABASE_URL: database.url,
    AUTH_JWKS_URL: jwks.url,
    AI_CORE_PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const built = await buildService(defineService(config));
  const url = await built.listen();
  return {
    url,
    client: createAiCoreClient({ baseUrl: url }),
    issuer,
    stop: async () => {
      await built.close();
      await jwks.close();
      await database.drop();
    },
  };
}

export async function bearer(issuer: TokenIssuer, perms: string[] = ['ai:use']) {
  return { headers: { authorization: `Bearer ${await issuer.sign({ perms })}` } };
}

/** Reads one sample of a Prometheus counter from the service's /metrics (0 when absent). */
export async function counterValue(url: string, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((row) => row.startsWith(`${name}{`) && wanted.every((label) => row.includes(label)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

export type ChatRequest = { authorization: string | undefined; body: { model: string; messages: { role: string; content: string }[]; response_format?: unknown } };
export type ChatReply = { status?: number; content?: string; body?: unknown } | 'hang';

/**
 * An OpenAI-compatible chat completions server on a real socket: `reply` decides each answer from
 * the request (the message content, a raw body, an error status, or never answering).
 */
export async function serveChatCompletions(reply: (request: ChatRequest) => ChatReply) {
  const requests: ChatRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') return response.writeHead(404).end();
    const received: ChatRequest = { authorization: request.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    requests.push(received);
    const answer = reply(received);
    if (answer === 'hang') return void hanging.add(response);
    const body = answer.body ?? {
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: received.body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer.content ?? '' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    };
    response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    /** The data the service put in the prompt of a request. */
    promptData: (request: ChatRequest) => {
      const user = request.body.messages.find((message) => message.role === 'user');
      assert.ok(user, 'the prompt has a user message');
      return JSON.parse(user.content) as CategorizeRequest;
    },
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

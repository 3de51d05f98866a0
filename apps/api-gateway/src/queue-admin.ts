import type { ServiceDeps } from '@ai-service/service-runtime';
import { createJobs, jobsOptionsFromConfig, queueBoard, queueCatalogue, type Jobs } from '@ai-service/jobs';
import { accessErrorMapper, authorize, type TokenVerifier } from '@ai-service/access';
import { sendProblem, type OperationHandler } from '@ai-service/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayConfig } from './upstreams.ts';

/** Bull Board's mount point; its routes need the same permission as the admin API. */
export const QUEUE_BOARD_PATH = '/admin/queues';
const ADMIN_PERMISSION = 'admin:system';
/** A browser cannot send an Authorization header on navigation; the web app keeps the token here. */
const ACCESS_TOKEN_COOKIE = 'ai_access_token';

type QueueParams = { queue: string };
type DeadJobParams = { queue: string; jobId: string };
type PageQuery = { start: number; count: number };

export type QueueAdmin = {
  handlers: Record<string, OperationHandler>;
  registerBoard: (app: FastifyInstance, verify: TokenVerifier) => Promise<void>;
  close: () => Promise<void>;
};

class QueuesUnavailable extends Error {
  readonly statusCode = 503;
}

/**
 * The engine-neutral queue admin API (`/v1/admin/queues...` in the gateway spec) and Bull Board,
 * both behind `admin:system`. The gateway reads the same datastore the workers use: Redis when
 * REDIS_URL is set, otherwise BullMQ's Postgres backend on DATABASE_URL.
 */
export function createQueueAdmin(config: GatewayConfig, deps: ServiceDeps): QueueAdmin {
  const databaseUrl = config.DATABASE_URL;
  const jobs: Jobs | undefined =
    config.REDIS_URL || databaseUrl
      ? createJobs({
          ...jobsOptionsFromConfig({ ...config, DATABASE_URL: databaseUrl ?? '' }),
          queues: queueCatalogue,
          logger: deps.logger,
          registry: deps.metrics.registry,
        })
      : undefined;
  const available = (): Jobs => {
    if (!jobs) throw new QueuesUnavailable('No queue datastore is configured (REDIS_URL or DATABASE_URL).');
    return jobs;
  };
  const noContent = (reply: FastifyReply) => reply.code(204).send();

  return {
    handlers: {
      listQueues: async () => ({ datastore: available().datastore, queues: await available().stats() }),
      listDeadJobs: async (request) => {
        const { queue } = request.params as QueueParams;
        return { jobs: await available().deadJobs(queue, request.query as PageQuery) };
      },
      retryDeadJob: async (request, reply) => {
        const { queue, jobId } = request.params as DeadJobParams;
        await available().retryDead(queue, jobId);
        return noContent(reply);
      },
      discardDeadJob: async (request, reply) => {
        const { queue, jobId } = request.params as DeadJobParams;
        await available().discardDead(queue, jobId);
        return noContent(reply);
      },
    },
    registerBoard: async (app, verify) => {
      if (!jobs) return;
      await app.register(async (scope) => {
        // Checked here rather than through route config: Bull Board's own error handler would turn
        // an access error into a 500, so a refusal is answered before its routes are reached.
        scope.addHook('onRequest', async (request, reply) => {
          useTokenCookie(request);
          try {
            request.identity = await authorize(request, ADMIN_PERMISSION, verify);
          } catch (error) {
            const refusal = accessErrorMapper(error);
            if (!refusal) throw error;
            return sendProblem(request, reply, refusal);
          }
        });
        await scope.register(queueBoard, { jobs, basePath: QUEUE_BOARD_PATH });
      });
    },
    close: async () => jobs?.close(),
  };
}

/** Lets the board's page and assets authenticate with the access-token cookie when no header is sent. */
function useTokenCookie(request: FastifyRequest): void {
  if (request.headers.authorization) return;
  // One cookie by name from a standard Cookie header; a parser plugin would be more than this needs.
  const match = new RegExp(`(?:^|;\\s*)${ACCESS_TOKEN_COOKIE}=([^;]+)`).exec(request.headers.cookie ?? '');
  if (match?.[1]) request.headers.authorization = `Bearer ${decodeURIComponent(match[1])}`;
}

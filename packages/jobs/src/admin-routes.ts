import type { ErrorMapper } from '@ai-service/http';
import type { FastifyPluginAsync } from 'fastify';
import { JobsError, type JobsErrorCode } from './errors.ts';
import type { Jobs } from './jobs.ts';

export type AdminRoutesOptions = { jobs: Jobs; prefix?: string };

const queueParams = { type: 'object', required: ['queue'], properties: { queue: { type: 'string', minLength: 1 } } } as const;
const deadJobParams = {
  type: 'object',
  required: ['queue', 'jobId'],
  properties: { queue: { type: 'string', minLength: 1 }, jobId: { type: 'string', minLength: 1 } },
} as const;
const pageQuery = {
  type: 'object',
  properties: { start: { type: 'integer', minimum: 0, default: 0 }, count: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
} as const;

/**
 * The engine-neutral admin API over the queues, the same on Redis and Postgres: counts per queue,
 * dead letters, retry or discard a dead job, pause and resume. No access control of its own — the
 * gateway registers it behind its admin permission and lists it in its OpenAPI spec.
 */
export const adminQueueRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (app, { jobs, prefix = '/v1/admin/queues' }) => {
  app.get(prefix, async () => ({ datastore: jobs.datastore, queues: await jobs.stats() }));

  app.get<{ Params: { queue: string }; Querystring: { start: number; count: number } }>(
    `${prefix}/:queue/dead`,
    { schema: { params: queueParams, querystring: pageQuery } },
    async (request) => ({ jobs: await jobs.deadJobs(request.params.queue, request.query) }),
  );

  app.post<{ Params: { queue: string; jobId: string } }>(`${prefix}/:queue/dead/:jobId/retry`, { schema: { params: deadJobParams } }, async (request, reply) => {
    await jobs.retryDead(request.params.queue, request.params.jobId);
    return reply.code(204).send();
  });

  app.delete<{ Params: { queue: string; jobId: string } }>(`${prefix}/:queue/dead/:jobId`, { schema: { params: deadJobParams } }, async (request, reply) => {
    await jobs.discardDead(request.params.queue, request.params.jobId);
    return reply.code(204).send();
  });

  for (const action of ['pause', 'resume'] as const) {
    app.post<{ Params: { queue: string } }>(`${prefix}/:queue/${action}`, { schema: { params: queueParams } }, async (request, reply) => {
      await jobs[action](request.params.queue);
      return reply.code(204).send();
    });
  }
};

const statusByCode: Partial<Record<JobsErrorCode, number>> = {
  unknown_queue: 404,
  dead_job_not_found: 404,
  job_id_in_use: 409,
};

/** For the HTTP kit's `errorMappers`: the admin API's expected failures as problem+json. */
export const jobsErrorMapper: ErrorMapper = (error) => {
  if (!(error instanceof JobsError)) return undefined;
  const status = statusByCode[error.code];
  if (!status) return undefined;
  return { type: 'about:blank', title: status === 404 ? 'Not Found' : 'Conflict', status, detail: error.message, code: error.code.toUpperCase() };
};

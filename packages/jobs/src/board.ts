import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyPluginAsync } from 'fastify';
import type { Jobs } from './jobs.ts';

export type QueueBoardOptions = { jobs: Jobs; basePath?: string };

/**
 * Bull Board (every queue and its dead-letter queue) under `basePath`, on Redis or Postgres alike.
 * It has no access control of its own: the gateway mounts it behind its admin permission check.
 */
export const queueBoard: FastifyPluginAsync<QueueBoardOptions> = async (app, { jobs, basePath = '/admin/queues' }) => {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: jobs.bullQueues().map((queue) => new BullMQAdapter(queue as ConstructorParameters<typeof BullMQAdapter>[0])),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'ai-service queues' } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: basePath });
};

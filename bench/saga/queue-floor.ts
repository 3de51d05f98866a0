import type { Datastore } from '@ai-service/jobs';
import { setTimeout as sleep } from 'node:timers/promises';
import { bareQueue } from '../jobs/raw.ts';

type Sent = { sentAt: number };

/**
 * The queue's own floor for a burst, on the same datastore: `count` jobs added with one addBulk (as
 * the outbox relay adds a burst's events) to BullMQ alone, with `concurrency` worker slots doing
 * nothing. Returns each job's time from the add until its worker started it, sorted. No saga can
 * finish its orders sooner than its queue hands them over.
 */
export async function queueFloor(datastore: Datastore, prefix: string | undefined, count: number, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  const { queue, close } = await bareQueue<Sent>(datastore, prefix, async (job) => void latencies.push(Date.now() - job.data.sentAt), concurrency);
  const burst = async (size: number) => {
    latencies.length = 0;
    const sentAt = Date.now();
    await queue.addBulk(Array.from({ length: size }, () => ({ name: 'noop', data: { sentAt }, opts: { removeOnComplete: true } })));
    while (latencies.length < size) await sleep(2);
    return [...latencies].sort((a, b) => a - b);
  };
  try {
    // Warm-up, not measured: the worker's connections and its first fetches.
    await burst(concurrency);
    return await burst(count);
  } finally {
    await close();
  }
}

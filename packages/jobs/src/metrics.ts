import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type JobOutcome = 'completed' | 'retrying' | 'dead' | 'deferred';

export type DepthSource = () => Promise<Array<{ queue: string; counts: Record<string, number> }>>;

export type JobMetrics = {
  processed: Counter<'queue' | 'name' | 'status'>;
  duration: Histogram<'queue' | 'name' | 'status'>;
  addDepthSource: (source: DepthSource) => () => void;
};

// A registry may serve several Jobs instances (a producer and a worker in one process): metrics
// are created once per registry and queue depth is collected from every instance.
const depthSources = new WeakMap<Registry, Set<DepthSource>>();

function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}

export function jobMetrics(registry: Registry): JobMetrics {
  const processed =
    existing<Counter<'queue' | 'name' | 'status'>>(registry, 'jobs_processed_total') ??
    new Counter({
      name: 'jobs_processed_total',
      help: 'Job attempts by queue, job name and outcome (completed, retrying, dead, deferred)',
      labelNames: ['queue', 'name', 'status'] as const,
      registers: [registry],
    });
  const duration =
    existing<Histogram<'queue' | 'name' | 'status'>>(registry, 'job_duration_seconds') ??
    new Histogram({
      name: 'job_duration_seconds',
      help: 'Time a handler spent on one job attempt, by queue, job name and outcome',
      labelNames: ['queue', 'name', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
  let sources = depthSources.get(registry);
  if (!sources) {
    const created = new Set<DepthSource>();
    sources = created;
    depthSources.set(registry, created);
    new Gauge({
      name: 'queue_depth',
      help: 'Jobs per queue and state (waiting, active, delayed, failed, completed, dead), read from the datastore at scrape time',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const source of created) {
          // A datastore that does not answer leaves the gauge empty rather than failing the whole scrape.
          const stats = await source().catch(() => []);
          for (const { queue, counts } of stats) {
            for (const [state, count] of Object.entries(counts)) this.set({ queue, state }, count);
          }
        }
      },
    });
  }
  const registered = sources;
  return {
    processed,
    duration,
    addDepthSource: (source) => {
      registered.add(source);
      return () => registered.delete(source);
    },
  };
}

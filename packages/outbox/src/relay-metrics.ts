import { Gauge, type Registry } from 'prom-client';

export type OutboxBacklog = { schema: string; pending: number; lagSeconds: number };
type BacklogSource = () => Promise<OutboxBacklog | undefined>;

// Several relays (one per schema) may share a registry: gauges are created once per registry and
// each scrape asks every registered relay for its backlog.
const sources = new WeakMap<Registry, Set<BacklogSource>>();

export function registerBacklogSource(registry: Registry, source: BacklogSource): () => void {
  let set = sources.get(registry);
  if (!set) {
    const created = new Set<BacklogSource>();
    set = created;
    sources.set(registry, created);
    const read = async () => (await Promise.all([...created].map((read) => read().catch(() => undefined)))).filter((backlog) => backlog !== undefined);
    new Gauge({
      name: 'outbox_pending',
      help: 'Events committed to the outbox and not yet published, by schema',
      labelNames: ['schema'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const backlog of await read()) this.set({ schema: backlog.schema }, backlog.pending);
      },
    });
    new Gauge({
      name: 'outbox_lag_seconds',
      help: 'Age of the oldest unpublished outbox event (0 when none), by schema',
      labelNames: ['schema'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const backlog of await read()) this.set({ schema: backlog.schema }, backlog.lagSeconds);
      },
    });
  }
  const registered = set;
  registered.add(source);
  return () => registered.delete(source);
}

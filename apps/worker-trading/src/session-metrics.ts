import type { Database } from '@ai-service/db';
import { countTradingSessions } from '@ai-service/trading-domain';
import { Gauge, type Registry } from 'prom-client';

export type SessionTelemetry = {
  /** A tick's net PnL of the session (decimal string), or null when it left Live/Monitoring. */
  ticked: (sessionId: string, pnl: string | null) => void;
};

/**
 * `strategies_live{mode}`: sessions of every tenant in Live or Monitoring, counted in Postgres at each
 * scrape (owner connection). `pnl_estimated`: the sum of the net PnL (realized + unrealized −
 * fees, quote asset) of the sessions this process ticked, as of each one's last tick; with several
 * workers, sum the series across instances.
 */
export function sessionMetrics(registry: Registry, owner: Database): SessionTelemetry {
  new Gauge({
    name: 'strategies_live',
    help: 'Strategy sessions in Live or Monitoring, by mode (paper, live)',
    labelNames: ['mode'] as const,
    registers: [registry],
    async collect() {
      const counts = { paper: 0, live: 0 };
      for (const { mode, count } of await countTradingSessions(owner)) counts[mode] = count;
      this.set({ mode: 'paper' }, counts.paper);
      this.set({ mode: 'live' }, counts.live);
    },
  });
  const latest = new Map<string, number>();
  new Gauge({
    name: 'pnl_estimated',
    help: 'Net PnL (realized + unrealized - fees, quote asset) of the sessions this worker ticks, as of their last tick',
    registers: [registry],
    collect() {
      let total = 0;
      for (const pnl of latest.values()) total += pnl;
      this.set(total);
    },
  });
  return {
    ticked: (sessionId, pnl) => {
      // A gauge is a float by nature; the exact figures stay in GET /v1/trading/status.
      if (pnl === null) latest.delete(sessionId);
      else latest.set(sessionId, Number(pnl));
    },
  };
}

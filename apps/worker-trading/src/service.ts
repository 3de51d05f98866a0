import type { ServiceConfig } from '@ai-service/config';
import { createJobs, jobsOptionsFromConfig, queueCatalogue, type Jobs } from '@ai-service/jobs';
import { createPool, type Database } from '@ai-service/db';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import {
  ccxtCandleSources,
  createConnectorResolver,
  fundPaperAccount,
  liveTickerFeed,
  publicConnectors,
  resumeArbitrageWatches,
  resumeSessions,
  secretsKeyFrom,
  sessionPaperMarkets,
  threadRunner,
  type BacktestRunner,
  type Clock,
  type ConnectorResolver,
  type ExchangeConnector,
  type OrderSagaContext,
  type SessionVenue,
} from '@ai-service/trading-domain';
import { drizzle } from 'drizzle-orm/node-postgres';
import packageJson from '../package.json' with { type: 'json' };
import { registerArbitrageExecutionHandlers } from './arbitrage-execution-handlers.ts';
import { registerArbitrageHandlers, watchScheduler } from './arbitrage-handlers.ts';
import { backtestMetrics } from './backtest-metrics.ts';
import { registerTradingHandlers } from './handlers.ts';
import { registerOrderSagaHandlers, sagaScheduler } from './order-saga-handlers.ts';
import { sagaMetrics } from './saga-metrics.ts';
import { registerSessionHandlers } from './session-handlers.ts';
import { sessionMetrics } from './session-metrics.ts';
import { sessionScheduler } from './session-scheduler.ts';

const QUEUE = 'trading';
/** A running backtest's progress is written at most this often. */
const PROGRESS_INTERVAL_MS = 1_000;

export type TradingWorkerOptions = {
  /** Where simulations run: a thread per run by default. */
  runner?: BacktestRunner;
  clock?: Clock;
  /** What the market-data CCXT clients call instead of the global fetch (tests serve recorded exchange responses). */
  exchangeFetch?: typeof fetch;
};

export function defineWorker(config: ServiceConfig<'worker-trading'>, { runner = threadRunner(), clock = () => new Date(), exchangeFetch }: TradingWorkerOptions = {}): ServiceDefinition {
  let jobs: Jobs | undefined;
  return {
    service: 'worker-trading',
    version: packageJson.version,
    port: config.WORKER_TRADING_PORT,
    config,
    // The trading schema is owned and migrated by trading-svc; this worker only uses it.
    database: { url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX, schema: 'trading' },
    checks: {
      // The queue datastore (Redis, or Postgres schema `bullmq`) answers.
      queues: async () => {
        if (!jobs) throw new Error('queues not started');
        await jobs.ping();
      },
    },
    register: (_app, { logger, metrics, pool }) => {
      if (!pool) throw new Error('worker-trading runs with its database');
      jobs = createJobs({ ...jobsOptionsFromConfig(config), queues: { [QUEUE]: queueCatalogue[QUEUE] }, logger, registry: metrics.registry });
      const db = drizzle(pool);
      registerTradingHandlers(jobs, {
        db,
        clock,
        runner,
        telemetry: backtestMetrics(metrics.registry),
        progressIntervalMs: PROGRESS_INTERVAL_MS,
      });
      // Market-data clients shared by paper sessions' live prices and arbitrage watches (one rate limiter per exchange).
      const exchanges = publicConnectors({ db, fetchImplementation: exchangeFetch });
      const connectors = sessionConnectors(db, exchanges, config.TRADING_SECRETS_KEY);
      const arbitrage = { db, clock, connectorFor: exchanges, watchScheduler: watchScheduler(jobs) };
      registerArbitrageHandlers(jobs, arbitrage);
      const saga: Omit<OrderSagaContext, 'traceId'> = {
        db,
        clock,
        connectors,
        settings: { orderTimeoutMs: config.ORDER_TIMEOUT_MS, reservationTtlMs: config.ORDER_RESERVATION_TTL_MS, slippageMargin: config.ORDER_SLIPPAGE_MARGIN },
        scheduler: sagaScheduler(jobs, { sweepIntervalMs: config.ORDER_SWEEP_INTERVAL_MS }),
        telemetry: sagaMetrics(metrics.registry),
      };
      registerOrderSagaHandlers(jobs, saga);
      registerArbitrageExecutionHandlers(jobs, { db, clock });
      // The boot sweep and strategies_live read every tenant's sessions: the owner connection (policy sessions_sweep).
      const ownerPool = createPool({ url: config.DATABASE_URL, max: 2, onError: (error) => logger.warn({ err: error }, 'postgres connection lost') });
      const owner = drizzle(ownerPool);
      const sessions = {
        db,
        clock,
        connectors,
        scheduler: sessionScheduler(jobs),
        candleSources: ccxtCandleSources(),
        fundPaperAccount: (input: { tenantId: string; account: string; asset: string; amount: string }) => fundPaperAccount({ db, ...input }),
        saga,
        replayTickMs: config.SESSION_REPLAY_TICK_MS,
        liveTickMs: config.SESSION_LIVE_TICK_MS,
      };
      registerSessionHandlers(jobs, { ...sessions, telemetry: sessionMetrics(metrics.registry, owner), attempts: config.JOBS_ATTEMPTS });
      jobs.work(QUEUE, { concurrency: config.JOBS_CONCURRENCY });
      // Resume after a restart (idempotent): Live sessions reconciled and ticking again, unfinished deploys and stops re-enqueued.
      const resumed = resumeSessions({ ctx: { ...sessions, traceId: undefined }, owner }).then(
        (report) => logger.info({ report }, 'sessions resumed'),
        (error: unknown) => logger.error({ err: error }, 'resuming sessions failed'),
      );
      // Every enabled arbitrage watch has its scheduler (idempotent), also after the queue datastore lost it.
      const watchesResumed = resumeArbitrageWatches({ owner, watchScheduler: arbitrage.watchScheduler }).then(
        (report) => logger.info({ report }, 'arbitrage watches scheduled'),
        (error: unknown) => logger.error({ err: error }, 'scheduling arbitrage watches failed'),
      );
      const running = jobs;
      return { closers: [() => resumed, () => watchesResumed, () => running.close(), () => ownerPool.end()] };
    },
  };
}

/**
 * The venue of each session (createConnectorResolver): a live session trades through CCXT with the
 * tenant's stored credentials; a paper session gets a paper exchange listing its symbols and filling
 * against its replayed closes, or, on live prices, the exchange's public ticker.
 */
function sessionConnectors(db: Database, exchanges: (exchange: string) => ExchangeConnector, secretsKey: string | undefined): ConnectorResolver {
  const livePrices = ({ exchange }: SessionVenue) => liveTickerFeed(exchanges(exchange));
  return createConnectorResolver({ db, secretsKey: secretsKeyFrom(secretsKey), feedFor: (venue) => sessionPaperMarkets(db, venue, livePrices) });
}

import { accessErrorMapper, registerAccessControl, remoteTokenVerifier } from '@ai-service/access';
import type { ServiceConfig } from '@ai-service/config';
import { openapiSpecs } from '@ai-service/contracts';
import { createJobs, jobsOptionsFromConfig, queueCatalogue } from '@ai-service/jobs';
import { startServiceRelay } from '@ai-service/outbox';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import { ccxtCandleSources, publicConnectors, secretsKeyFrom, type Clock } from '@ai-service/trading-domain';
import { outbox } from '@ai-service/trading-domain/schema';
import multipart from '@fastify/multipart';
import { drizzle } from 'drizzle-orm/node-postgres';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };
import { tradingErrorMapper } from './errors.ts';
import { arbitrageExecutionHandlers } from './http/arbitrage-execution-handlers.ts';
import { arbitrageWatchHandlers } from './http/arbitrage-watch-handlers.ts';
import { exchangeHandlers } from './http/exchange-handlers.ts';
import { tradingHandlers } from './http/handlers.ts';
import { sessionJobsOn } from './session-jobs.ts';
import { watchSchedulerOn } from './watch-jobs.ts';

export type TradingServiceOptions = {
  /** The time the rules read (timestamps of backtests and imports); tests pass their own. */
  clock?: Clock;
  /** What the CCXT exchange clients call instead of the global fetch (tests serve recorded exchange responses). */
  exchangeFetch?: typeof fetch;
};

export function defineService(config: ServiceConfig<'trading-svc'>, { clock = () => new Date(), exchangeFetch }: TradingServiceOptions = {}): ServiceDefinition {
  return {
    service: 'trading-svc',
    version: packageJson.version,
    port: config.TRADING_SVC_PORT,
    config,
    spec: openapiSpecs['trading'],
    database: {
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      schema: 'trading',
      migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
    },
    errorMappers: [accessErrorMapper, tradingErrorMapper],
    register: async (app, { pool, logger, metrics }) => {
      if (!pool) throw new Error('trading-svc runs with its database');
      registerAccessControl(app, remoteTokenVerifier(config.AUTH_JWKS_URL));
      // Candle uploads: one CSV file and the series fields; nothing else is accepted in the body.
      await app.register(multipart, { limits: { fileSize: config.CANDLE_IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 1_000 } });
      // Deploy and stop jobs are enqueued by the requests themselves (worker-trading's boot sweep
      // re-enqueues one lost between a commit and its enqueue; see docs/sessions.md).
      const jobs = createJobs({ ...jobsOptionsFromConfig(config), queues: { trading: queueCatalogue.trading }, logger, registry: metrics.registry, reportDepth: false });
      // One set of market-data clients, so scans on request and watch checks share their rate limiters.
      const connectorFor = publicConnectors({ db: drizzle(pool), fetchImplementation: exchangeFetch });
      return {
        handlers: {
          ...tradingHandlers({ db: drizzle(pool), clock, candleSources: ccxtCandleSources({ fetchImplementation: exchangeFetch }), sessionJobs: sessionJobsOn(jobs) }),
          ...exchangeHandlers({
            db: drizzle(pool),
            clock,
            secretsKey: secretsKeyFrom(config.TRADING_SECRETS_KEY),
            connectorFor,
          }),
          // Watches get (and lose) their scanArbitrage job scheduler with each change (docs/exchanges.md).
          ...arbitrageWatchHandlers({ db: drizzle(pool), clock, connectorFor, watchScheduler: watchSchedulerOn(jobs) }),
          // Two-leg executions: the first leg's order is requested here; worker-trading drives the rest from the orders' outcomes.
          ...arbitrageExecutionHandlers({ db: drizzle(pool), clock }),
        },
        closers: [
          () => jobs.close(),
          // Publishes the events committed to this schema's outbox to their subscriber queues,
          // among them each backtest run's BacktestRunRequested to worker-trading.
          startServiceRelay({ config, outbox, logger, registry: metrics.registry }),
        ],
      };
    },
  };
}

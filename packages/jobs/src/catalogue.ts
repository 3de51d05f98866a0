/**
 * The queues of the platform and the job names each one accepts. Producers and workers live in
 * different processes, so this shared list is what makes "enqueue a name nobody handles" fail at
 * the producer, and "a worker that forgot a handler" fail at its boot.
 *
 * An event subscription is a job name equal to the event type (see packages/outbox): the relay
 * publishes each event to every queue that declares its type.
 */
export type QueueCatalogue = Readonly<Record<string, readonly string[]>>;

export const queueCatalogue = {
  /** worker-financial (seed 001 §7): bank sync, auto-categorization (also on TransactionSynced), backfills, statement imports (StatementImportRequested, from financial-svc's outbox) and the categorization of each import once committed (StatementImported); trades of trading sessions booked in their brokerage account (TradeExecuted, from trading-svc's outbox); the due invoices of each recurring invoice template (generateRecurringInvoices, one daily scheduler per template). */
  financial: ['syncBank', 'autoCategorize', 'backfill', 'StatementImportRequested', 'StatementImported', 'TransactionSynced', 'TradeExecuted', 'generateRecurringInvoices'],
  /** worker-trading (seed 001 §7): strategy sessions and their periodic tick; backtest runs (BacktestRunRequested, one event per run, from trading-svc's outbox); the order saga (OrderRequested from trading's outbox, each order's delayed orderTimeout, each tenant's periodic sweepReservations); each arbitrage watch's periodic scanArbitrage; the saga's OrderFilled and OrderFailed, which move two-leg arbitrage executions. */
  trading: ['deploy', 'stop', 'tick', 'BacktestRunRequested', 'OrderRequested', 'orderTimeout', 'sweepReservations', 'scanArbitrage', 'OrderFilled', 'OrderFailed'],
} as const satisfies QueueCatalogue;

export type QueueName = keyof typeof queueCatalogue;

/** BullMQ queue that holds the jobs of `queue` whose attempts are exhausted. */
export const deadLetterQueueName = (queue: string) => `${queue}.dead`;

import { withTenant } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import type { WatchJobData, WatchScheduler } from '../arbitrage-jobs.ts';
import type { TradingContext } from '../context.ts';
import { isTradingDomainError } from '../errors.ts';
import { findWatch, updateWatch } from '../repositories/arbitrage-watches.ts';
import { findOpportunities, type VenueQuote } from './find-opportunities.ts';
import { opportunitiesToRecord } from './open-opportunities.ts';
import { readQuotes, type ConnectorFor } from './read-quotes.ts';
import { recordOpportunities } from './record-opportunities.ts';
import type { OpportunityView } from './types.ts';
import { executeFromWatch, type AutoExecution } from './watch-auto-execute.ts';
import { watchView } from './watch-rules.ts';

/** What worker-trading's scanArbitrage job runs with: public market-data connectors and the watches' schedulers. */
export type WatchScanContext = TradingContext & { connectorFor: ConnectorFor; watchScheduler: WatchScheduler };

export type WatchScanOutcome =
  | { status: 'inactive' }
  | { status: 'superseded' }
  | { status: 'failed'; error: string }
  | { status: 'scanned'; found: number; recorded: OpportunityView[]; executions: AutoExecution[] };

/**
 * One scheduled scan of a watch (the `scanArbitrage` job). It reads the books with the scanner
 * (readQuotes, findOpportunities), records what is new since the previous scan
 * (opportunitiesToRecord) the way a scan on request does (rows, ArbitrageOpportunityFound, audit),
 * executes them when the watch auto-executes (executeFromWatch: each execution's first leg is
 * requested), and stamps `lastScanAt`, all in one transaction that locks the watch, so overlapping scans of one
 * watch never record one opportunity twice. An exchange that cannot be read, or no longer lists the
 * symbol, is stored as `lastError` and the job succeeds: the next tick tries again. A watch deleted or
 * disabled meanwhile makes the job a no-op that removes the scheduler left behind.
 */
export async function runWatchScan({ ctx, input }: { ctx: WatchScanContext; input: WatchJobData }): Promise<WatchScanOutcome> {
  const watch = await withTenant(ctx.db, input.tenantId, (tx) => findWatch(tx, input.watchId));
  if (!watch?.enabled) return retire(ctx, input);
  let quotes: VenueQuote[];
  try {
    quotes = await readQuotes(ctx.connectorFor, watch.symbol, watch.exchanges);
  } catch (error) {
    if (!isTradingDomainError(error)) throw error;
    const stamped = await withTenant(ctx.db, input.tenantId, (tx) => updateWatch(tx, watch.id, { lastScanAt: ctx.clock(), lastError: error.message }));
    return stamped ? { status: 'failed', error: error.message } : { status: 'inactive' };
  }
  const foundAt = ctx.clock();
  const threshold = watchView(watch).threshold;
  const found = findOpportunities(watch.symbol, quotes, threshold);
  return withTenant(ctx.db, input.tenantId, async (tx): Promise<WatchScanOutcome> => {
    const locked = await findWatch(tx, watch.id, { forUpdate: true });
    if (!locked?.enabled) return { status: 'inactive' };
    // Edited while the books were read: these prices were read for settings it no longer has.
    if (locked.updatedAt.getTime() !== watch.updatedAt.getTime()) return { status: 'superseded' };
    const { record, open } = opportunitiesToRecord(locked.openOpportunities, found);
    const recorded = record.map((opportunity) => ({ ...opportunity, id: randomUUID(), threshold, foundAt }));
    await recordOpportunities(tx, ctx, input.tenantId, null, recorded);
    const executions = locked.autoExecute ? await executeFromWatch(tx, { ...ctx, tenantId: input.tenantId }, locked.autoExecute, recorded) : [];
    // A skipped execution is not a failed scan, but must not go unseen.
    const skipped = executions.flatMap((execution) => ('skipped' in execution ? [execution.skipped] : []));
    const lastError = skipped.length > 0 ? `auto-execution skipped: ${skipped.join('; ')}` : null;
    await updateWatch(tx, watch.id, { lastScanAt: foundAt, lastError, openOpportunities: open });
    return { status: 'scanned', found: found.length, recorded, executions };
  });
}

/**
 * Removes the scheduler of a watch that is gone or off, then looks again: a watch switched back on
 * in between (trading-svc re-created the scheduler just before this removal) gets it back.
 */
async function retire(ctx: WatchScanContext, input: WatchJobData): Promise<WatchScanOutcome> {
  await ctx.watchScheduler.unschedule(input.watchId);
  const again = await withTenant(ctx.db, input.tenantId, (tx) => findWatch(tx, input.watchId));
  if (again?.enabled) await ctx.watchScheduler.schedule(input, again.intervalSeconds * 1000);
  return { status: 'inactive' };
}

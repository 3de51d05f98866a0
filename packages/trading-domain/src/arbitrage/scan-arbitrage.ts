import { withTenant } from '@ai-service/db';
import { decimal, decimalToString, isDecimalString } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import { TradingDomainError } from '../errors.ts';
import { findOpportunities } from './find-opportunities.ts';
import { readQuotes } from './read-quotes.ts';
import { recordOpportunities } from './record-opportunities.ts';
import type { ArbitrageContext, OpportunityView, ScanArbitrageInput } from './types.ts';

const invalid = (field: string, message: string) => new TradingDomainError('invalid_input', `${field} ${message}.`, [{ field, message }]);

/**
 * Reads the symbol's order book and taker fee on every exchange at once, finds each pair whose
 * spread net of both fees reaches the threshold, and records the opportunities with one
 * `ArbitrageOpportunityFound` each (outbox) and an audit row, in one transaction. Returns what was
 * found now (none below the threshold). An exchange that cannot be read fails the scan
 * (exchange_unavailable / exchange_error); one that does not list the symbol is unsupported_market.
 */
export async function scanArbitrage({ ctx, input }: { ctx: ArbitrageContext; input: ScanArbitrageInput }): Promise<OpportunityView[]> {
  if (new Set(input.exchanges).size !== input.exchanges.length) throw invalid('exchanges', 'must not repeat an exchange');
  if (input.exchanges.length < 2) throw invalid('exchanges', 'must name at least two exchanges');
  if (!isDecimalString(input.threshold) || decimal(input.threshold).lt(0)) throw invalid('threshold', 'must be a non-negative decimal fraction');
  const threshold = decimalToString(decimal(input.threshold));

  const quotes = await readQuotes(ctx.connectorFor, input.symbol, input.exchanges);
  const foundAt = ctx.clock();
  const views: OpportunityView[] = findOpportunities(input.symbol, quotes, threshold).map((opportunity) => ({ ...opportunity, id: randomUUID(), threshold, foundAt }));
  if (views.length > 0) await withTenant(ctx.db, ctx.tenantId, (tx) => recordOpportunities(tx, ctx, ctx.tenantId, ctx.actorId, views));
  return views;
}

import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString, isDecimalString } from '@ai-service/money';
import type { TradingContext } from '../context.ts';
import type { WatchAutoExecute } from '../db/schema/index.ts';
import { LIVE_PERMISSION } from '../domain/sessions/deploy-session.ts';
import { isTradingDomainError, TradingDomainError } from '../errors.ts';
import { legSession, legSessions, recordExecution } from './executions/record-execution.ts';
import type { AutoExecuteInput, OpportunityView } from './types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalid = (field: string, message: string) => new TradingDomainError('invalid_input', `${field} ${message}.`, [{ field, message }]);

/**
 * A watch's auto-execution, checked against its symbol and exchanges: a positive `maxQuantity`, a
 * session for at least two of the watch's exchanges, each the tenant's, on that exchange, trading
 * the symbol, Live or Monitoring, all of one mode. Live sessions need trading:live and
 * `confirmLive: true` when the user sets them (`confirming`); a later change of the watch's symbol or
 * exchanges checks the sessions again but does not ask again.
 */
export async function checkAutoExecute(
  tx: Transaction,
  ctx: { permissions?: readonly string[] | undefined },
  settings: { symbol: string; exchanges: string[] },
  input: AutoExecuteInput,
  { confirming }: { confirming: boolean },
): Promise<WatchAutoExecute> {
  if (!isDecimalString(input.maxQuantity) || decimal(input.maxQuantity).lte(0)) throw invalid('autoExecute.maxQuantity', 'must be a decimal number greater than 0');
  const entries = Object.entries(input.sessions);
  if (entries.length < 2) throw invalid('autoExecute.sessions', 'must name a session for at least two of the watch’s exchanges');
  const modes = new Set<string>();
  for (const [exchange, sessionId] of entries) {
    const field = `autoExecute.sessions.${exchange}`;
    if (!settings.exchanges.includes(exchange)) throw invalid(field, 'is not one of the watch’s exchanges');
    if (!UUID.test(sessionId)) throw invalid(field, 'must be a session id (UUID)');
    modes.add((await legSession(tx, field, sessionId, exchange, settings.symbol)).mode);
  }
  if (modes.size > 1) throw invalid('autoExecute.sessions', 'must all be paper sessions or all live ones');
  if (confirming && modes.has('live')) {
    if (!ctx.permissions?.includes(LIVE_PERMISSION)) {
      throw new TradingDomainError('forbidden', `Live sessions need the permission ${LIVE_PERMISSION}.`, [{ field: 'autoExecute.sessions', message: `live needs ${LIVE_PERMISSION}` }]);
    }
    if (input.confirmLive !== true) throw invalid('autoExecute.confirmLive', 'must be true to trade live money');
  }
  return { sessions: Object.fromEntries(entries), maxQuantity: decimalToString(decimal(input.maxQuantity)) };
}

export type AutoExecution = { opportunityId: string; executionId: string } | { opportunityId: string; skipped: string };

/**
 * Executes the opportunities a watch's scan records, in the scan's transaction: each one between
 * two exchanges the watch has sessions for, for the smaller of `maxQuantity` and what both top
 * levels hold, with `watch:<opportunity id>` as client id. One whose sessions no longer qualify
 * (stopped, say) is skipped, saying why.
 */
export async function executeFromWatch(
  tx: Transaction,
  ctx: TradingContext & { tenantId: string },
  autoExecute: WatchAutoExecute,
  recorded: readonly OpportunityView[],
): Promise<AutoExecution[]> {
  const outcomes: AutoExecution[] = [];
  for (const opportunity of recorded) {
    const buySessionId = autoExecute.sessions[opportunity.buyExchange];
    const sellSessionId = autoExecute.sessions[opportunity.sellExchange];
    if (!buySessionId || !sellSessionId) continue;
    const quantity = decimal(opportunity.maxQuantity).lt(autoExecute.maxQuantity) ? decimal(opportunity.maxQuantity) : decimal(autoExecute.maxQuantity);
    if (quantity.lte(0)) continue;
    const market = { opportunityId: opportunity.id, symbol: opportunity.symbol, buyExchange: opportunity.buyExchange, sellExchange: opportunity.sellExchange };
    try {
      const sessions = await legSessions(tx, market, { buySessionId, sellSessionId });
      const row = await recordExecution(tx, { ...ctx, actorId: null }, { market, quantity: decimalToString(quantity), sessions, clientId: `watch:${opportunity.id}` });
      if (row) outcomes.push({ opportunityId: opportunity.id, executionId: row.id });
    } catch (error) {
      if (!isTradingDomainError(error)) throw error;
      outcomes.push({ opportunityId: opportunity.id, skipped: `${opportunity.buyExchange} → ${opportunity.sellExchange}: ${error.message}` });
    }
  }
  return outcomes;
}

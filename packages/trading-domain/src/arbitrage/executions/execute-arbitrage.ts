import { withTenant, type Transaction } from '@ai-service/db';
import { decimal, decimalToString, isDecimalString } from '@ai-service/money';
import { LIVE_PERMISSION } from '../../domain/sessions/deploy-session.ts';
import { TradingDomainError, type FieldProblem } from '../../errors.ts';
import { findExecutionByClientId, findOpportunity } from '../../repositories/arbitrage-executions.ts';
import { readExecutionDetail } from './read-execution-detail.ts';
import { legSessions, recordExecution, type ExecutionMarket } from './record-execution.ts';
import type { ExecuteArbitrageContext, ExecuteArbitrageInput, ExecutionDetail } from './types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SYMBOL = /^[A-Z0-9]{2,12}\/[A-Z0-9]{2,12}$/;

const invalid = (field: string, message: string) => new TradingDomainError('invalid_input', `${field} ${message}.`, [{ field, message }]);

function fieldProblems(input: ExecuteArbitrageInput): FieldProblem[] {
  const found: FieldProblem[] = [];
  if (!isDecimalString(input.quantity) || decimal(input.quantity).lte(0)) found.push({ field: 'quantity', message: 'must be a decimal number greater than 0' });
  if (!UUID.test(input.buySessionId)) found.push({ field: 'buySessionId', message: 'must be a UUID' });
  if (!UUID.test(input.sellSessionId)) found.push({ field: 'sellSessionId', message: 'must be a UUID' });
  else if (input.sellSessionId === input.buySessionId) found.push({ field: 'sellSessionId', message: 'must be another session than buySessionId' });
  if (input.clientId !== undefined && (input.clientId.length === 0 || input.clientId.length > 100)) found.push({ field: 'clientId', message: 'must be 1 to 100 characters' });
  if (input.opportunityId !== undefined) {
    if (!UUID.test(input.opportunityId)) found.push({ field: 'opportunityId', message: 'must be a UUID' });
    return found;
  }
  if (input.symbol === undefined || !SYMBOL.test(input.symbol)) found.push({ field: 'symbol', message: 'must be a market symbol such as BTC/USDT (or give opportunityId)' });
  if (!input.buyExchange) found.push({ field: 'buyExchange', message: 'must name an exchange (or give opportunityId)' });
  if (!input.sellExchange) found.push({ field: 'sellExchange', message: 'must name an exchange (or give opportunityId)' });
  else if (input.sellExchange === input.buyExchange) found.push({ field: 'sellExchange', message: 'must be another exchange than buyExchange' });
  return found;
}

/** The market and exchanges: the recorded opportunity's (fields given beside it must agree), or the request's. */
async function marketOf(tx: Transaction, input: ExecuteArbitrageInput): Promise<ExecutionMarket> {
  if (input.opportunityId === undefined) return { opportunityId: null, symbol: input.symbol!, buyExchange: input.buyExchange!, sellExchange: input.sellExchange! };
  const opportunity = await findOpportunity(tx, input.opportunityId);
  if (!opportunity) throw new TradingDomainError('not_found', 'No such opportunity.', [{ field: 'opportunityId', message: 'no such opportunity' }]);
  for (const field of ['symbol', 'buyExchange', 'sellExchange'] as const) {
    if (input[field] !== undefined && input[field] !== opportunity[field]) throw invalid(field, `must be the opportunity's (${opportunity[field]}) or left out`);
  }
  return { opportunityId: opportunity.id, symbol: opportunity.symbol, buyExchange: opportunity.buyExchange, sellExchange: opportunity.sellExchange };
}

function checkLive(ctx: ExecuteArbitrageContext, input: ExecuteArbitrageInput): void {
  if (!ctx.permissions.includes(LIVE_PERMISSION)) {
    throw new TradingDomainError('forbidden', `Live sessions need the permission ${LIVE_PERMISSION}.`, [{ field: 'buySessionId', message: `live needs ${LIVE_PERMISSION}` }]);
  }
  if (input.confirmLive !== true) throw invalid('confirmLive', 'must be true to trade live money');
}

/**
 * Records an execution and requests its first leg, the buy on the cheaper exchange, in one
 * transaction (the row, its first transition, the audit row and the saga's OrderRequested). The
 * rest is driven by the orders' outcomes (advanceArbitrageExecution). The same clientId returns the
 * first execution with `created: false`.
 */
export async function executeArbitrage({ ctx, input }: { ctx: ExecuteArbitrageContext; input: ExecuteArbitrageInput }): Promise<{ execution: ExecutionDetail; created: boolean }> {
  const problems = fieldProblems(input);
  if (problems.length > 0) throw new TradingDomainError('invalid_input', `${problems[0]!.field} ${problems[0]!.message}.`, problems);
  const quantity = decimalToString(decimal(input.quantity));
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const known = input.clientId === undefined ? undefined : await findExecutionByClientId(tx, input.clientId);
    if (known) return { execution: await readExecutionDetail(tx, known), created: false };
    const market = await marketOf(tx, input);
    const sessions = await legSessions(tx, market, input);
    if (sessions.buy.mode === 'live') checkLive(ctx, input);
    const row = await recordExecution(tx, ctx, { market, quantity, sessions, clientId: input.clientId ?? null });
    // Lost a race for the client id: the other request's execution (visible once it committed) is the one.
    if (!row) return { execution: await readExecutionDetail(tx, (await findExecutionByClientId(tx, input.clientId!))!), created: false };
    return { execution: await readExecutionDetail(tx, row), created: true };
  });
}

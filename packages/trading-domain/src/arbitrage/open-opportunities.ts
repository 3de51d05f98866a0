import { decimal } from '@ai-service/money';
import type { WatchOpenOpportunities } from '../db/schema/index.ts';
import type { ArbitrageOpportunity } from './find-opportunities.ts';

/** A recorded net spread is re-recorded once it moved by this share of itself… */
const RELATIVE_CHANGE = decimal('0.25');
/** …and by at least one basis point (so a spread near zero does not re-record on every wobble). */
const MIN_CHANGE = decimal('0.0001');

const pairOf = (opportunity: ArbitrageOpportunity) => `${opportunity.buyExchange}>${opportunity.sellExchange}`;

/**
 * Which of a watch's scan results to record, so that one opportunity persisting across scans is
 * recorded (and emitted) once: a pair (buy exchange, sell exchange) is recorded when it was not open
 * after the previous scan, or when its net spread moved materially from the one last recorded (by
 * at least 25 % of it and at least 0.0001). `open` becomes the pairs found now, each with the net
 * spread last recorded for it; a pair no longer found is closed, and is recorded again if it reappears.
 */
export function opportunitiesToRecord(open: WatchOpenOpportunities, found: readonly ArbitrageOpportunity[]): { record: ArbitrageOpportunity[]; open: WatchOpenOpportunities } {
  const record: ArbitrageOpportunity[] = [];
  const next: WatchOpenOpportunities = {};
  for (const opportunity of found) {
    const pair = pairOf(opportunity);
    const recorded = open[pair];
    if (recorded === undefined || changedMaterially(recorded, opportunity.netSpread)) {
      record.push(opportunity);
      next[pair] = opportunity.netSpread;
    } else {
      next[pair] = recorded;
    }
  }
  return { record, open: next };
}

function changedMaterially(recorded: string, now: string): boolean {
  const change = decimal(now).minus(decimal(recorded)).abs();
  return change.gte(MIN_CHANGE) && change.gte(decimal(recorded).abs().times(RELATIVE_CHANGE));
}

import { TradingError } from '../errors.ts';

/** The seven states of a strategy session (seed 001 §8), named as in the contracts' `strategyState` event enum. */
export type SessionState = 'Idle' | 'Analyzing' | 'Preparing' | 'Live' | 'Monitoring' | 'Stopped' | 'Error';

export const SESSION_STATES: readonly SessionState[] = Object.freeze(['Idle', 'Analyzing', 'Preparing', 'Live', 'Monitoring', 'Stopped', 'Error']);

/**
 * Every allowed move; anything else, staying in the same state included, is refused.
 * Idle → Analyzing (warm up indicators on history) → Preparing (check balances, markets, limits)
 * → Live (trading on signals) ⇄ Monitoring (position open, watching exits and risk).
 * Any state but Stopped can be stopped; every active state (Analyzing…Monitoring) can fail into Error.
 * Stopped and Error return to Idle to be deployed again; an Error can also be stopped for good.
 */
export const SESSION_TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = Object.freeze({
  Idle: Object.freeze(['Analyzing', 'Stopped'] as const),
  Analyzing: Object.freeze(['Preparing', 'Stopped', 'Error'] as const),
  Preparing: Object.freeze(['Live', 'Stopped', 'Error'] as const),
  Live: Object.freeze(['Monitoring', 'Stopped', 'Error'] as const),
  Monitoring: Object.freeze(['Live', 'Stopped', 'Error'] as const),
  Stopped: Object.freeze(['Idle'] as const),
  Error: Object.freeze(['Idle', 'Stopped'] as const),
});

export type SessionTransition = { from: SessionState; to: SessionState; reason: string | null; at: Date };

export function canTransition(from: SessionState, to: SessionState): boolean {
  return Object.hasOwn(SESSION_TRANSITIONS, from) && SESSION_TRANSITIONS[from].includes(to);
}

/** The record of an allowed move; an invalid one throws `invalid_transition` (never a silent no-op). */
export function transition(from: SessionState, to: SessionState, reason: string | null, at: Date): SessionTransition {
  if (!canTransition(from, to)) {
    throw new TradingError('invalid_transition', `A session cannot move from ${from} to ${to}`, { field: 'state' });
  }
  return { from, to, reason, at };
}

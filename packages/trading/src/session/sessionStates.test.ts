import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventCatalogue } from '@ai-service/contracts/events';
import { isTradingError } from '../errors.ts';
import { SESSION_STATES, SESSION_TRANSITIONS, canTransition, transition, type SessionState } from './sessionStates.ts';

// The table spelled out once more, independently of SESSION_TRANSITIONS: a change to either fails here.
const ALLOWED = new Set([
  'Idle→Analyzing',
  'Idle→Stopped',
  'Analyzing→Preparing',
  'Analyzing→Stopped',
  'Analyzing→Error',
  'Preparing→Live',
  'Preparing→Stopped',
  'Preparing→Error',
  'Live→Monitoring',
  'Live→Stopped',
  'Live→Error',
  'Monitoring→Live',
  'Monitoring→Stopped',
  'Monitoring→Error',
  'Stopped→Idle',
  'Error→Idle',
  'Error→Stopped',
]);

describe('session state machine', () => {
  it('has the seven states of the StrategyStateChanged event', () => {
    const eventStates = eventCatalogue.StrategyStateChanged.versions[1].shape.from.options;
    assert.deepEqual([...SESSION_STATES], eventStates);
    assert.deepEqual(Object.keys(SESSION_TRANSITIONS), eventStates);
  });

  const at = new Date('2024-05-01T12:00:00Z');
  for (const from of SESSION_STATES) {
    for (const to of SESSION_STATES) {
      const move = `${from}→${to}`;
      if (ALLOWED.has(move)) {
        it(`moves ${move} and records it`, () => {
          assert.equal(canTransition(from, to), true);
          assert.deepEqual(transition(from, to, 'because', at), { from, to, reason: 'because', at });
        });
      } else {
        it(`refuses ${move}`, () => {
          assert.equal(canTransition(from, to), false);
          assert.throws(() => transition(from, to, null, at), (error) => isTradingError(error) && error.code === 'invalid_transition');
        });
      }
    }
  }

  it('refuses a state that does not exist', () => {
    assert.equal(canTransition('Paused' as SessionState, 'Idle'), false);
    assert.equal(canTransition('Idle', 'Paused' as SessionState), false);
  });
});

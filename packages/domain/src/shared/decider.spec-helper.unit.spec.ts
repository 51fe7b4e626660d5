import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error';
import { deciderSpec } from './decider.spec-helper';

// A counter that refuses to go past 2, enough to show the helper folds, decides and can fail.
type Incremented = { type: 'Incremented' };
const { given } = deciderSpec<'increment', Incremented, number>({
  decide: (_command, count) => {
    if (count >= 2) throw new DomainError('validation_failed', 'too many');
    return [{ type: 'Incremented' }];
  },
  evolve: (count) => count + 1,
  initialState: 0,
});
const incremented: Incremented = { type: 'Incremented' };

describe('deciderSpec', () => {
  it('folds the given events before deciding', () => {
    given([incremented]).when('increment').then([incremented]);
    given([incremented, incremented]).when('increment').thenThrows('validation_failed');
  });

  it('fails when the events differ', () => {
    expect(() => given([]).when('increment').then([])).toThrow();
  });

  it('fails when the command is accepted or rejected with another code', () => {
    expect(() => given([]).when('increment').thenThrows('validation_failed')).toThrow(/was accepted/);
    expect(() => given([incremented, incremented]).when('increment').thenThrows('case_closed')).toThrow();
  });

  it('fails when the error is not a DomainError', () => {
    const spec = deciderSpec<'boom', never, null>({
      decide: () => {
        throw new Error('boom');
      },
      evolve: (state) => state,
      initialState: null,
    });
    expect(() => spec.given([]).when('boom').thenThrows('validation_failed')).toThrow();
  });
});

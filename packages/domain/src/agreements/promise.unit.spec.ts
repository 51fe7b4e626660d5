import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error';
import { promiseOutcome } from './promise';

// 100.00 promised for 10 May 2026, two days of grace: open through 12 May.
const promise = { amountMinor: 10_000n, promisedFor: '2026-05-10', graceDays: 2 };

describe('promiseOutcome', () => {
  it('is kept as soon as the full amount is paid, early or late', () => {
    expect(promiseOutcome(promise, 10_000n, '2026-05-01')).toBe('kept');
    expect(promiseOutcome(promise, 12_000n, '2026-06-30')).toBe('kept');
  });

  it('stays open through the last grace day', () => {
    expect(promiseOutcome(promise, 0n, '2026-05-10')).toBe('open');
    expect(promiseOutcome(promise, 0n, '2026-05-12')).toBe('open');
    expect(promiseOutcome(promise, 9_999n, '2026-05-12')).toBe('open');
  });

  it('the day after, is broken when nothing was paid and partly kept when something was', () => {
    expect(promiseOutcome(promise, 0n, '2026-05-13')).toBe('broken');
    expect(promiseOutcome(promise, 1n, '2026-05-13')).toBe('partly_kept');
    expect(promiseOutcome(promise, 9_999n, '2026-05-13')).toBe('partly_kept');
  });

  it('without grace, is broken the day after the promised date', () => {
    expect(promiseOutcome({ ...promise, graceDays: 0 }, 0n, '2026-05-10')).toBe('open');
    expect(promiseOutcome({ ...promise, graceDays: 0 }, 0n, '2026-05-11')).toBe('broken');
  });

  it('rejects a bad promise date, a zero amount and negative grace', () => {
    expect(() => promiseOutcome({ ...promise, promisedFor: '2026-05-32' }, 0n, '2026-05-01')).toThrow(
      /promisedFor: invalid date/,
    );
    expect(() => promiseOutcome({ ...promise, amountMinor: 0n }, 0n, '2026-05-01')).toThrow(DomainError);
    expect(() => promiseOutcome({ ...promise, graceDays: -1 }, 0n, '2026-05-01')).toThrow(/graceDays/);
  });
});

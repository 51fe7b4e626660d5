import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../money/money';
import { DomainError } from '../shared/domain-error';
import {
  accelerate,
  DEFAULT_BREACH_POLICY,
  installmentProgress,
  planBreach,
  planCompleted,
  type InstallmentProgress,
} from './plan-status';
import { buildSchedule } from './schedule';

// Three installments of 100.00 EUR (in cents).
const plan = [
  { number: 1, dueDate: '2026-01-31', amountMinor: 10_000n },
  { number: 2, dueDate: '2026-02-28', amountMinor: 10_000n },
  { number: 3, dueDate: '2026-03-31', amountMinor: 10_000n },
];

const states = (paid: bigint, today: string, grace = 5): string[] =>
  installmentProgress(plan, paid, today, grace).map((p) => `${p.state}:${p.paidMinor}:${p.daysLate}`);

describe('installmentProgress', () => {
  it('applies the payments oldest first; a partial payment inside the grace period is partly_paid', () => {
    expect(states(15_000n, '2026-03-03')).toEqual(['paid:10000:0', 'partly_paid:5000:0', 'upcoming:0:0']);
  });

  it('is due from the due date through the last grace day, late the day after', () => {
    expect(states(10_000n, '2026-02-27')).toEqual(['paid:10000:0', 'upcoming:0:0', 'upcoming:0:0']);
    expect(states(10_000n, '2026-02-28')).toEqual(['paid:10000:0', 'due:0:0', 'upcoming:0:0']);
    expect(states(10_000n, '2026-03-05')).toEqual(['paid:10000:0', 'due:0:0', 'upcoming:0:0']);
    expect(states(10_000n, '2026-03-06')).toEqual(['paid:10000:0', 'late:0:6', 'upcoming:0:0']);
  });

  it('counts days late from the due date, and a partly paid installment past grace is late', () => {
    expect(states(12_500n, '2026-04-10')).toEqual(['paid:10000:0', 'late:2500:41', 'late:0:10']);
  });

  it('calls a partial payment ahead of the due date partly_paid', () => {
    expect(states(25_000n, '2026-01-15')).toEqual(['paid:10000:0', 'paid:10000:0', 'partly_paid:5000:0']);
  });

  it('with no grace an installment is late the day after its due date', () => {
    expect(states(0n, '2026-01-31', 0)[0]).toBe('due:0:0');
    expect(states(0n, '2026-02-01', 0)[0]).toBe('late:0:1');
  });

  it('an overpayment marks everything paid and is not carried anywhere', () => {
    const progress = installmentProgress(plan, 99_999n, '2026-12-31', 5);
    expect(progress.map((p) => p.paidMinor)).toEqual([10_000n, 10_000n, 10_000n]);
    expect(planCompleted(progress)).toBe(true);
  });

  it('orders installments by due date whatever order they come in', () => {
    const progress = installmentProgress([...plan].reverse(), 10_000n, '2026-01-01', 5);
    expect(progress.map((p) => [p.number, p.state])).toEqual([
      [1, 'paid'],
      [2, 'upcoming'],
      [3, 'upcoming'],
    ]);
  });

  it('rejects a negative payment, negative grace and a bad date', () => {
    expect(() => installmentProgress(plan, -1n, '2026-01-01', 5)).toThrow(DomainError);
    expect(() => installmentProgress(plan, 0n, '2026-01-01', -1)).toThrow(/graceDays/);
    expect(() => installmentProgress(plan, 0n, '2026-13-01', 5)).toThrow(/today: invalid date/);
  });
});

describe('planBreach', () => {
  const late = (number: number, dueDate: string, daysLate: number): InstallmentProgress => ({
    number,
    dueDate,
    amountMinor: 100n,
    paidMinor: 0n,
    state: 'late',
    daysLate,
  });
  const paid = (number: number, dueDate: string): InstallmentProgress => ({
    number,
    dueDate,
    amountMinor: 100n,
    paidMinor: 100n,
    state: 'paid',
    daysLate: 0,
  });

  it('is breached by two late installments under the default policy, naming them', () => {
    const verdict = planBreach(
      [paid(1, '2026-01-31'), paid(2, '2026-02-28'), late(3, '2026-03-31', 36), late(4, '2026-04-30', 6)],
      DEFAULT_BREACH_POLICY,
    );
    expect(verdict).toEqual({
      breached: true,
      reason: '2 installments late (no. 3 due 2026-03-31, no. 4 due 2026-04-30)',
    });
  });

  it('is breached by one installment more than maxDaysLate late, not by one exactly that late', () => {
    expect(planBreach([paid(1, '2026-01-31'), late(3, '2026-03-31', 30)], DEFAULT_BREACH_POLICY)).toEqual({
      breached: false,
    });
    expect(planBreach([paid(1, '2026-01-31'), late(3, '2026-03-31', 31)], DEFAULT_BREACH_POLICY)).toEqual({
      breached: true,
      reason: 'installment 3 is 31 days late',
    });
  });

  it('follows the policy: one late installment can be enough', () => {
    const verdict = planBreach([late(2, '2026-02-28', 6)], {
      ...DEFAULT_BREACH_POLICY,
      lateInstallmentsToBreach: 1,
    });
    expect(verdict).toEqual({ breached: true, reason: '1 installment late (no. 2 due 2026-02-28)' });
  });

  it('works on the output of installmentProgress', () => {
    const policy = DEFAULT_BREACH_POLICY;
    expect(planBreach(installmentProgress(plan, 10_000n, '2026-03-06', policy.graceDays), policy)).toEqual({
      breached: false,
    });
    expect(
      planBreach(installmentProgress(plan, 10_000n, '2026-04-06', policy.graceDays), policy).breached,
    ).toBe(true);
  });

  it('rejects a policy that could never or always breach', () => {
    expect(() => planBreach([], { ...DEFAULT_BREACH_POLICY, lateInstallmentsToBreach: 0 })).toThrow(
      /lateInstallmentsToBreach/,
    );
  });
});

describe('accelerate', () => {
  // 1200.00 at 12 % over 3 months: 412.23 (2026-02-01), 407.36 (2026-03-01), 404.08 (2026-04-01),
  // of which interest 12.23, 7.36, 4.08 (see schedule.unit.spec.ts).
  const schedule = buildSchedule({
    total: parseMoney('1200.00', 'EUR'),
    installments: 3,
    periodicity: 'monthly',
    firstDate: '2026-02-01',
    annualRate: '12',
  });

  it('drops the interest of installments not yet due and calls in the rest', () => {
    const result = accelerate(schedule, 41_223n, '2026-03-10');
    expect(formatMoney(result.unearnedInterest)).toBe('4.08');
    // 1223.67 - 4.08 - 412.23
    expect(formatMoney(result.dueNow)).toBe('807.36');
    expect(result.dueNow.currency).toBe('EUR');
  });

  it('treats interest as earned on its due date', () => {
    expect(formatMoney(accelerate(schedule, 0n, '2026-04-01').unearnedInterest)).toBe('0.00');
    expect(formatMoney(accelerate(schedule, 0n, '2026-03-31').unearnedInterest)).toBe('4.08');
    expect(formatMoney(accelerate(schedule, 0n, '2026-01-15').dueNow)).toBe('1200.00');
  });

  it('never asks for a negative amount', () => {
    expect(accelerate(schedule, 200_000n, '2026-03-10').dueNow.amountMinor).toBe(0n);
  });
});

describe('planCompleted', () => {
  it('is true only when every installment is paid', () => {
    expect(planCompleted(installmentProgress(plan, 30_000n, '2026-01-01', 5))).toBe(true);
    expect(planCompleted(installmentProgress(plan, 29_999n, '2026-12-31', 5))).toBe(false);
    expect(planCompleted([])).toBe(false);
  });
});

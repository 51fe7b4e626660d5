// Where a payment plan stands (PRODUCT D8, C17/C18): which installments are paid, due or late,
// whether the plan is breached, and what falls due when it is accelerated. Pure: `today` and
// `on` are arguments, never the clock.
import { addDays, compareDates, daysBetween, parseDate, type PlainDate } from '../calendar/calendar';
import { money, type Money } from '../money/money';
import { DomainError } from '../shared/domain-error';
import type { Schedule } from './schedule';

export type InstallmentState = 'upcoming' | 'due' | 'paid' | 'partly_paid' | 'late';

export type InstallmentProgress = {
  readonly number: number;
  readonly dueDate: string;
  readonly amountMinor: bigint;
  readonly paidMinor: bigint;
  readonly state: InstallmentState;
  /** Days since the due date when late, 0 otherwise. */
  readonly daysLate: number;
};

const invalid = (message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('validation_failed', message, details);

const parseField = (field: string, text: string): PlainDate => {
  try {
    return parseDate(text);
  } catch (error) {
    if (error instanceof DomainError) {
      throw new DomainError('invalid_date', `${field}: ${error.message}`, { field, text });
    }
    throw error;
  }
};

const assertDays = (field: string, value: number): void => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${field} must be a whole number of days >= 0, got ${value}`, { field });
  }
};

/**
 * Applies the cumulative amount paid to the installments in order (oldest first: by due date,
 * then number) and says where each stands on `today`:
 * - fully paid -> 'paid' (whatever the date);
 * - otherwise, before the due date -> 'upcoming', or 'partly_paid' when something is paid;
 * - from the due date through due date + graceDays -> 'due', or 'partly_paid';
 * - after that -> 'late', with daysLate counted from the due date (not from the end of grace).
 */
export const installmentProgress = (
  installments: readonly { number: number; dueDate: string; amountMinor: bigint }[],
  paidMinor: bigint,
  today: string,
  graceDays: number,
): InstallmentProgress[] => {
  if (paidMinor < 0n) throw new DomainError('invalid_amount', `paidMinor must be >= 0, got ${paidMinor}`);
  assertDays('graceDays', graceDays);
  const day = parseField('today', today);
  const ordered = installments
    .map((installment) => ({ ...installment, due: parseField('dueDate', installment.dueDate) }))
    .sort((a, b) => compareDates(a.due, b.due) || a.number - b.number);

  let left = paidMinor;
  return ordered.map(({ number, dueDate, amountMinor, due }) => {
    if (amountMinor < 0n) {
      throw new DomainError(
        'invalid_amount',
        `installment ${number}: amount must be >= 0, got ${amountMinor}`,
      );
    }
    const paid = left < amountMinor ? left : amountMinor;
    left -= paid;
    const base = { number, dueDate, amountMinor, paidMinor: paid };
    if (paid === amountMinor) return { ...base, state: 'paid', daysLate: 0 };
    if (compareDates(day, addDays(due, graceDays)) > 0) {
      return { ...base, state: 'late', daysLate: daysBetween(due, day) };
    }
    const some = paid > 0n;
    if (compareDates(day, due) < 0) return { ...base, state: some ? 'partly_paid' : 'upcoming', daysLate: 0 };
    return { ...base, state: some ? 'partly_paid' : 'due', daysLate: 0 };
  });
};

export type BreachPolicy = {
  /** Days after the due date before an unpaid installment counts as late. */
  readonly graceDays: number;
  /** This many late installments at once breach the plan. */
  readonly lateInstallmentsToBreach: number;
  /** Or any installment late more than this many days. */
  readonly maxDaysLate: number;
};

export const DEFAULT_BREACH_POLICY: BreachPolicy = {
  graceDays: 5,
  lateInstallmentsToBreach: 2,
  maxDaysLate: 30,
};

export type BreachVerdict =
  { readonly breached: false } | { readonly breached: true; readonly reason: string };

/**
 * A plan is breached when at least `lateInstallmentsToBreach` installments are late, or when one
 * is late more than `maxDaysLate` days (the count is checked first). `progress` must have been
 * computed with the policy's graceDays.
 */
export const planBreach = (progress: readonly InstallmentProgress[], policy: BreachPolicy): BreachVerdict => {
  assertDays('graceDays', policy.graceDays);
  assertDays('maxDaysLate', policy.maxDaysLate);
  if (!Number.isSafeInteger(policy.lateInstallmentsToBreach) || policy.lateInstallmentsToBreach < 1) {
    throw invalid(
      `lateInstallmentsToBreach must be an integer >= 1, got ${policy.lateInstallmentsToBreach}`,
      {
        field: 'lateInstallmentsToBreach',
      },
    );
  }
  const late = progress.filter((p) => p.state === 'late');
  if (late.length >= policy.lateInstallmentsToBreach) {
    const list = late.map((p) => `no. ${p.number} due ${p.dueDate}`).join(', ');
    const noun = late.length === 1 ? 'installment' : 'installments';
    return { breached: true, reason: `${late.length} ${noun} late (${list})` };
  }
  const worst = late.reduce<InstallmentProgress | null>(
    (acc, p) => (acc === null || p.daysLate > acc.daysLate ? p : acc),
    null,
  );
  if (worst !== null && worst.daysLate > policy.maxDaysLate) {
    return { breached: true, reason: `installment ${worst.number} is ${worst.daysLate} days late` };
  }
  return { breached: false };
};

/** What falls due at once when a breached plan is accelerated (C18), and what interest is no longer owed. */
export type Acceleration = {
  /** Everything scheduled minus paid, minus unearned interest (never below zero). */
  readonly dueNow: Money;
  /** Interest of installments whose due date is after `on` (not yet earned). */
  readonly unearnedInterest: Money;
};

/**
 * Acceleration on `on`: interest of the installments due after `on` is dropped whole (interest is
 * earned on the due date); everything else scheduled, less what was paid, falls due now. Fees
 * stay owed. Paid beyond what remains gives zero, not a negative amount: refunds are elsewhere.
 */
export const accelerate = (schedule: Schedule, paidMinor: bigint, on: string): Acceleration => {
  if (paidMinor < 0n) throw new DomainError('invalid_amount', `paidMinor must be >= 0, got ${paidMinor}`);
  const day = parseField('on', on);
  const { currency } = schedule.total;
  const unearned = schedule.installments
    .filter((i) => compareDates(parseField('dueDate', i.dueDate), day) > 0)
    .reduce((acc, i) => acc + i.interest.amountMinor, 0n);
  const owed = schedule.total.amountMinor - unearned - paidMinor;
  return {
    dueNow: money(owed > 0n ? owed : 0n, currency),
    unearnedInterest: money(unearned, currency),
  };
};

/** Every installment paid (an empty plan is not completed). */
export const planCompleted = (progress: readonly InstallmentProgress[]): boolean =>
  progress.length > 0 && progress.every((p) => p.state === 'paid');

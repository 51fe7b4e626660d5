// Payment plans (PRODUCT D8, C17): the installment schedule a debtor agrees to. Pure: no clock,
// no I/O; the same terms always give the same schedule, to the minor unit.
import Decimal from 'decimal.js';
import {
  addDays,
  compareDates,
  daysBetween,
  formatDate,
  parseDate,
  type PlainDate,
} from '../calendar/calendar';
import { add, formatMoney, money, sum, zero, type Money } from '../money/money';
import { DomainError } from '../shared/domain-error';

export type Periodicity = 'weekly' | 'biweekly' | 'monthly' | 'quarterly';

export const PERIODICITIES: readonly Periodicity[] = ['weekly', 'biweekly', 'monthly', 'quarterly'];

const MAX_INSTALLMENTS = 120;

export type PlanTerms = {
  /** What the plan covers (outstanding principal + charges the plan takes over); > 0. */
  readonly total: Money;
  /** Number of regular installments, 1..120 (the down payment is not counted). */
  readonly installments: number;
  readonly periodicity: Periodicity;
  /** Due date of the first regular installment, YYYY-MM-DD. */
  readonly firstDate: string;
  /** Optional down payment (same currency, > 0 and < total), due on `downPaymentDate`. */
  readonly downPayment?: Money | null;
  /** Due date of the down payment; default `startDate`. Must be >= startDate and <= firstDate; ignored without a down payment. */
  readonly downPaymentDate?: string | null;
  /**
   * The date the plan is agreed; interest runs from here. Default: firstDate minus one period,
   * or the down payment date when that is earlier. Must be <= downPaymentDate and < firstDate.
   */
  readonly startDate?: string | null;
  /** Nominal annual interest rate in percent as a decimal string, e.g. "4.5"; null/absent/"0" = no interest. */
  readonly annualRate?: string | null;
  /** A plan fee (same currency, >= 0), charged with the first regular installment. */
  readonly fee?: Money | null;
};

export type ScheduledInstallment = {
  /** 1-based over the whole schedule (the down payment is number 1 when present). */
  readonly number: number;
  readonly kind: 'down_payment' | 'regular';
  readonly dueDate: string;
  /** The part of `total` this installment repays. */
  readonly principal: Money;
  readonly interest: Money;
  readonly fee: Money;
  /** principal + interest + fee. */
  readonly amount: Money;
};

export type Schedule = {
  readonly installments: readonly ScheduledInstallment[];
  /** == terms.total */
  readonly principal: Money;
  readonly interest: Money;
  readonly fees: Money;
  /** principal + interest + fees == sum of the installments' amounts. */
  readonly total: Money;
};

const invalid = (message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('validation_failed', message, details);

const invalidAmount = (message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('invalid_amount', message, details);

/** parseDate with the field's name in front of the message, so a form can point at the field. */
const parseField = (field: string, text: unknown): PlainDate => {
  if (typeof text !== 'string') {
    throw new DomainError('invalid_date', `${field}: invalid date ${String(text)}, expected YYYY-MM-DD`, {
      field,
    });
  }
  try {
    return parseDate(text);
  } catch (error) {
    if (error instanceof DomainError) {
      throw new DomainError('invalid_date', `${field}: ${error.message}`, { field, text });
    }
    throw error;
  }
};

const assertPeriodicity = (periodicity: unknown): Periodicity => {
  if (!PERIODICITIES.includes(periodicity as Periodicity)) {
    throw invalid(`periodicity must be one of ${PERIODICITIES.join(', ')}, got ${String(periodicity)}`, {
      field: 'periodicity',
    });
  }
  return periodicity as Periodicity;
};

const periodDate = (anchor: PlainDate, periodicity: Periodicity, index: number): PlainDate => {
  switch (periodicity) {
    case 'weekly':
      return addDays(anchor, 7 * index);
    case 'biweekly':
      return addDays(anchor, 14 * index);
    // From the anchor each time, so that 31 Jan gives 28 Feb and then 31 Mar, not 28 Mar.
    case 'monthly':
      return anchor.add({ months: index }, { overflow: 'constrain' });
    case 'quarterly':
      return anchor.add({ months: 3 * index }, { overflow: 'constrain' });
    default: {
      const unknown: never = periodicity;
      throw invalid(`unknown periodicity ${String(unknown)}`);
    }
  }
};

/**
 * The due date of installment `index` counted from `anchor` (index 0 = anchor; negative counts
 * back): weekly +7 days, biweekly +14, monthly +1 month, quarterly +3 months, times `index`,
 * keeping the anchor's day and clamping to the month's end (31 Jan -> 28/29 Feb -> 31 Mar).
 */
export const nextDueDate = (anchor: string, periodicity: Periodicity, index: number): string => {
  if (!Number.isSafeInteger(index))
    throw invalid(`index must be an integer, got ${index}`, { field: 'index' });
  return formatDate(periodDate(parseField('anchor', anchor), assertPeriodicity(periodicity), index));
};

const RATE = /^\d+(\.\d+)?$/;
// Balance x rate x days is an exact product of finite decimals; with this many digits the one
// division by 36 500 cannot land on the wrong side of a half-cent.
const Exact = Decimal.clone({ precision: 100 });
const MAX_RATE_DECIMALS = 10;

const parseRate = (rate: string | null | undefined): Decimal | null => {
  if (rate === null || rate === undefined) return null;
  if (typeof rate !== 'string' || !RATE.test(rate)) {
    throw invalid(`annualRate: expected a non-negative decimal such as "4.5", got "${String(rate)}"`, {
      field: 'annualRate',
    });
  }
  const value = new Exact(rate);
  if (value.decimalPlaces() > MAX_RATE_DECIMALS) {
    throw invalid(`annualRate: at most ${MAX_RATE_DECIMALS} decimals, got "${rate}"`, {
      field: 'annualRate',
    });
  }
  if (value.greaterThan(100)) {
    throw invalid(`annualRate must be at most 100 (percent), got "${rate}"`, { field: 'annualRate' });
  }
  return value.isZero() ? null : value;
};

/** balance x rate/100 x days/365 in minor units, rounded half-up once. */
const simpleInterest = (balanceMinor: bigint, rate: Decimal, days: number): bigint =>
  BigInt(
    new Exact(balanceMinor.toString())
      .times(rate)
      .times(days)
      .div(36_500)
      .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
      .toFixed(0),
  );

const optionalMoney = (field: string, value: Money | null | undefined, total: Money): Money | null => {
  if (value === null || value === undefined) return null;
  if (value.currency !== total.currency) {
    throw invalid(`${field}: currency ${value.currency} differs from the total's ${total.currency}`, {
      field,
    });
  }
  return value;
};

/**
 * The schedule of a payment plan. The stated rule:
 * - Principal: the down payment (if any) comes first; the rest is split evenly over the regular
 *   installments, each rounded DOWN to the currency's minor unit, and the LAST installment takes
 *   the remainder, so the principals add up to `total` exactly (100.00 / 3 -> 33.33, 33.33, 33.34).
 * - Dates: regular installment k (0-based) is due on `nextDueDate(firstDate, periodicity, k)`:
 *   always counted from firstDate, never chained, keeping its day and clamping to the month's end.
 *   The down payment is due on downPaymentDate (default startDate).
 * - Interest (annualRate > 0): simple interest on the declining balance, ACT/365. For each regular
 *   installment: balance still owed before it x rate/100 x days since the previous regular due
 *   date (since startDate for the first) / 365, computed exactly and rounded half-up to the minor
 *   unit once per installment. The down payment bears no interest and is not part of that
 *   balance, wherever it falls between startDate and firstDate.
 * - Fee (> 0): charged on the first regular installment.
 * - Validation: total > 0; one currency; 1 <= installments <= 120, integer; 0 < downPayment <
 *   total; valid dates with startDate <= downPaymentDate <= firstDate and startDate < firstDate;
 *   rate a plain non-negative decimal <= 100; fee >= 0; every regular principal > 0.
 */
export const buildSchedule = (terms: PlanTerms): Schedule => {
  const { total } = terms;
  const currency = money(total.amountMinor, total.currency).currency;
  if (total.amountMinor <= 0n) {
    throw invalidAmount(`total must be > 0, got ${formatMoney(total)} ${currency}`, { field: 'total' });
  }
  const count = terms.installments;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_INSTALLMENTS) {
    throw invalid(`installments must be between 1 and ${MAX_INSTALLMENTS}, got ${String(count)}`, {
      field: 'installments',
    });
  }
  const periodicity = assertPeriodicity(terms.periodicity);
  const firstDate = parseField('firstDate', terms.firstDate);

  const downPayment = optionalMoney('downPayment', terms.downPayment, total);
  if (
    downPayment !== null &&
    (downPayment.amountMinor <= 0n || downPayment.amountMinor >= total.amountMinor)
  ) {
    throw invalidAmount(
      `downPayment must be > 0 and < total ${formatMoney(total)}, got ${formatMoney(downPayment)} ${currency}`,
      { field: 'downPayment' },
    );
  }
  const fee = optionalMoney('fee', terms.fee, total) ?? zero(currency);
  if (fee.amountMinor < 0n) {
    throw invalidAmount(`fee must be >= 0, got ${formatMoney(fee)} ${currency}`, { field: 'fee' });
  }
  const rate = parseRate(terms.annualRate);

  // Without a down payment its date means nothing and is ignored.
  const givenDownPaymentDate =
    downPayment === null || terms.downPaymentDate === null || terms.downPaymentDate === undefined
      ? null
      : parseField('downPaymentDate', terms.downPaymentDate);
  const oneBefore = periodDate(firstDate, periodicity, -1);
  const startDate =
    terms.startDate === null || terms.startDate === undefined
      ? givenDownPaymentDate !== null && compareDates(givenDownPaymentDate, oneBefore) < 0
        ? givenDownPaymentDate
        : oneBefore
      : parseField('startDate', terms.startDate);
  if (compareDates(startDate, firstDate) >= 0) {
    throw invalid(`startDate ${formatDate(startDate)} must be before firstDate ${formatDate(firstDate)}`, {
      field: 'startDate',
    });
  }
  const downPaymentDate = givenDownPaymentDate ?? startDate;
  if (compareDates(downPaymentDate, startDate) < 0 || compareDates(downPaymentDate, firstDate) > 0) {
    throw invalid(
      `downPaymentDate ${formatDate(downPaymentDate)} must be between startDate ${formatDate(startDate)} and firstDate ${formatDate(firstDate)}`,
      { field: 'downPaymentDate' },
    );
  }

  const financed = total.amountMinor - (downPayment?.amountMinor ?? 0n);
  const share = financed / BigInt(count);
  if (share <= 0n) {
    throw invalid(
      `total too small for ${count} installments: ${formatMoney(money(financed, currency))} ${currency} after the down payment`,
      { field: 'total' },
    );
  }

  const installments: ScheduledInstallment[] = [];
  const nothing = zero(currency);
  if (downPayment !== null) {
    installments.push({
      number: 1,
      kind: 'down_payment',
      dueDate: formatDate(downPaymentDate),
      principal: downPayment,
      interest: nothing,
      fee: nothing,
      amount: downPayment,
    });
  }
  let balance = financed;
  let previous = startDate;
  for (let k = 0; k < count; k += 1) {
    const dueDate = periodDate(firstDate, periodicity, k);
    const principalMinor = k === count - 1 ? balance : share;
    const interestMinor = rate === null ? 0n : simpleInterest(balance, rate, daysBetween(previous, dueDate));
    const principal = money(principalMinor, currency);
    const interest = money(interestMinor, currency);
    const installmentFee = k === 0 ? fee : nothing;
    installments.push({
      number: installments.length + 1,
      kind: 'regular',
      dueDate: formatDate(dueDate),
      principal,
      interest,
      fee: installmentFee,
      amount: add(add(principal, interest), installmentFee),
    });
    balance -= principalMinor;
    previous = dueDate;
  }

  const interest = sum(
    installments.map((i) => i.interest),
    currency,
  );
  return {
    installments,
    principal: total,
    interest,
    fees: fee,
    total: add(add(total, interest), fee),
  };
};

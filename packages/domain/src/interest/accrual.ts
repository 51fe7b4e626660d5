import Decimal from 'decimal.js';
import { addDays, formatDate, parseDate } from '../calendar/calendar';
import { formatMoney, parseMoney, type Money } from '../money/money';
import type { CaseEvent } from '../cases/case.events';
import { DomainError } from '../shared/domain-error';
import { itemBalanceTimelines } from './balance-timeline';
import {
  computeLateInterestExact,
  recoveryIndemnityFor,
  roundScaledInterest,
  type DebtorKind,
  type InterestOptions,
  type InterestRequest,
  type Jurisdiction,
  type RoundingMode,
} from './interest';
import type { ReferenceRate } from './reference-rates';

// The engine's exact terms have up to ~30 digits; the default 20-digit Decimal would round their sum.
const Exact = Decimal.clone({ precision: 100 });

export type InterestRegime = {
  jurisdiction: Jurisdiction | 'CONTRACT';
  debtor: DebtorKind;
  /** Annual rate in percent; replaces the statutory rate (required for CONTRACT). */
  contractualRatePercent?: string;
  frMode?: InterestRequest['frMode'];
};

export type AccrualPlanInput = {
  events: readonly CaseEvent[];
  /** The last day interest is counted for (inclusive). */
  asOf: string;
  regime: InterestRegime;
  rates: readonly ReferenceRate[];
  options?: InterestOptions;
  /** Default half-up. */
  rounding?: RoundingMode;
};

export type AccrualPeriod = {
  itemId: string;
  number: string;
  from: string;
  to: string;
  days: number;
  /** The principal outstanding on the item over the period. */
  balance: Money;
  ratePercent: string;
  rateSource: string;
  /** This period rounded on its own, for display: the periods need not add up to `owedToDate`. */
  amount: Money;
};

export type PlannedIndemnity = { itemId: string; number: string; amount: Money; legalBasis: string };

export type AccrualPlan = {
  currency: string;
  /** Interest owed on every invoice from its due date to `asOf`: the exact sum, rounded once. */
  owedToDate: Money;
  /** The sum of the InterestAccrued events of the case. */
  alreadyAccrued: Money;
  /** owedToDate − alreadyAccrued, never negative (a negative difference is zero and a warning). */
  toAccrue: Money;
  /** The day after the last accrual's `to`, or the first day of interest; null when there is none. */
  from: string | null;
  to: string;
  /** The breakdown of `owedToDate` (all periods since each due date, not only the new ones). */
  periods: AccrualPeriod[];
  /** The fixed recovery indemnity of each overdue invoice that does not bear one yet. */
  indemnities: PlannedIndemnity[];
  warnings: string[];
};

/**
 * What to accrue on a case up to `asOf`: interest owed on each invoice's outstanding principal
 * over time, summed exactly over items and periods and rounded once, minus what the case has
 * already accrued; and the fixed indemnities not charged yet. Pure; repeatable: planning again to
 * the same date after accruing gives zero, and accruing in steps adds up to accruing at once
 * (each step is a difference of the same rounded cumulative total).
 */
export const planInterestAccrual = (input: AccrualPlanInput): AccrualPlan => {
  const { events, asOf, regime, rates } = input;
  const mode = input.rounding ?? 'half-up';
  parseDate(asOf);
  const opened = events.find((event) => event.type === 'CaseOpened');
  if (opened?.type !== 'CaseOpened') throw new DomainError('case_not_found', 'the case has not been opened');
  const currency = opened.data.currency;
  const m = (amountMinor: bigint): Money => ({ amountMinor, currency });
  const warnings: string[] = [];
  const warn = (message: string): void => {
    if (!warnings.includes(message)) warnings.push(message);
  };

  let scaledTotal = new Exact(0);
  const periods: AccrualPeriod[] = [];
  const indemnities: PlannedIndemnity[] = [];
  const charged = new Set(
    events.flatMap((event) => (event.type === 'RecoveryIndemnityCharged' ? [event.data.itemId] : [])),
  );

  for (const item of itemBalanceTimelines(events)) {
    if (item.currency !== currency) {
      warn(`invoice ${item.number} is in ${item.currency}, not the case's ${currency}: no interest computed`);
      continue;
    }
    let overdue = false;
    item.changes.forEach((change, index) => {
      if (change.outstandingMinor <= 0n) return;
      const next = item.changes[index + 1];
      const last =
        next === undefined || next.date > asOf ? asOf : formatDate(addDays(parseDate(next.date), -1));
      const result = computeLateInterestExact(
        {
          jurisdiction: regime.jurisdiction,
          debtor: regime.debtor,
          principal: m(change.outstandingMinor),
          dueDate: item.dueDate,
          accrueFrom: change.date,
          paidDate: last,
          ...(regime.contractualRatePercent === undefined
            ? {}
            : { contractualRatePercent: regime.contractualRatePercent }),
          ...(regime.frMode === undefined ? {} : { frMode: regime.frMode }),
          rounding: mode,
        },
        rates,
        input.options,
      );
      result.warnings.forEach(warn);
      if (result.periods.length > 0) overdue = true;
      scaledTotal = scaledTotal.plus(result.scaledMinor);
      for (const period of result.periods) {
        periods.push({
          itemId: item.itemId,
          number: item.number,
          from: period.from,
          to: period.to,
          days: period.days,
          balance: m(change.outstandingMinor),
          ratePercent: period.ratePercent,
          rateSource: period.rateSource,
          amount: period.amount,
        });
      }
    });
    if (!overdue || charged.has(item.itemId)) continue;
    const indemnity = recoveryIndemnityFor(
      regime.jurisdiction,
      regime.debtor,
      m(invoiceAmount(events, item.itemId)),
      warnings,
    );
    if (indemnity === null) continue;
    if (indemnity.amount.currency !== currency) {
      warn(
        `recovery indemnity not planned for ${item.number}: ${indemnity.legalBasis} states it in ${indemnity.amount.currency}, the case is in ${currency}`,
      );
      continue;
    }
    indemnities.push({ itemId: item.itemId, number: item.number, ...indemnity });
  }

  const owed = roundScaledInterest(scaledTotal, mode);
  const accruals = events.flatMap((event) => (event.type === 'InterestAccrued' ? [event.data] : []));
  const accrued = accruals
    .filter((accrual) => accrual.amount.currency === currency)
    .reduce((total, accrual) => total + parseMoney(accrual.amount.amount, currency).amountMinor, 0n);
  let toAccrue = owed - accrued;
  if (toAccrue < 0n) {
    warn(
      `already accrued ${formatMinor(accrued, currency)} exceeds the ${formatMinor(owed, currency)} owed to ${asOf} (a later payment or correction lowered it): nothing to accrue`,
    );
    toAccrue = 0n;
  }
  const lastTo = accruals.reduce<string | null>((max, a) => (max === null || a.to > max ? a.to : max), null);
  const firstDay = periods.reduce<string | null>(
    (min, p) => (min === null || p.from < min ? p.from : min),
    null,
  );
  if (lastTo !== null && lastTo > asOf) warn(`interest is already accrued to ${lastTo}, after ${asOf}`);
  return {
    currency,
    owedToDate: m(owed),
    alreadyAccrued: m(accrued),
    toAccrue: m(toAccrue),
    from: lastTo === null ? firstDay : formatDate(addDays(parseDate(lastTo), 1)),
    to: asOf,
    periods,
    indemnities,
    warnings,
  };
};

const invoiceAmount = (events: readonly CaseEvent[], itemId: string): bigint => {
  for (const event of events) {
    if (event.type === 'FinancialItemAdded' && event.data.itemId === itemId) {
      return parseMoney(event.data.amount.amount, event.data.amount.currency).amountMinor;
    }
  }
  return 0n;
};

const formatMinor = (amountMinor: bigint, currency: string): string =>
  `${formatMoney({ amountMinor, currency })} ${currency}`;

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
  /** The tenant excludes disputed items from interest while their dispute stands (issue 8, D7). */
  excludeDisputed?: boolean;
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
  const suspended = suspensions(events, input.excludeDisputed ?? false);

  for (const item of itemBalanceTimelines(events)) {
    if (item.currency !== currency) {
      warn(`invoice ${item.number} is in ${item.currency}, not the case's ${currency}: no interest computed`);
      continue;
    }
    let overdue = false;
    const windows = [...(suspended.get(item.itemId) ?? []), ...(suspended.get('*') ?? [])];
    item.changes.forEach((change, index) => {
      if (change.outstandingMinor <= 0n) return;
      const next = item.changes[index + 1];
      const end =
        next === undefined || next.date > asOf ? asOf : formatDate(addDays(parseDate(next.date), -1));
      for (const [start, last] of outside(change.date, end, windows)) accrueSegment(change, start, last);
    });
    function accrueSegment(change: { outstandingMinor: bigint }, start: string, last: string): void {
      const result = computeLateInterestExact(
        {
          jurisdiction: regime.jurisdiction,
          debtor: regime.debtor,
          principal: m(change.outstandingMinor),
          dueDate: item.dueDate,
          accrueFrom: start,
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
    }
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
  // A payment plan's own interest is agreed, not late interest: it does not count here.
  const accruals = events.flatMap((event) =>
    event.type === 'InterestAccrued' && !event.data.accrualId.startsWith('plan:') ? [event.data] : [],
  );
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

type Window = { readonly from: string; readonly to: string | null };

/**
 * When late interest does not run on an item (by item id, '*' for every item of the case):
 * - while a payment plan holds it, from the plan's approval to its end (breached, cancelled or
 *   completed) — the plan's own interest replaces it;
 * - when the tenant says so, while a dispute on it stands, and for good over the dispute's time
 *   when it was accepted; a rejected dispute suspends nothing (an unfounded dispute does not save
 *   the debtor interest: it catches up).
 */
const suspensions = (events: readonly CaseEvent[], excludeDisputed: boolean): Map<string, Window[]> => {
  const windows = new Map<string, Window[]>();
  const add = (key: string, window: Window) => windows.set(key, [...(windows.get(key) ?? []), window]);
  const planItems = new Map<string, readonly string[]>();
  const planStart = new Map<string, string>();
  const disputes = new Map<string, { key: string; from: string }>();
  for (const event of events) {
    switch (event.type) {
      case 'PaymentPlanProposed':
        planItems.set(event.data.planId, event.data.itemIds);
        break;
      case 'PaymentPlanApproved':
        planStart.set(event.data.planId, event.data.approvedOn);
        break;
      case 'PaymentPlanBreached':
      case 'PaymentPlanCancelled':
      case 'PaymentPlanCompleted': {
        const from = planStart.get(event.data.planId);
        if (from === undefined) break;
        planStart.delete(event.data.planId);
        const to = formatDate(addDays(parseDate(event.data.on), -1));
        for (const id of planItems.get(event.data.planId) ?? []) add(id, { from, to });
        break;
      }
      case 'DisputeOpened':
        disputes.set(event.data.disputeId, { key: event.data.itemId ?? '*', from: event.data.openedOn });
        break;
      case 'DisputeAccepted': {
        const d = disputes.get(event.data.disputeId);
        disputes.delete(event.data.disputeId);
        if (d && excludeDisputed) add(d.key, { from: d.from, to: event.data.on });
        break;
      }
      case 'DisputeRejected':
        disputes.delete(event.data.disputeId);
        break;
      default:
        break;
    }
  }
  for (const [planId, from] of planStart) {
    for (const id of planItems.get(planId) ?? []) add(id, { from, to: null });
  }
  if (excludeDisputed) for (const d of disputes.values()) add(d.key, { from: d.from, to: null });
  return windows;
};

/** The parts of [from, to] (inclusive days) outside every window. */
const outside = (from: string, to: string, windows: readonly Window[]): [string, string][] => {
  let segments: [string, string][] = from <= to ? [[from, to]] : [];
  for (const w of windows) {
    const next: [string, string][] = [];
    for (const [a, b] of segments) {
      const wTo = w.to ?? '9999-12-31';
      if (wTo < a || w.from > b) {
        next.push([a, b]);
        continue;
      }
      if (w.from > a) next.push([a, formatDate(addDays(parseDate(w.from), -1))]);
      if (wTo < b) next.push([formatDate(addDays(parseDate(wTo), 1)), b]);
    }
    segments = next;
  }
  return segments;
};

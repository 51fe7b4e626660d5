import { isIsoDate } from '../ledger/ledger.params';
import { addDecimals, compareDecimals, signOf } from '../lib/decimal';
import { parseAmountInput } from '../lib/amount-input';
import type {
  InstallmentDto,
  OpenItem,
  Periodicity,
  PlanDto,
  PlanPreviewRequest,
  PlanStatus,
  PlanTermsInput,
  ScheduleLine,
} from './agreements.types';

// The plan builder's form as typed, read into the preview/propose request; and small sums over
// plans and schedules. Amounts stay decimal strings throughout.

export type PlanForm = {
  /** The items the plan covers; several = a restructuring of the debt (C17). None = all open items. */
  itemIds: string[];
  includeCharges: boolean;
  installments: string;
  periodicity: Periodicity;
  firstDate: string;
  downPayment: string;
  downPaymentDate: string;
  annualRate: string;
  fee: string;
  graceDays: string;
  accelerateOnBreach: boolean;
};

export type PlanField =
  'installments' | 'firstDate' | 'downPayment' | 'downPaymentDate' | 'annualRate' | 'fee' | 'graceDays';

export type PlanProblem = 'required' | 'count' | 'date' | 'amount' | 'rate' | 'days';

export type PlanRequestResult =
  | { ok: true; request: PlanPreviewRequest }
  | { ok: false; problems: Partial<Record<PlanField, PlanProblem>> };

export const MAX_INSTALLMENTS = 120;

/** The first day of the month after `asOf`: when a first installment usually falls. */
export function nextMonthStart(asOf: string): string {
  const [year = 2000, month = 1] = asOf.split('-').map(Number);
  const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };
  return `${String(next.y).padStart(4, '0')}-${String(next.m).padStart(2, '0')}-01`;
}

export function initialPlanForm(asOf: string, itemIds: string[] = []): PlanForm {
  return {
    itemIds,
    includeCharges: true,
    installments: '3',
    periodicity: 'monthly',
    firstDate: nextMonthStart(asOf),
    downPayment: '',
    downPaymentDate: '',
    annualRate: '',
    fee: '',
    graceDays: '5',
    accelerateOnBreach: false,
  };
}

const WHOLE = /^\d+$/;
const RATE = /^\d{1,3}(?:[.,]\d{1,4})?$/;

/** An optional amount: '' is absent; anything else must read as a positive amount. */
function optionalAmount(text: string, decimals: number): string | null | undefined {
  if (text.trim() === '') return undefined;
  return parseAmountInput(text, decimals);
}

/**
 * The request the form stands for, or what is wrong with each field. Nothing is sent while a
 * field does not read: the server would only say the same thing later.
 */
export function planRequest(form: PlanForm, decimals: number): PlanRequestResult {
  const problems: Partial<Record<PlanField, PlanProblem>> = {};
  const count = form.installments.trim();
  if (count === '') problems.installments = 'required';
  else if (!WHOLE.test(count) || Number(count) < 1 || Number(count) > MAX_INSTALLMENTS)
    problems.installments = 'count';
  if (form.firstDate === '') problems.firstDate = 'required';
  else if (!isIsoDate(form.firstDate)) problems.firstDate = 'date';

  const downPayment = optionalAmount(form.downPayment, decimals);
  if (downPayment === null) problems.downPayment = 'amount';
  if (downPayment && form.downPaymentDate !== '' && !isIsoDate(form.downPaymentDate))
    problems.downPaymentDate = 'date';
  const fee = optionalAmount(form.fee, decimals);
  if (fee === null) problems.fee = 'amount';
  const rate = form.annualRate.trim();
  if (rate !== '' && !RATE.test(rate)) problems.annualRate = 'rate';
  const grace = form.graceDays.trim();
  if (grace !== '' && (!WHOLE.test(grace) || Number(grace) > 365)) problems.graceDays = 'days';

  if (Object.keys(problems).length > 0) return { ok: false, problems };

  const terms: PlanTermsInput = {
    installments: Number(count),
    periodicity: form.periodicity,
    firstDate: form.firstDate,
  };
  if (downPayment) {
    terms.downPayment = downPayment;
    if (form.downPaymentDate !== '') terms.downPaymentDate = form.downPaymentDate;
  }
  if (rate !== '' && signOf(rate.replace(',', '.')) !== 0) terms.annualRate = rate.replace(',', '.');
  if (fee) terms.fee = fee;
  if (grace !== '') terms.graceDays = Number(grace);
  if (form.accelerateOnBreach) terms.accelerateOnBreach = true;

  const request: PlanPreviewRequest = { includeCharges: form.includeCharges, terms };
  if (form.itemIds.length > 0) request.itemIds = [...form.itemIds];
  return { ok: true, request };
}

/** What the chosen items still owe (all open items when none is chosen). */
export function outstandingOf(openItems: readonly OpenItem[], itemIds: readonly string[]): string {
  const chosen = itemIds.length === 0 ? openItems : openItems.filter((i) => itemIds.includes(i.itemId));
  return addDecimals(['0', ...chosen.map((i) => i.outstanding)]);
}

/** The sum of a schedule's installments: what the preview's total must equal. */
export function scheduleSum(lines: readonly Pick<ScheduleLine, 'amount'>[]): string {
  return addDecimals(['0', ...lines.map((l) => l.amount)]);
}

/** True when the lines add up exactly to the announced total. */
export function scheduleBalances(lines: readonly Pick<ScheduleLine, 'amount'>[], total: string): boolean {
  return compareDecimals(scheduleSum(lines), total) === 0;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function units(amount: string, scale: number): bigint | null {
  const m = DECIMAL.exec(amount);
  if (!m) return null;
  const fraction = (m[3] ?? '').padEnd(scale, '0').slice(0, scale);
  const value = BigInt((m[2] ?? '0') + fraction);
  return m[1] ? -value : value;
}

/**
 * `part` / `whole` between 0 and 1, in thousandths, for a progress bar; computed on integers so
 * that the decimal strings are never read as floats. 0 when `whole` is not positive.
 */
export function shareOf(part: string, whole: string): number {
  const scale = 6;
  const [p, w] = [units(part, scale), units(whole, scale)];
  if (p === null || w === null || w <= 0n) return 0;
  const thousandths = (p * 1000n) / w;
  const clamped = thousandths < 0n ? 0n : thousandths > 1000n ? 1000n : thousandths;
  return Number(clamped) / 1000;
}

const STATUS_ORDER: Record<PlanStatus, number> = {
  proposed: 0,
  breached: 1,
  active: 2,
  completed: 3,
  rejected: 4,
  cancelled: 5,
};

/** Plans waiting for a decision first, then breached and running ones; newest first within. */
export function sortPlans(plans: readonly PlanDto[]): PlanDto[] {
  return [...plans].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      b.proposedOn.localeCompare(a.proposedOn) ||
      a.caseNumber.localeCompare(b.caseNumber),
  );
}

/** How many installments are settled, of how many (cancelled ones left out). */
export function installmentProgress(installments: readonly InstallmentDto[]): { paid: number; of: number } {
  const live = installments.filter((i) => i.state !== 'cancelled');
  return { paid: live.filter((i) => i.state === 'paid').length, of: live.length };
}

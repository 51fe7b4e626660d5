// The interest calculator keeps its inputs in the URL (?jurisdiction=FR&principal=10000.00&…) so
// that a calculation can be shared and bookmarked. The same inputs, checked and normalised, make
// the API query of GET /api/v1/interest. Malformed URL values fall back to the defaults.

import { isIsoDate } from '../ledger/ledger.params';
import { currencyDecimals, parseAmountInput } from '../lib/amount-input';

export const JURISDICTIONS = ['FR', 'DE', 'UK', 'EU', 'CONTRACT'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const DEBTOR_KINDS = ['business', 'consumer'] as const;
export type DebtorKind = (typeof DEBTOR_KINDS)[number];

/** '' means "the jurisdiction's default". */
export const DAY_COUNTS = ['', 'ACT/365', 'ACT/360', 'ACT/ACT'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

/** '' means "the engine's default". */
export const FR_MODES = ['', 'split', 'frozen'] as const;
export type FrMode = (typeof FR_MODES)[number];

/** The calculator's inputs as the user typed them (principal and rate are raw text). */
export type InterestInputs = {
  jurisdiction: Jurisdiction;
  debtor: DebtorKind;
  principal: string;
  currency: string;
  due: string;
  paid: string;
  rate: string;
  dayCount: DayCount;
  frMode: FrMode;
};

export const DEFAULT_INPUTS: InterestInputs = {
  jurisdiction: 'FR',
  debtor: 'business',
  principal: '',
  currency: 'EUR',
  due: '',
  paid: '',
  rate: '',
  dayCount: '',
  frMode: '',
};

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function isJurisdiction(value: string): value is Jurisdiction {
  return (JURISDICTIONS as readonly string[]).includes(value);
}

export function isDebtorKind(value: string): value is DebtorKind {
  return (DEBTOR_KINDS as readonly string[]).includes(value);
}

export function isDayCount(value: string): value is DayCount {
  return (DAY_COUNTS as readonly string[]).includes(value);
}

export function isFrMode(value: string): value is FrMode {
  return (FR_MODES as readonly string[]).includes(value);
}

const CURRENCY = /^[A-Z]{3}$/;

/** The calculator's inputs from the browser URL; unknown or malformed values become the defaults. */
export function parseInterestInputs(params: URLSearchParams): InterestInputs {
  const text = (name: string) => params.get(name)?.trim() ?? '';
  const currency = text('currency').toUpperCase();
  const date = (name: string) => (isIsoDate(text(name)) ? text(name) : '');
  return {
    jurisdiction: oneOf(JURISDICTIONS, text('jurisdiction'), DEFAULT_INPUTS.jurisdiction),
    debtor: oneOf(DEBTOR_KINDS, text('debtor'), DEFAULT_INPUTS.debtor),
    principal: text('principal'),
    currency: CURRENCY.test(currency) ? currency : DEFAULT_INPUTS.currency,
    due: date('due'),
    paid: date('paid'),
    rate: text('rate'),
    dayCount: oneOf(DAY_COUNTS, text('dayCount'), DEFAULT_INPUTS.dayCount),
    frMode: oneOf(FR_MODES, text('frMode'), DEFAULT_INPUTS.frMode),
  };
}

/** A percentage as typed ("15", "15,5", " 8.15 ") as the API wants it ("15", "15.5", "8.15"); null if not one. */
export function parseRateInput(input: string): string | null {
  const text = input.replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.');
  return /^\d+(\.\d+)?$/.test(text) ? text : null;
}

export type InputProblem = 'principal' | 'currency' | 'due' | 'paid' | 'order' | 'rate';

export type CheckedInputs = { ok: true; inputs: InterestInputs } | { ok: false; problem: InputProblem };

/**
 * Checks the inputs and normalises them: the principal to the currency's minor unit ("10 000,00"
 * -> "10000.00"), the rate to a decimal with a dot. The contractual rate stays optional: the
 * server says when a jurisdiction needs one.
 */
export function checkInterestInputs(inputs: InterestInputs): CheckedInputs {
  const currency = inputs.currency.trim().toUpperCase();
  if (!CURRENCY.test(currency)) return { ok: false, problem: 'currency' };
  const principal = parseAmountInput(inputs.principal, currencyDecimals(currency));
  if (principal === null) return { ok: false, problem: 'principal' };
  if (!isIsoDate(inputs.due)) return { ok: false, problem: 'due' };
  if (!isIsoDate(inputs.paid)) return { ok: false, problem: 'paid' };
  if (inputs.paid < inputs.due) return { ok: false, problem: 'order' };
  let rate = '';
  if (inputs.rate.trim()) {
    const parsed = parseRateInput(inputs.rate);
    if (parsed === null) return { ok: false, problem: 'rate' };
    rate = parsed;
  }
  return { ok: true, inputs: { ...inputs, currency, principal, rate } };
}

/** The query string of some inputs, without the empty optional ones: "?jurisdiction=…". Browser URL and API alike. */
export function interestQuery(inputs: InterestInputs): string {
  const params = new URLSearchParams();
  params.set('jurisdiction', inputs.jurisdiction);
  params.set('principal', inputs.principal);
  params.set('currency', inputs.currency);
  params.set('due', inputs.due);
  params.set('paid', inputs.paid);
  params.set('debtor', inputs.debtor);
  if (inputs.rate) params.set('rate', inputs.rate);
  if (inputs.dayCount) params.set('dayCount', inputs.dayCount);
  if (inputs.frMode) params.set('frMode', inputs.frMode);
  return `?${params.toString()}`;
}

/** The API path of the calculation the URL describes, or null when it describes none (yet). */
export function interestApiPath(params: URLSearchParams): string | null {
  if (!params.get('principal')) return null;
  const checked = checkInterestInputs(parseInterestInputs(params));
  return checked.ok ? `/interest${interestQuery(checked.inputs)}` : null;
}

export function caseInterestPath(caseId: string, asOf: string): string {
  return `/cases/${encodeURIComponent(caseId)}/interest?asOf=${encodeURIComponent(asOf)}`;
}

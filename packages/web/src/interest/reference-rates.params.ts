// The reference-rate tables (GET/POST /api/v1/reference-rates): the series the server knows, the
// parsing of a rate as an administrator types it, and the grouping of the table by series.

import { isIsoDate } from '../ledger/ledger.params';

/** The series of published reference rates, in the order the screen shows them. */
export const RATE_SERIES = [
  'ecb-mro',
  'de-basiszinssatz',
  'uk-bank-rate',
  'fr-legal-individual',
  'fr-legal-other',
] as const;
export type RateSeries = (typeof RATE_SERIES)[number];

export function isRateSeries(value: string): value is RateSeries {
  return (RATE_SERIES as readonly string[]).includes(value);
}

/** One published rate, as the API writes it (ratePercent: "2.15", "-0.50"). */
export type ReferenceRate = {
  series: string;
  effectiveFrom: string;
  ratePercent: string;
  source: string;
};

export type ReferenceRateList = {
  items: ReferenceRate[];
  /** Up to when each series is known (ISO date), by series. */
  knownThrough: Record<string, string>;
};

export const REFERENCE_RATES_PATH = '/reference-rates';

/**
 * A reference rate as typed ("2,15", " 2.15 % ", "-0,5", "−0.50") as the API wants it ("2.15",
 * "-0.5", "-0.50"); null if it is not one. Unlike a contractual rate, a reference rate may be
 * negative (the ECB deposit era). "-0" becomes "0".
 */
export function parseReferenceRateInput(input: string): string | null {
  const text = input
    .replace(/[\s\u00a0\u202f%]/g, '')
    .replace(/^[\u2212\u2012\u2013]/, '-')
    .replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  return /^-0+(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/** The form's fields as the user typed them. */
export type RateInputs = { series: RateSeries; effectiveFrom: string; rate: string; source: string };

export type RateProblem = 'from' | 'rate' | 'source';

export type CheckedRate = { ok: true; rate: ReferenceRate } | { ok: false; problem: RateProblem };

/** Checks the form and makes the POST body of it. */
export function checkRateInputs(inputs: RateInputs): CheckedRate {
  if (!isIsoDate(inputs.effectiveFrom)) return { ok: false, problem: 'from' };
  const ratePercent = parseReferenceRateInput(inputs.rate);
  if (ratePercent === null) return { ok: false, problem: 'rate' };
  const source = inputs.source.trim();
  if (!source) return { ok: false, problem: 'source' };
  return {
    ok: true,
    rate: { series: inputs.series, effectiveFrom: inputs.effectiveFrom, ratePercent, source },
  };
}

export type SeriesRates = { series: string; knownThrough: string | null; rates: ReferenceRate[] };

/**
 * The rates by series, the known series first in their order (then any other the server sends),
 * each newest first. A known series without any rate still gets its (empty) table.
 */
export function groupRatesBySeries(list: ReferenceRateList): SeriesRates[] {
  const extra = [...new Set(list.items.map((rate) => rate.series))].filter((s) => !isRateSeries(s)).sort();
  return [...RATE_SERIES, ...extra].map((series) => ({
    series,
    knownThrough: list.knownThrough[series] ?? null,
    rates: list.items
      .filter((rate) => rate.series === series)
      .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0)),
  }));
}

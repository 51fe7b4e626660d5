import Decimal from 'decimal.js';
import { DomainError } from '../shared/domain-error';

/** The public rate series late-payment interest is built on. */
export type RateSeries =
  'ecb-mro' | 'de-basiszinssatz' | 'uk-bank-rate' | 'fr-legal-individual' | 'fr-legal-other';

/** One published rate, in force from `effectiveFrom` (YYYY-MM-DD) until the next row of its series. */
export type ReferenceRate = {
  series: RateSeries;
  effectiveFrom: string;
  ratePercent: string;
  source: string;
};

/**
 * How far each series is known to be up to date. Series published per semester (Basiszinssatz,
 * French legal rate) are known to the end of the semester of their last row; series changed by
 * decision at any date (ECB MRO, Bank Rate) only up to their last row, unless the caller says the
 * rate was confirmed unchanged until a later date (e.g. "held in February 2026").
 */
export type RatesKnownThrough = Partial<Record<RateSeries, string>>;

export const PUBLISHED_PER_SEMESTER: ReadonlySet<RateSeries> = new Set<RateSeries>([
  'de-basiszinssatz',
  'fr-legal-individual',
  'fr-legal-other',
]);

/** Thrown when the rate a computation needs is not in the table: never extrapolated. */
export class MissingRateError extends DomainError {
  readonly series: RateSeries;
  readonly date: string;

  constructor(series: RateSeries, date: string) {
    super('missing_rate', `no ${series} rate known for ${date}; add the published rate`, {
      series,
      date,
    });
    this.name = 'MissingRateError';
    this.series = series;
    this.date = date;
  }
}

export type RateInForce = { rate: Decimal; ratePercent: string; source: string };

const endOfSemester = (isoDate: string): string =>
  `${isoDate.slice(0, 4)}-${Number(isoDate.slice(5, 7)) <= 6 ? '06-30' : '12-31'}`;

/**
 * The rate of `series` in force on `date` (the last row on or before it), or `MissingRateError`
 * when the table has no row that early or the date lies beyond what the table is known to cover.
 * ISO dates compare correctly as strings.
 */
export const rateInForce = (
  rates: readonly ReferenceRate[],
  series: RateSeries,
  date: string,
  knownThrough: RatesKnownThrough = {},
): RateInForce => {
  let found: ReferenceRate | undefined;
  let last: ReferenceRate | undefined;
  for (const row of rates) {
    if (row.series !== series) continue;
    if (last === undefined || row.effectiveFrom > last.effectiveFrom) last = row;
    if (row.effectiveFrom <= date && (found === undefined || row.effectiveFrom > found.effectiveFrom))
      found = row;
  }
  if (found === undefined || last === undefined) throw new MissingRateError(series, date);
  const covered = PUBLISHED_PER_SEMESTER.has(series) ? endOfSemester(last.effectiveFrom) : last.effectiveFrom;
  const confirmed = knownThrough[series];
  const horizon = confirmed !== undefined && confirmed > covered ? confirmed : covered;
  if (date > horizon) throw new MissingRateError(series, date);
  return { rate: new Decimal(found.ratePercent), ratePercent: found.ratePercent, source: found.source };
};

import Decimal from 'decimal.js';
import {
  addDays,
  compareDates,
  daysBetween,
  formatDate,
  maxDate,
  parseDate,
  type PlainDate,
} from '../calendar/calendar';
import { formatMoney, type Money } from '../money/money';
import { DomainError } from '../shared/domain-error';
import {
  MissingRateError,
  rateInForce,
  type RatesKnownThrough,
  type RateSeries,
  type ReferenceRate,
} from './reference-rates';

export type Jurisdiction = 'EU' | 'FR' | 'DE' | 'UK';
export type DebtorKind = 'business' | 'consumer';
export type RoundingMode = 'half-up' | 'half-even' | 'down';
export type InterestDayCount = 'ACT/365' | 'ACT/360' | 'ACT/ACT';

export type InterestRequest = {
  jurisdiction: Jurisdiction | 'CONTRACT';
  principal: Money;
  dueDate: string;
  /** Interest runs from the day after the due date to the paid date, both included. */
  paidDate: string;
  /**
   * First day counted when later than the day after `dueDate`: one segment of a longer delay
   * (the balance changed). The rate rules still key on `dueDate` (UK reference date, FR frozen).
   */
  accrueFrom?: string;
  debtor: DebtorKind;
  /** Annual rate in percent; replaces the statutory rate (required for CONTRACT). */
  contractualRatePercent?: string;
  /** Only for a contractual rate; statutory interest is always ACT/365. Default ACT/365. */
  dayCount?: InterestDayCount;
  /** FR: split at semester boundaries (default) or keep the rate of the first day of delay. */
  frMode?: 'split' | 'frozen';
  /** Default half-up. */
  rounding?: RoundingMode;
};

export type InterestPeriod = {
  from: string;
  to: string;
  days: number;
  ratePercent: string;
  rateSource: string;
  /** This period's share rounded for display: the periods need not add up to `interest`. */
  amount: Money;
};

export type InterestResult = {
  /** The exact sum over all periods, rounded once to the currency's minor unit. */
  interest: Money;
  /** The fixed recovery indemnity, in the currency the law states it in; null when none is due. */
  compensation: Money | null;
  periods: InterestPeriod[];
  warnings: string[];
};

export type InterestOptions = { ratesKnownThrough?: RatesKnownThrough };

// A period before rounding: `basis` is the day-count denominator (365, 360, or 365/366 per year).
type Slice = {
  from: PlainDate;
  to: PlainDate;
  rate: Decimal;
  ratePercent: string;
  rateSource: string;
  basis: number;
};

// Enough digits that the single division at the end is exact or cannot cross a rounding
// boundary: every term is a finite decimal over 100 * lcm(360, 365, 366).
const Exact = Decimal.clone({ precision: 100 });
const COMMON_BASIS = 360 * 73 * 61; // lcm(360, 365, 366)

const ROUNDING: Record<RoundingMode, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
};

const RATE = /^\d+(\.\d+)?$/;

const invalid = (message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('invalid_interest_request', message, details);

const semesterStart = (d: PlainDate): PlainDate => d.with({ month: d.month <= 6 ? 1 : 7, day: 1 });
const nextSemesterStart = (d: PlainDate): PlainDate =>
  d.month <= 6 ? d.with({ month: 7, day: 1 }) : d.with({ year: d.year + 1, month: 1, day: 1 });
const nextYearStart = (d: PlainDate): PlainDate => d.with({ year: d.year + 1, month: 1, day: 1 });

/** Cuts [from, to] (inclusive) before each date `next` returns. */
const cut = (
  from: PlainDate,
  to: PlainDate,
  next: (d: PlainDate) => PlainDate,
): { from: PlainDate; to: PlainDate }[] => {
  const parts: { from: PlainDate; to: PlainDate }[] = [];
  for (let cursor = from; compareDates(cursor, to) <= 0;) {
    const boundary = next(cursor);
    const end = compareDates(boundary, to) <= 0 ? addDays(boundary, -1) : to;
    parts.push({ from: cursor, to: end });
    cursor = addDays(end, 1);
  }
  return parts;
};

const days = (slice: { from: PlainDate; to: PlainDate }): number => daysBetween(slice.from, slice.to) + 1;

// "13.15", "8.00": at least two decimals, as rates are published.
const percentText = (rate: Decimal): string => rate.toFixed(Math.max(2, rate.decimalPlaces()));

const statutory = (
  rates: readonly ReferenceRate[],
  knownThrough: RatesKnownThrough,
  series: RateSeries,
  lookup: PlainDate,
  points: number,
  law: string,
): Omit<Slice, 'from' | 'to'> => {
  const base = rateInForce(rates, series, formatDate(lookup), knownThrough);
  const rate = base.rate.plus(points);
  const plus = points === 0 ? '' : ` + ${points} points`;
  return {
    rate,
    ratePercent: percentText(rate),
    rateSource: `${series} ${base.ratePercent} in force on ${formatDate(lookup)}${plus} (${law}); ${base.source}`,
    basis: 365,
  };
};

// The reference date of the UK Act: 31 December for debts due January-June, 30 June otherwise.
const ukReferenceDate = (due: PlainDate): PlainDate =>
  due.month <= 6 ? due.with({ year: due.year - 1, month: 12, day: 31 }) : due.with({ month: 6, day: 30 });

const eur = (major: bigint): Money => ({ amountMinor: major * 100n, currency: 'EUR' });
const gbp = (major: bigint): Money => ({ amountMinor: major * 100n, currency: 'GBP' });

const ukFixedSum = (principal: Money): Money => {
  if (principal.amountMinor < 1_000_00n) return gbp(40n);
  return principal.amountMinor < 10_000_00n ? gbp(70n) : gbp(100n);
};

/** A fixed recovery indemnity and the law that grants it. */
export type RecoveryIndemnity = { amount: Money; legalBasis: string };

/**
 * The fixed compensation for recovery costs one late commercial debt of `principal` carries
 * (FR/DE/EU €40, UK by the size of the debt), or null: none for consumers or a contract alone.
 * Pushes a warning instead of converting when the law states it in another currency.
 */
export const recoveryIndemnityFor = (
  jurisdiction: Jurisdiction | 'CONTRACT',
  debtor: DebtorKind,
  principal: Money,
  warnings: string[],
): RecoveryIndemnity | null => {
  if (debtor === 'consumer') return null;
  switch (jurisdiction) {
    case 'FR':
      return { amount: eur(40n), legalBasis: 'Code de commerce L441-10 / D441-5' };
    case 'DE':
      return { amount: eur(40n), legalBasis: 'BGB 288 (5)' };
    case 'EU':
      return { amount: eur(40n), legalBasis: 'Directive 2011/7/EU, art. 6' };
    case 'UK':
      if (principal.currency !== 'GBP') {
        warnings.push('UK fixed sum not computed: its bands are stated in GBP');
        return null;
      }
      return {
        amount: ukFixedSum(principal),
        legalBasis: 'Late Payment of Commercial Debts (Interest) Act 1998, s. 5A',
      };
    case 'CONTRACT':
      return null;
    default: {
      const unknown: never = jurisdiction;
      throw invalid(`unknown jurisdiction ${String(unknown)}`);
    }
  }
};

const compensationFor = (request: InterestRequest, warnings: string[]): Money | null =>
  recoveryIndemnityFor(request.jurisdiction, request.debtor, request.principal, warnings)?.amount ?? null;

const contractualSlices = (
  start: PlainDate,
  end: PlainDate,
  ratePercent: string,
  dayCount: InterestDayCount,
): Slice[] => {
  const rate = new Decimal(ratePercent);
  const common = { rate, ratePercent: percentText(rate), rateSource: `contractual rate, ${dayCount}` };
  switch (dayCount) {
    case 'ACT/365':
      return [{ from: start, to: end, ...common, basis: 365 }];
    case 'ACT/360':
      return [{ from: start, to: end, ...common, basis: 360 }];
    case 'ACT/ACT':
      return cut(start, end, nextYearStart).map((part) => ({
        ...part,
        ...common,
        basis: part.from.daysInYear,
      }));
    default: {
      const unknown: never = dayCount;
      throw invalid(`unknown day count ${String(unknown)}`);
    }
  }
};

const statutorySlices = (
  request: InterestRequest,
  jurisdiction: Jurisdiction,
  start: PlainDate,
  end: PlainDate,
  rates: readonly ReferenceRate[],
  knownThrough: RatesKnownThrough,
): Slice[] => {
  const business = request.debtor === 'business';
  switch (jurisdiction) {
    case 'EU':
      return cut(start, end, nextSemesterStart).map((part) => ({
        ...part,
        ...statutory(rates, knownThrough, 'ecb-mro', semesterStart(part.from), 8, 'Directive 2011/7/EU'),
      }));
    case 'FR': {
      if (!business) {
        return cut(start, end, nextSemesterStart).map((part) => ({
          ...part,
          ...statutory(rates, knownThrough, 'fr-legal-other', semesterStart(part.from), 0, 'taux légal'),
        }));
      }
      const law = 'Code de commerce L441-10';
      if (request.frMode === 'frozen') {
        return [
          {
            from: start,
            to: end,
            // The rate of the first day of delay, even for a later segment.
            ...statutory(
              rates,
              knownThrough,
              'ecb-mro',
              semesterStart(addDays(parseDate(request.dueDate), 1)),
              10,
              law,
            ),
          },
        ];
      }
      return cut(start, end, nextSemesterStart).map((part) => ({
        ...part,
        ...statutory(rates, knownThrough, 'ecb-mro', semesterStart(part.from), 10, law),
      }));
    }
    case 'DE': {
      // The rate in force on each day: cut at every semester and at any change inside one.
      const changes = new Set(
        rates.filter((row) => row.series === 'de-basiszinssatz').map((row) => row.effectiveFrom),
      );
      const nextCut = (d: PlainDate): PlainDate => {
        const semester = nextSemesterStart(d);
        for (let probe = addDays(d, 1); compareDates(probe, semester) < 0; probe = addDays(probe, 1)) {
          if (changes.has(formatDate(probe))) return probe;
        }
        return semester;
      };
      return cut(start, end, nextCut).map((part) => ({
        ...part,
        ...statutory(rates, knownThrough, 'de-basiszinssatz', part.from, business ? 9 : 5, 'BGB 288'),
      }));
    }
    case 'UK':
      return [
        {
          from: start,
          to: end,
          ...statutory(
            rates,
            knownThrough,
            'uk-bank-rate',
            ukReferenceDate(parseDate(request.dueDate)),
            8,
            'Late Payment of Commercial Debts (Interest) Act 1998',
          ),
        },
      ];
    default: {
      const unknown: never = jurisdiction;
      throw invalid(`unknown jurisdiction ${String(unknown)}`);
    }
  }
};

// L441-10: a contractual rate between businesses may not be below 3 × the legal rate.
const checkFrenchFloor = (
  start: PlainDate,
  end: PlainDate,
  contractual: string,
  rates: readonly ReferenceRate[],
  knownThrough: RatesKnownThrough,
  warnings: string[],
): void => {
  const agreed = new Decimal(contractual);
  for (const part of cut(start, end, nextSemesterStart)) {
    const semester = formatDate(semesterStart(part.from));
    try {
      const floor = rateInForce(rates, 'fr-legal-other', semester, knownThrough).rate.times(3);
      if (agreed.lessThan(floor)) {
        warnings.push(
          `contractual rate ${contractual}% is below 3 × the legal rate (${percentText(floor)}%) for ${formatDate(part.from)}..${formatDate(part.to)} (L441-10)`,
        );
      }
    } catch (error) {
      if (!(error instanceof MissingRateError)) throw error;
      warnings.push(`L441-10 floor not checked for ${semester}: ${error.message}`);
    }
  }
};

const validate = (request: InterestRequest, warnings: string[]): void => {
  const { jurisdiction, contractualRatePercent: contractual, debtor } = request;
  if (contractual !== undefined && !RATE.test(contractual)) {
    throw invalid(`invalid contractual rate "${contractual}": expected a percentage like "12.5"`, {
      rate: contractual,
    });
  }
  if (jurisdiction === 'CONTRACT' && contractual === undefined) {
    throw invalid('a contractual rate is required for CONTRACT interest');
  }
  if (
    contractual === undefined &&
    (jurisdiction === 'UK' || jurisdiction === 'EU') &&
    debtor === 'consumer'
  ) {
    throw invalid(
      jurisdiction === 'UK'
        ? 'the Late Payment of Commercial Debts (Interest) Act 1998 applies between businesses only'
        : 'Directive 2011/7/EU applies to commercial transactions only',
      { jurisdiction, debtor },
    );
  }
  if (contractual === undefined && request.dayCount !== undefined && request.dayCount !== 'ACT/365') {
    warnings.push(`day count ${request.dayCount} ignored: statutory interest is computed on ACT/365`);
  }
  if (
    request.frMode !== undefined &&
    (jurisdiction !== 'FR' || contractual !== undefined || debtor === 'consumer')
  ) {
    warnings.push(`frMode ${request.frMode} ignored: it only applies to the L441-10 statutory rate`);
  }
};

const roundToMinor = (minor: Decimal, mode: RoundingMode): bigint =>
  BigInt(minor.toDecimalPlaces(0, ROUNDING[mode]).toFixed(0));

/** An interest computation before its single rounding: what segments add up before rounding once. */
export type ExactInterestResult = {
  /**
   * The exact interest in minor units, as a finite decimal numerator over `INTEREST_DENOMINATOR`
   * (principal × rate% × days × (lcm of the bases / basis)): sums of these stay exact.
   */
  scaledMinor: Decimal;
  /** `scaledMinor / INTEREST_DENOMINATOR` to 100 significant digits, for display and comparison. */
  exactMinor: Decimal;
  compensation: Money | null;
  /** Each period's amount rounded on its own with `rounding` (display only). */
  periods: InterestPeriod[];
  warnings: string[];
};

/** The denominator of every `scaledMinor`: 100 (percent) × lcm(360, 365, 366). */
export const INTEREST_DENOMINATOR: Decimal = new Exact(100 * COMMON_BASIS);

/** Rounds an exact scaled sum (see `ExactInterestResult.scaledMinor`) to minor units, once. */
export const roundScaledInterest = (scaledMinor: Decimal, mode: RoundingMode = 'half-up'): bigint =>
  roundToMinor(new Exact(scaledMinor).div(INTEREST_DENOMINATOR), mode);

/**
 * Late-payment interest as `computeLateInterest` computes it, but unrounded: the exact total
 * (`scaledMinor`) lets callers add several computations and round the sum once.
 */
export const computeLateInterestExact = (
  request: InterestRequest,
  rates: readonly ReferenceRate[],
  options: InterestOptions = {},
): ExactInterestResult => {
  const warnings: string[] = [];
  const due = parseDate(request.dueDate);
  const paid = parseDate(request.paidDate);
  validate(request, warnings);
  const mode = request.rounding ?? 'half-up';
  const firstDay = addDays(due, 1);
  const start =
    request.accrueFrom === undefined ? firstDay : maxDate(firstDay, parseDate(request.accrueFrom));
  if (request.principal.amountMinor <= 0n || compareDates(paid, start) < 0) {
    const zero = new Exact(0);
    return { scaledMinor: zero, exactMinor: zero, compensation: null, periods: [], warnings };
  }

  const knownThrough = options.ratesKnownThrough ?? {};
  const contractual = request.contractualRatePercent;
  let slices: Slice[];
  if (contractual !== undefined) {
    slices = contractualSlices(start, paid, contractual, request.dayCount ?? 'ACT/365');
    if (request.jurisdiction === 'FR' && request.debtor === 'business') {
      checkFrenchFloor(start, paid, contractual, rates, knownThrough, warnings);
    }
  } else if (request.jurisdiction === 'CONTRACT') {
    throw invalid('a contractual rate is required for CONTRACT interest');
  } else {
    slices = statutorySlices(request, request.jurisdiction, start, paid, rates, knownThrough);
  }

  // principal(minor) × rate% × days / basis, each term scaled to the common basis so that the
  // sum stays exact; the only division is the final one.
  const principal = new Exact(request.principal.amountMinor.toString());
  const terms = slices.map((slice) =>
    principal
      .times(slice.rate)
      .times(days(slice))
      .times(COMMON_BASIS / slice.basis),
  );
  const total = terms.reduce((acc, term) => acc.plus(term), new Exact(0));
  const currency = request.principal.currency;
  return {
    scaledMinor: total,
    exactMinor: total.div(INTEREST_DENOMINATOR),
    compensation: compensationFor(request, warnings),
    periods: slices.map((slice, index) => ({
      from: formatDate(slice.from),
      to: formatDate(slice.to),
      days: days(slice),
      ratePercent: slice.ratePercent,
      rateSource: slice.rateSource,
      amount: {
        amountMinor: roundToMinor((terms[index] ?? new Exact(0)).div(INTEREST_DENOMINATOR), mode),
        currency,
      },
    })),
    warnings,
  };
};

/**
 * Late-payment interest on `principal` for the days after `dueDate` up to `paidDate`, with the
 * fixed recovery indemnity: exact simple interest summed over periods, rounded once. Throws
 * `MissingRateError` rather than guess a rate the table does not hold.
 */
export const computeLateInterest = (
  request: InterestRequest,
  rates: readonly ReferenceRate[],
  options: InterestOptions = {},
): InterestResult => {
  const exact = computeLateInterestExact(request, rates, options);
  return {
    interest: {
      amountMinor: roundScaledInterest(exact.scaledMinor, request.rounding ?? 'half-up'),
      currency: request.principal.currency,
    },
    compensation: exact.compensation,
    periods: exact.periods,
    warnings: exact.warnings,
  };
};

/** The CLI's JSON shape (`quittance interest --json`). */
export const interestResultToJson = (
  result: InterestResult,
): {
  interest: string;
  currency: string;
  compensation: string | null;
  periods: { from: string; to: string; days: number; rate: string; amount: string }[];
} => ({
  interest: formatMoney(result.interest),
  currency: result.interest.currency,
  compensation: result.compensation === null ? null : formatMoney(result.compensation),
  periods: result.periods.map((period) => ({
    from: period.from,
    to: period.to,
    days: period.days,
    rate: period.ratePercent,
    amount: formatMoney(period.amount),
  })),
});

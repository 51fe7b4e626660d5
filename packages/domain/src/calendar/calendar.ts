import { Temporal } from '@js-temporal/polyfill';
import { DomainError } from '../shared/domain-error';

/** A calendar date without time or zone: what the business means by "the due date". */
export type PlainDate = Temporal.PlainDate;

export type DayCountConvention = 'ACT/365' | 'ACT/360' | 'ACT/ACT';

/** An exact fraction, so that interest stays free of floating point. */
export type Fraction = { readonly numerator: bigint; readonly denominator: bigint };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses strictly `YYYY-MM-DD` naming a real calendar day; throws `invalid_date` otherwise. */
export const parseDate = (text: string): PlainDate => {
  const match = ISO_DATE.exec(text);
  if (match === null) {
    throw new DomainError('invalid_date', `invalid date "${text}", expected YYYY-MM-DD`, { text });
  }
  const [, year = '', month = '', day = ''] = match;
  try {
    return Temporal.PlainDate.from(
      { year: Number(year), month: Number(month), day: Number(day) },
      { overflow: 'reject' },
    );
  } catch {
    throw new DomainError('invalid_date', `invalid date "${text}", no such day in the calendar`, { text });
  }
};

/** Like `parseDate`, returning undefined instead of throwing. */
export const tryParseDate = (text: string): PlainDate | undefined => {
  try {
    return parseDate(text);
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
};

/** `YYYY-MM-DD`. */
export const formatDate = (d: PlainDate): string => d.toString();

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export const daysBetween = (from: PlainDate, to: PlainDate): number =>
  from.until(to, { largestUnit: 'day' }).days;

/** The date `days` calendar days later (earlier when negative). */
export const addDays = (d: PlainDate, days: number): PlainDate => d.add({ days });

export const compareDates = (a: PlainDate, b: PlainDate): -1 | 0 | 1 => {
  const order = Temporal.PlainDate.compare(a, b);
  return order < 0 ? -1 : order > 0 ? 1 : 0;
};

export const maxDate = (a: PlainDate, b: PlainDate): PlainDate => (compareDates(a, b) >= 0 ? a : b);

export const minDate = (a: PlainDate, b: PlainDate): PlainDate => (compareDates(a, b) <= 0 ? a : b);

/** Saturday or Sunday. */
export const isWeekend = (d: PlainDate): boolean => d.dayOfWeek >= 6;

const isBusinessDay = (d: PlainDate, holidays: ReadonlySet<string>): boolean =>
  !isWeekend(d) && !holidays.has(formatDate(d));

/**
 * Moves `n` business days (Monday to Friday, not in `holidays`, given as `YYYY-MM-DD`) forward,
 * or backward when `n` is negative. `n = 0` returns `d` unchanged, business day or not.
 */
export const addBusinessDays = (
  d: PlainDate,
  n: number,
  holidays: ReadonlySet<string> = new Set(),
): PlainDate => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`business days must be an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let current = d;
  for (let remaining = Math.abs(n); remaining > 0;) {
    current = current.add({ days: step });
    if (isBusinessDay(current, holidays)) remaining -= 1;
  }
  return current;
};

const daysInYear = (year: number): bigint =>
  BigInt(Temporal.PlainDate.from({ year, month: 1, day: 1 }).daysInYear);

/**
 * The year fraction from `from` to `to` under the convention, exact: ACT/365 (fixed) and ACT/360
 * divide actual days by 365 or 360; ACT/ACT is the ISDA variant (days in each calendar year over
 * that year's length). Negative when `to` is earlier.
 */
export const dayCountFraction = (
  from: PlainDate,
  to: PlainDate,
  convention: DayCountConvention,
): Fraction => {
  switch (convention) {
    case 'ACT/365':
      return { numerator: BigInt(daysBetween(from, to)), denominator: 365n };
    case 'ACT/360':
      return { numerator: BigInt(daysBetween(from, to)), denominator: 360n };
    case 'ACT/ACT': {
      if (compareDates(from, to) > 0) {
        const forward = dayCountFraction(to, from, convention);
        return { numerator: -forward.numerator, denominator: forward.denominator };
      }
      // Sum of days/yearLength over the years touched, over the common denominator 365 * 366.
      let numerator = 0n;
      let cursor = from;
      while (compareDates(cursor, to) < 0) {
        const nextYear = Temporal.PlainDate.from({ year: cursor.year + 1, month: 1, day: 1 });
        const end = minDate(nextYear, to);
        const length = daysInYear(cursor.year);
        numerator += (BigInt(daysBetween(cursor, end)) * 365n * 366n) / length;
        cursor = end;
      }
      return { numerator, denominator: 365n * 366n };
    }
    default: {
      const unknown: never = convention;
      throw new RangeError(`unknown day-count convention ${String(unknown)}`);
    }
  }
};

import Decimal from 'decimal.js';
import { Temporal } from '@js-temporal/polyfill';
import type { JsonValue } from '../model';
import { compareNumbers, formatNumber, fromJsNumber, numbersEqual, parseNumber } from './numbers';
import type { FeelContext, FeelDuration, FeelRange, FeelType, FeelValue } from './types';

// Run-time values: classification, dates and durations, equality, ordering, display text and
// JSON conversion. Everything here is total: a value of the wrong kind gives null or false.

export type ValueKind =
  | 'null'
  | 'boolean'
  | 'string'
  | 'number'
  | 'date'
  | 'days-duration'
  | 'years-duration'
  | 'range'
  | 'list'
  | 'context'
  | 'unknown';

type DaysDuration = Extract<FeelDuration, { kind: 'days-duration' }>;
type YearsDuration = Extract<FeelDuration, { kind: 'years-duration' }>;

export const isDate = (v: unknown): v is Temporal.PlainDate => v instanceof Temporal.PlainDate;

export const isDaysDuration = (v: unknown): v is DaysDuration =>
  typeof v === 'object' &&
  v !== null &&
  (v as { kind?: unknown }).kind === 'days-duration' &&
  typeof (v as { days?: unknown }).days === 'number';

export const isYearsDuration = (v: unknown): v is YearsDuration =>
  typeof v === 'object' &&
  v !== null &&
  (v as { kind?: unknown }).kind === 'years-duration' &&
  typeof (v as { months?: unknown }).months === 'number';

export const isRange = (v: unknown): v is FeelRange =>
  typeof v === 'object' &&
  v !== null &&
  (v as { kind?: unknown }).kind === 'range' &&
  typeof (v as { startIncluded?: unknown }).startIncluded === 'boolean';

export const isList = (v: unknown): v is readonly FeelValue[] => Array.isArray(v);

/** A plain object that is not one of the tagged shapes (durations, ranges) nor a library object. */
export const isContext = (v: unknown): v is FeelContext => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return !isDaysDuration(v) && !isYearsDuration(v) && !isRange(v);
};

export const kindOf = (v: unknown): ValueKind => {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'object':
      if (v instanceof Decimal) return 'number';
      if (v instanceof Temporal.PlainDate) return 'date';
      if (Array.isArray(v)) return 'list';
      if (isDaysDuration(v)) return 'days-duration';
      if (isYearsDuration(v)) return 'years-duration';
      if (isRange(v)) return 'range';
      if (isContext(v)) return 'context';
      return 'unknown';
    default:
      return 'unknown';
  }
};

// ---------------------------------------------------------------------------------------------
// Dates as day numbers. The Temporal polyfill is slow (a getter is ~100 ns, `compare` ~2 µs), so
// a date's day number is computed once per PlainDate object and remembered.

const epochDayCache = new WeakMap<Temporal.PlainDate, number>();

/** Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil). */
export const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

export const civilFromDays = (z0: number): { year: number; month: number; day: number } => {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
};

export const epochDay = (d: Temporal.PlainDate): number => {
  const cached = epochDayCache.get(d);
  if (cached !== undefined) return cached;
  const n = daysFromCivil(d.year, d.month, d.day);
  epochDayCache.set(d, n);
  return n;
};

const makeDate = (
  year: number,
  month: number,
  day: number,
  dayNumber?: number,
): Temporal.PlainDate | null => {
  if (year < -271820 || year > 275759) return null;
  try {
    const d = new Temporal.PlainDate(year, month, day);
    epochDayCache.set(d, dayNumber ?? daysFromCivil(year, month, day));
    return d;
  } catch {
    return null;
  }
};

export const dateFromParts = (year: number, month: number, day: number): Temporal.PlainDate | null => {
  if (!Number.isSafeInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return makeDate(year, month, day);
};

export const dateFromEpochDay = (n: number): Temporal.PlainDate | null => {
  const { year, month, day } = civilFromDays(n);
  return makeDate(year, month, day, n);
};

const DATE_TEXT = /^(-?\d{4,9})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` (FEEL date literal text) → PlainDate, or null. */
export const parseDate = (text: string): Temporal.PlainDate | null => {
  const m = DATE_TEXT.exec(text);
  if (!m) return null;
  return dateFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
};

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (y: number, m: number): number =>
  m === 2 && isLeap(y) ? 29 : (MONTH_DAYS[m - 1] ?? 0);

export const formatDate = (d: Temporal.PlainDate): string => {
  const { year, month, day } = civilFromDays(epochDay(d));
  const y =
    year >= 0 && year <= 9999
      ? String(year).padStart(4, '0')
      : (year < 0 ? '-' : '') + String(Math.abs(year)).padStart(4, '0');
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

/** date ± days */
export const addDays = (d: Temporal.PlainDate, days: number): Temporal.PlainDate | null =>
  dateFromEpochDay(epochDay(d) + days);

/** date ± months, the day clamped to the end of the month (2026-01-31 + P1M = 2026-02-28). */
export const addMonths = (d: Temporal.PlainDate, months: number): Temporal.PlainDate | null => {
  const { year, month, day } = civilFromDays(epochDay(d));
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return makeDate(y, m, Math.min(day, daysInMonth(y, m)));
};

/** Whole months from `a` to `b` (years and months duration(a, b)), truncated towards zero. */
export const monthsBetween = (a: Temporal.PlainDate, b: Temporal.PlainDate): number => {
  const x = civilFromDays(epochDay(a));
  const y = civilFromDays(epochDay(b));
  let months = (y.year - x.year) * 12 + (y.month - x.month);
  if (months > 0 && y.day < x.day) months -= 1;
  else if (months < 0 && y.day > x.day) months += 1;
  return months;
};

// ---------------------------------------------------------------------------------------------
// Durations

export const daysDuration = (days: number): DaysDuration => ({ kind: 'days-duration', days: days + 0 });
export const yearsDuration = (months: number): YearsDuration => ({
  kind: 'years-duration',
  months: months + 0,
});

const DAYS_DURATION_TEXT = /^(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const YEARS_DURATION_TEXT = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?$/;

/**
 * An ISO 8601 duration as FEEL knows them: `P14D`, `-P2D`, `PT48H` (whole days only) → days and
 * time duration; `P1Y2M`, `P3M` → years and months duration. Null for anything else (mixing
 * years/months with days, fractions, a time part that is not whole days).
 */
export const parseDuration = (text: string): FeelDuration | null => {
  const ym = YEARS_DURATION_TEXT.exec(text);
  if (ym && (ym[2] !== undefined || ym[3] !== undefined)) {
    const months = Number(ym[2] ?? 0) * 12 + Number(ym[3] ?? 0);
    if (!Number.isSafeInteger(months)) return null;
    return yearsDuration(ym[1] ? -months : months);
  }
  const dt = DAYS_DURATION_TEXT.exec(text);
  if (!dt || dt.slice(2).every((g) => g === undefined) || text.endsWith('T')) return null;
  const seconds = Number(dt[4] ?? 0) * 3600 + Number(dt[5] ?? 0) * 60 + Number(dt[6] ?? 0);
  if (seconds % 86400 !== 0) return null;
  const days = Number(dt[2] ?? 0) * 7 + Number(dt[3] ?? 0) + seconds / 86400;
  if (!Number.isSafeInteger(days)) return null;
  return daysDuration(dt[1] ? -days : days);
};

export const formatDuration = (d: FeelDuration): string => {
  if (d.kind === 'days-duration') return `${d.days < 0 ? '-' : ''}P${Math.abs(d.days)}D`;
  const total = Math.abs(d.months);
  const years = Math.floor(total / 12);
  const months = total % 12;
  const sign = d.months < 0 ? '-' : '';
  if (years === 0) return `${sign}P${months}M`;
  return `${sign}P${years}Y${months === 0 ? '' : `${months}M`}`;
};

// ---------------------------------------------------------------------------------------------
// Equality and order

/**
 * Structural FEEL equality as a plain boolean: numbers exactly across representations, dates by
 * day, durations of the same kind by length, lists and contexts element by element. Values of
 * different kinds are not equal; null equals only null.
 */
export const feelEquals = (a: FeelValue, b: FeelValue): boolean => {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  switch (ka) {
    case 'number':
      return numbersEqual(a as number, b as number);
    case 'date':
      return epochDay(a as Temporal.PlainDate) === epochDay(b as Temporal.PlainDate);
    case 'days-duration':
      return (a as DaysDuration).days === (b as DaysDuration).days;
    case 'years-duration':
      return (a as YearsDuration).months === (b as YearsDuration).months;
    case 'range': {
      const x = a as FeelRange;
      const y = b as FeelRange;
      return (
        x.startIncluded === y.startIncluded &&
        x.endIncluded === y.endIncluded &&
        feelEquals(x.start, y.start) &&
        feelEquals(x.end, y.end)
      );
    }
    case 'list': {
      const x = a as readonly FeelValue[];
      const y = b as readonly FeelValue[];
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (!feelEquals(x[i] as FeelValue, y[i] as FeelValue)) return false;
      return true;
    }
    case 'context': {
      const x = a as FeelContext;
      const y = b as FeelContext;
      const keys = Object.keys(x);
      if (keys.length !== Object.keys(y).length) return false;
      for (const k of keys) {
        if (!Object.prototype.hasOwnProperty.call(y, k)) return false;
        if (!feelEquals(x[k] as FeelValue, y[k] as FeelValue)) return false;
      }
      return true;
    }
    default:
      return false; // booleans and strings were caught by ===
  }
};

/** The FEEL `=` operator: null = null is true, null = x false, different kinds → null. */
export const equalsOperator = (a: FeelValue, b: FeelValue): boolean | null => {
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  const ka = kindOf(a);
  if (ka !== kindOf(b) || ka === 'unknown') return null;
  return feelEquals(a, b);
};

/**
 * Order of two values of the same ordered kind (numbers, strings, dates, durations of one kind):
 * negative, zero or positive; null when they are not comparable (different kinds, null, lists…).
 */
export const compareValues = (a: FeelValue, b: FeelValue): number | null => {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (a === null || b === null) return null;
  if (typeof a === 'string') {
    if (typeof b !== 'string') return null;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return null;
  switch (ka) {
    case 'number': {
      const c = compareNumbers(a as Decimal, b as Decimal);
      return Number.isNaN(c) ? null : c;
    }
    case 'date':
      return epochDay(a as Temporal.PlainDate) - epochDay(b as Temporal.PlainDate);
    case 'days-duration':
      return (a as DaysDuration).days - (b as DaysDuration).days;
    case 'years-duration':
      return (a as YearsDuration).months - (b as YearsDuration).months;
    default:
      return null;
  }
};

/** Is `v` inside the range? null when not comparable. A null bound is unbounded. */
export const inRange = (v: FeelValue, r: FeelRange): boolean | null => {
  if (v === null) return null;
  if (r.start !== null) {
    const c = compareValues(v, r.start);
    if (c === null) return null;
    if (r.startIncluded ? c < 0 : c <= 0) return false;
  }
  if (r.end !== null) {
    const c = compareValues(v, r.end);
    if (c === null) return null;
    if (r.endIncluded ? c > 0 : c >= 0) return false;
  }
  return true;
};

// ---------------------------------------------------------------------------------------------
// Display and JSON

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const quoteString = (s: string): string =>
  '"' +
  s.replace(/[\\"\n\r\t]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`,
  ) +
  '"';

/** FEEL literal text of a value, for display and messages: `"FR"`, `1234.56`, `date("2026-01-31")`. */
export const formatFeel = (value: FeelValue): string => {
  if (value === null || value === undefined) return 'null';
  switch (kindOf(value)) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return quoteString(value as string);
    case 'number':
      return formatNumber(value as number);
    case 'date':
      return `date("${formatDate(value as Temporal.PlainDate)}")`;
    case 'days-duration':
    case 'years-duration':
      return `duration("${formatDuration(value as FeelDuration)}")`;
    case 'range': {
      const r = value as FeelRange;
      if (r.start === null) return `${r.endIncluded ? '<=' : '<'} ${formatFeel(r.end)}`;
      if (r.end === null) return `${r.startIncluded ? '>=' : '>'} ${formatFeel(r.start)}`;
      return `${r.startIncluded ? '[' : '('}${formatFeel(r.start)}..${formatFeel(r.end)}${r.endIncluded ? ']' : ')'}`;
    }
    case 'list':
      return `[${(value as readonly FeelValue[]).map(formatFeel).join(', ')}]`;
    case 'context': {
      const entries = Object.entries(value as FeelContext).map(
        ([k, v]) => `${SIMPLE_NAME.test(k) ? k : quoteString(k)}: ${formatFeel(v)}`,
      );
      return `{${entries.join(', ')}}`;
    }
    default:
      return 'null';
  }
};

/**
 * A value as JSON: numbers as JSON numbers when safe integers, else decimal strings; dates
 * `YYYY-MM-DD`; durations ISO (`P14D`, `P1Y2M`); ranges as their FEEL text.
 */
export const feelToJson = (value: FeelValue): JsonValue => {
  if (value === null || value === undefined) return null;
  switch (kindOf(value)) {
    case 'boolean':
    case 'string':
      return value as boolean | string;
    case 'number':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? value : formatNumber(value);
      return formatNumber(value as Decimal);
    case 'date':
      return formatDate(value as Temporal.PlainDate);
    case 'days-duration':
    case 'years-duration':
      return formatDuration(value as FeelDuration);
    case 'range':
      return formatFeel(value);
    case 'list':
      return (value as readonly FeelValue[]).map(feelToJson);
    case 'context': {
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(value as FeelContext)) out[k] = feelToJson(v);
      return out;
    }
    default:
      return null;
  }
};

/** Parser hook for range values in JSON (set by the compiler module, which owns the parser). */
let rangeFromText: ((text: string) => FeelRange | null) | null = null;
export const setRangeParser = (parse: (text: string) => FeelRange | null): void => {
  rangeFromText = parse;
};

const numberFromJson = (json: unknown): FeelValue => {
  if (typeof json === 'number') return fromJsNumber(json);
  if (typeof json === 'string') return parseNumber(json);
  if (json instanceof Decimal) return json;
  return null;
};

const anyFromJson = (json: unknown): FeelValue => {
  if (json === null || json === undefined) return null;
  if (typeof json === 'number') return fromJsNumber(json);
  if (typeof json === 'string' || typeof json === 'boolean') return json;
  if (Array.isArray(json)) return json.map(anyFromJson);
  if (typeof json === 'object') {
    if (json instanceof Decimal || json instanceof Temporal.PlainDate) return json;
    const out: Record<string, FeelValue> = {};
    for (const [k, v] of Object.entries(json as Record<string, unknown>)) out[k] = anyFromJson(v);
    return out;
  }
  return null;
};

/**
 * A JSON value read against a type (facts given as JSON in rule-set tests and events). Dates
 * from `YYYY-MM-DD`; numbers from JSON numbers or decimal strings (`"1234.56"`); durations from
 * ISO text; contexts field by field (a missing field becomes null, extra fields are read as
 * `any`); under `any` JSON numbers become FEEL numbers and everything else stays as it is.
 * A value that does not fit its type becomes null.
 */
export const feelFromJson = (json: unknown, type: FeelType): FeelValue => {
  if (json === null || json === undefined) return null;
  switch (type.kind) {
    case 'number':
      return numberFromJson(json);
    case 'string':
      return typeof json === 'string' ? json : null;
    case 'boolean':
      return typeof json === 'boolean' ? json : null;
    case 'date':
      if (json instanceof Temporal.PlainDate) return json;
      return typeof json === 'string' ? parseDate(json) : null;
    case 'days-duration':
    case 'years-duration': {
      if (typeof json === 'string') {
        const d = parseDuration(json);
        return d !== null && d.kind === type.kind ? d : null;
      }
      if (isDaysDuration(json) || isYearsDuration(json)) return json.kind === type.kind ? json : null;
      return null;
    }
    case 'list':
      return Array.isArray(json) ? json.map((item: unknown) => feelFromJson(item, type.of)) : null;
    case 'range': {
      if (isRange(json)) return json;
      if (typeof json !== 'string' || rangeFromText === null) return null;
      return rangeFromText(json);
    }
    case 'context': {
      if (typeof json !== 'object' || Array.isArray(json)) return null;
      const source = json as Record<string, unknown>;
      const out: Record<string, FeelValue> = {};
      for (const [k, v] of Object.entries(source)) {
        const fieldType = Object.prototype.hasOwnProperty.call(type.fields, k) ? type.fields[k] : undefined;
        out[k] = fieldType === undefined ? anyFromJson(v) : feelFromJson(v, fieldType);
      }
      for (const k of Object.keys(type.fields)) if (!(k in out)) out[k] = null;
      return out;
    }
    case 'null':
      return null;
    case 'any':
      return anyFromJson(json);
  }
};

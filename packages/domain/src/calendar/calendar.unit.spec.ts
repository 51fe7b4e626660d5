import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error';
import {
  addBusinessDays,
  addDays,
  compareDates,
  dayCountFraction,
  daysBetween,
  formatDate,
  isWeekend,
  maxDate,
  minDate,
  parseDate,
  tryParseDate,
} from './calendar';

const d = parseDate;

describe('parseDate', () => {
  it.each(['2025-01-31', '2024-02-29', '2000-02-29', '1999-12-31', '2025-12-31'])('accepts %s', (text) => {
    expect(formatDate(parseDate(text))).toBe(text);
  });

  it.each([
    '2025-02-29', // not a leap year
    '1900-02-29', // divisible by 100, not by 400
    '2025-02-30',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '2025-01-00',
    '31/01/2025',
    '2025-1-31',
    '2025/01/31',
    '20250131',
    '2025-01-31T00:00',
    ' 2025-01-31',
    '',
    '+002025-01-31',
  ])('rejects %j as invalid_date', (text) => {
    expect(() => parseDate(text)).toThrow(DomainError);
    try {
      parseDate(text);
    } catch (error) {
      expect((error as DomainError).code).toBe('invalid_date');
      expect((error as DomainError).message).toContain(`"${text}"`);
    }
    expect(tryParseDate(text)).toBeUndefined();
  });

  it('tryParseDate returns the date when valid', () => {
    expect(tryParseDate('2025-03-31')?.day).toBe(31);
  });
});

describe('date arithmetic', () => {
  it('counts days across leap days and year ends', () => {
    expect(daysBetween(d('2024-02-28'), d('2024-03-01'))).toBe(2);
    expect(daysBetween(d('2025-02-28'), d('2025-03-01'))).toBe(1);
    expect(daysBetween(d('2024-12-31'), d('2025-01-01'))).toBe(1);
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366);
    expect(daysBetween(d('2025-01-01'), d('2026-01-01'))).toBe(365);
    expect(daysBetween(d('2025-03-31'), d('2025-05-15'))).toBe(45);
    expect(daysBetween(d('2025-05-15'), d('2025-03-31'))).toBe(-45);
    expect(daysBetween(d('2025-05-15'), d('2025-05-15'))).toBe(0);
  });

  it('adds days across month, leap day and year boundaries', () => {
    expect(formatDate(addDays(d('2024-02-28'), 1))).toBe('2024-02-29');
    expect(formatDate(addDays(d('2025-02-28'), 1))).toBe('2025-03-01');
    expect(formatDate(addDays(d('2025-12-31'), 1))).toBe('2026-01-01');
    expect(formatDate(addDays(d('2025-01-01'), -1))).toBe('2024-12-31');
    expect(formatDate(addDays(d('2025-01-31'), 30))).toBe('2025-03-02');
  });

  it('orders dates', () => {
    expect(compareDates(d('2025-01-01'), d('2024-12-31'))).toBe(1);
    expect(compareDates(d('2024-12-31'), d('2025-01-01'))).toBe(-1);
    expect(compareDates(d('2025-01-01'), d('2025-01-01'))).toBe(0);
    expect(formatDate(maxDate(d('2025-01-01'), d('2024-12-31')))).toBe('2025-01-01');
    expect(formatDate(minDate(d('2025-01-01'), d('2024-12-31')))).toBe('2024-12-31');
  });
});

describe('business days', () => {
  it('knows weekends', () => {
    expect(isWeekend(d('2025-03-01'))).toBe(true); // Saturday
    expect(isWeekend(d('2025-03-02'))).toBe(true); // Sunday
    expect(isWeekend(d('2025-03-03'))).toBe(false); // Monday
  });

  it('skips weekends forward and backward', () => {
    expect(formatDate(addBusinessDays(d('2025-02-28'), 1))).toBe('2025-03-03'); // Fri -> Mon
    expect(formatDate(addBusinessDays(d('2025-03-01'), 1))).toBe('2025-03-03'); // Sat -> Mon
    expect(formatDate(addBusinessDays(d('2025-03-03'), 5))).toBe('2025-03-10');
    expect(formatDate(addBusinessDays(d('2025-03-03'), -1))).toBe('2025-02-28'); // Mon -> Fri
    expect(formatDate(addBusinessDays(d('2025-03-01'), 0))).toBe('2025-03-01');
  });

  it('skips holidays across the year end', () => {
    const holidays = new Set(['2025-12-25', '2025-12-26', '2026-01-01']);
    // Wed 2025-12-24 + 2 business days: Thu 25 and Fri 26 are holidays, Mon 29, Tue 30
    expect(formatDate(addBusinessDays(d('2025-12-24'), 2, holidays))).toBe('2025-12-30');
    // Wed 2025-12-31 + 1: Thu 1 January is a holiday -> Fri 2 January
    expect(formatDate(addBusinessDays(d('2025-12-31'), 1, holidays))).toBe('2026-01-02');
    expect(formatDate(addBusinessDays(d('2026-01-02'), -2, holidays))).toBe('2025-12-30');
  });

  it('refuses a fractional count', () => {
    expect(() => addBusinessDays(d('2025-03-03'), 1.5)).toThrow(RangeError);
  });
});

describe('dayCountFraction', () => {
  it('divides actual days by 365 or 360', () => {
    expect(dayCountFraction(d('2025-03-31'), d('2025-05-15'), 'ACT/365')).toEqual({
      numerator: 45n,
      denominator: 365n,
    });
    expect(dayCountFraction(d('2025-03-31'), d('2025-05-15'), 'ACT/360')).toEqual({
      numerator: 45n,
      denominator: 360n,
    });
  });

  it('splits ACT/ACT at year ends by each year length', () => {
    // 2023-12-01 -> 2024-01-01: 31/365; 2024-01-01 -> 2024-03-01: 60/366
    const fraction = dayCountFraction(d('2023-12-01'), d('2024-03-01'), 'ACT/ACT');
    expect(fraction.numerator * 365n * 366n).toBe((31n * 366n + 60n * 365n) * fraction.denominator);
    const wholeLeapYear = dayCountFraction(d('2024-01-01'), d('2025-01-01'), 'ACT/ACT');
    expect(wholeLeapYear.numerator).toBe(wholeLeapYear.denominator);
    const backwards = dayCountFraction(d('2024-03-01'), d('2023-12-01'), 'ACT/ACT');
    expect(backwards.numerator).toBe(-fraction.numerator);
  });
});

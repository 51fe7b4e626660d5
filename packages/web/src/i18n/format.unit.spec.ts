import { describe, expect, it } from 'vitest';
import { formatCountry, formatDate, formatDateTime, formatMoney, formatPercent } from './format';

// fr-FR groups digits with a narrow no-break space (U+202F) and puts a no-break space (U+00A0)
// before the currency sign.
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('formatMoney', () => {
  it('formats euros the French way', () => {
    expect(formatMoney('1234.5', 'EUR', 'fr-FR')).toBe(`1${NNBSP}234,50${NBSP}€`);
  });

  it('formats euros the British way', () => {
    expect(formatMoney('1234.50', 'EUR', 'en-GB')).toBe('€1,234.50');
  });

  it('shows no decimals for the yen', () => {
    expect(formatMoney('1234', 'JPY', 'en-GB')).toBe('JP¥1,234');
    expect(formatMoney('1234', 'JPY', 'fr-FR')).toBe(`1${NNBSP}234${NBSP}JPY`);
  });

  it('keeps the cents of amounts beyond float precision', () => {
    expect(formatMoney('12345678901234567.89', 'EUR', 'en-GB')).toBe('€12,345,678,901,234,567.89');
    expect(formatMoney('9007199254740993.01', 'USD', 'en-GB')).toBe('US$9,007,199,254,740,993.01');
  });

  it('formats negative amounts (credit notes) and drops the sign of zero', () => {
    expect(formatMoney('-250.00', 'EUR', 'en-GB')).toBe('-€250.00');
    expect(formatMoney('-0.00', 'EUR', 'en-GB')).toBe('€0.00');
  });

  it('falls back to plain text for what it cannot format', () => {
    expect(formatMoney('12.00', 'XXXX', 'en-GB')).toBe('12.00 XXXX');
    expect(formatMoney('twelve', 'EUR', 'en-GB')).toBe('twelve EUR');
  });
});

describe('formatDate', () => {
  it('formats calendar dates in the medium style', () => {
    expect(formatDate('2026-01-05', 'en-GB')).toBe('5 Jan 2026');
    expect(formatDate('2026-01-05', 'fr-FR')).toBe('5 janv. 2026');
  });

  it('never shifts the day, whatever the time zone', () => {
    expect(formatDate('2026-12-31', 'en-GB')).toBe('31 Dec 2026');
    expect(formatDate('2026-01-01', 'en-GB')).toBe('1 Jan 2026');
  });

  it('returns what it cannot read unchanged', () => {
    expect(formatDate('2026-02-30', 'en-GB')).toBe('2026-02-30');
    expect(formatDate('yesterday', 'en-GB')).toBe('yesterday');
  });
});

describe('formatDateTime', () => {
  it('formats instants in the requested time zone', () => {
    expect(formatDateTime('2026-03-01T08:30:00Z', 'en-GB', 'Europe/Paris')).toBe('1 Mar 2026, 09:30');
  });
});

describe('formatCountry', () => {
  it('names countries in the viewer language', () => {
    expect(formatCountry('BE', 'fr-FR')).toBe('Belgique');
    expect(formatCountry('BE', 'en-GB')).toBe('Belgium');
  });
});

describe('formatPercent', () => {
  it('keeps the decimals the rate is written with, in the viewer locale', () => {
    expect(formatPercent('8.15', 'en-GB')).toBe('8.15%');
    expect(formatPercent('12.00', 'en-GB')).toBe('12.00%');
    expect(formatPercent('3', 'en-GB')).toBe('3%');
    expect(formatPercent('8.15', 'fr-FR')).toMatch(/^8,15\s%$/); // the space varies with ICU
    expect(formatPercent('-0.5', 'en-GB')).toBe('-0.5%');
  });

  it('falls back to plain text for what it cannot read', () => {
    expect(formatPercent('n/a', 'en-GB')).toBe('n/a %');
  });
});

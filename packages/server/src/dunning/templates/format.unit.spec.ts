import { describe, expect, it } from 'vitest';
import { parseDate, parseMoney } from '@quittance/domain';
import {
  addAmounts,
  formatDateForLocale,
  formatIban,
  formatMoneyForLocale,
  TemplateValueError,
  toMoney,
} from './format';

const eur = (text: string) => parseMoney(text, 'EUR');

describe('money per locale', () => {
  it('writes 1 250,00 € in French and €1,250.00 in English', () => {
    expect(formatMoneyForLocale(eur('1250'), 'fr-FR')).toBe('1\u202f250,00\u00a0€');
    expect(formatMoneyForLocale(eur('1250'), 'en-GB')).toBe('€1,250.00');
    expect(formatMoneyForLocale(eur('1250'), 'de-DE')).toBe('1.250,00\u00a0€');
    expect(formatMoneyForLocale(eur('1250'), 'nl-NL')).toBe('€\u00a01.250,00');
  });

  it('keeps every digit of amounts no float can hold', () => {
    expect(formatMoneyForLocale(eur('90071992547409.93'), 'en-GB')).toBe('€90,071,992,547,409.93');
  });

  it('shows the currency’s own decimals and negative amounts', () => {
    expect(formatMoneyForLocale(parseMoney('1250', 'JPY'), 'en-GB')).toBe('JP¥1,250');
    expect(formatMoneyForLocale(eur('-120'), 'fr-FR')).toBe('-120,00\u00a0€');
  });

  it('refuses a floating-point amount and more decimals than the currency has', () => {
    expect(() => toMoney(12.5, 'EUR')).toThrow(TemplateValueError);
    expect(() => toMoney('12.345', 'EUR')).toThrow(/at most 2/);
    expect(toMoney(12, 'EUR').amountMinor).toBe(1200n);
  });

  it('adds decimal strings exactly', () => {
    expect(addAmounts('0.10', '0.20', 'EUR')).toBe('0.30');
    expect(addAmounts('179.80', '1.85', 'EUR')).toBe('181.65');
  });
});

describe('dates per locale', () => {
  const date = parseDate('2025-03-05');
  it('writes the long date of each language', () => {
    expect(formatDateForLocale(date, 'fr-FR')).toBe('5 mars 2025');
    expect(formatDateForLocale(date, 'de-DE')).toBe('5. März 2025');
    expect(formatDateForLocale(date, 'en-GB')).toBe('5 March 2025');
    expect(formatDateForLocale(date, 'es-ES')).toBe('5 de marzo de 2025');
  });

  it('writes the first of the month as 1er in French', () => {
    expect(formatDateForLocale(parseDate('2025-04-01'), 'fr-FR')).toBe('1er avril 2025');
  });

  it('writes short dates with a four-digit year', () => {
    expect(formatDateForLocale(date, 'de-DE', 'short')).toBe('05.03.2025');
    expect(formatDateForLocale(date, 'en-GB', 'short')).toBe('05/03/2025');
  });
});

it('groups an IBAN by four for reading', () => {
  expect(formatIban('fr7630006000011234567890189')).toBe('FR76 3000 6000 0112 3456 7890 189');
});

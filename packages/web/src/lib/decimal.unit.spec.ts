import { describe, expect, it } from 'vitest';
import { addDecimals, compareDecimals, isDecimal, signOf, subtractDecimals, sumByCurrency } from './decimal';

describe('addDecimals', () => {
  it('adds amounts a float would get wrong', () => {
    expect(addDecimals(['0.10', '0.20'])).toBe('0.30');
    expect(addDecimals(['12345678901234567.89', '0.01'])).toBe('12345678901234567.90');
  });

  it('keeps the largest scale and handles negatives (credit notes)', () => {
    expect(addDecimals(['100', '-25.5', '0.125'])).toBe('74.625');
    expect(addDecimals(['-100.00', '40.00'])).toBe('-60.00');
    expect(addDecimals(['-0.05', '0.01'])).toBe('-0.04');
  });

  it('sums nothing to zero', () => {
    expect(addDecimals([])).toBe('0');
  });

  it('refuses malformed amounts rather than guessing', () => {
    expect(() => addDecimals(['1e3'])).toThrow(/not a decimal/);
    expect(() => addDecimals(['1,50'])).toThrow(/not a decimal/);
  });
});

describe('signOf', () => {
  it('tells positive, zero and negative amounts apart', () => {
    expect(signOf('0.01')).toBe(1);
    expect(signOf('0.00')).toBe(0);
    expect(signOf('-0.00')).toBe(0);
    expect(signOf('-12.30')).toBe(-1);
  });
});

describe('isDecimal', () => {
  it('accepts the wire format only', () => {
    expect(isDecimal('1234.50')).toBe(true);
    expect(isDecimal('-7')).toBe(true);
    expect(isDecimal('1.')).toBe(false);
    expect(isDecimal(' 1')).toBe(false);
  });
});

describe('sumByCurrency', () => {
  it('never adds two currencies together', () => {
    expect(
      sumByCurrency([
        { amount: '10.00', currency: 'EUR' },
        { amount: '500', currency: 'JPY' },
        { amount: '2.50', currency: 'EUR' },
      ]),
    ).toEqual([
      { amount: '12.50', currency: 'EUR' },
      { amount: '500', currency: 'JPY' },
    ]);
  });
});

describe('compareDecimals', () => {
  it('compares exactly, whatever the scale', () => {
    expect(compareDecimals('1.5', '1.50')).toBe(0);
    expect(compareDecimals('0.10', '0.2')).toBe(-1);
    expect(compareDecimals('12345678901234567.90', '12345678901234567.89')).toBe(1);
    expect(compareDecimals('-1', '0')).toBe(-1);
  });

  it('refuses malformed amounts', () => {
    expect(() => compareDecimals('1', 'one')).toThrow();
  });
});

describe('subtractDecimals', () => {
  it('subtracts exactly, at the larger scale', () => {
    expect(subtractDecimals('0.30', '0.10')).toBe('0.20');
    expect(subtractDecimals('150', '100.25')).toBe('49.75');
    expect(subtractDecimals('100.00', '-0.5')).toBe('100.50');
  });

  it('goes below zero when b is larger', () => {
    expect(subtractDecimals('10.00', '10.01')).toBe('-0.01');
  });

  it('refuses malformed amounts', () => {
    expect(() => subtractDecimals('10', '1e2')).toThrow();
    expect(() => subtractDecimals('ten', '1')).toThrow();
  });
});

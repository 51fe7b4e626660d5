import { describe, expect, it } from 'vitest';
import { currencyDecimals, parseAmountInput } from './amount-input';

describe('currencyDecimals', () => {
  it('knows the minor unit of a currency', () => {
    expect(currencyDecimals('EUR')).toBe(2);
    expect(currencyDecimals('JPY')).toBe(0);
    expect(currencyDecimals('KWD')).toBe(3);
    expect(currencyDecimals('??')).toBe(2);
  });
});

describe('parseAmountInput', () => {
  it('reads amounts typed the English or the French way', () => {
    expect(parseAmountInput('120', 2)).toBe('120.00');
    expect(parseAmountInput('120.5', 2)).toBe('120.50');
    expect(parseAmountInput('120,5', 2)).toBe('120.50');
    expect(parseAmountInput('1 234,56', 2)).toBe('1234.56');
    expect(parseAmountInput('1\u202f234,56', 2)).toBe('1234.56');
    expect(parseAmountInput('1,234.56', 2)).toBe('1234.56');
    expect(parseAmountInput('1.234,56', 2)).toBe('1234.56');
    expect(parseAmountInput(' 007.10 ', 2)).toBe('7.10');
  });

  it('keeps every digit, beyond float precision', () => {
    expect(parseAmountInput('12345678901234567.89', 2)).toBe('12345678901234567.89');
  });

  it('pads or trims zeros to the minor unit', () => {
    expect(parseAmountInput('1500', 0)).toBe('1500');
    expect(parseAmountInput('1500.00', 0)).toBe('1500');
    expect(parseAmountInput('1.5', 3)).toBe('1.500');
    expect(parseAmountInput('1.500', 2)).toBe('1.50');
  });

  it('refuses what is not a positive amount of that precision', () => {
    expect(parseAmountInput('', 2)).toBeNull();
    expect(parseAmountInput('0', 2)).toBeNull();
    expect(parseAmountInput('0,00', 2)).toBeNull();
    expect(parseAmountInput('-5', 2)).toBeNull();
    expect(parseAmountInput('1.234', 2)).toBeNull();
    expect(parseAmountInput('1e3', 2)).toBeNull();
    expect(parseAmountInput('12abc', 2)).toBeNull();
    expect(parseAmountInput('1.2.3', 2)).toBeNull();
  });
});

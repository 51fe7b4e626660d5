import { describe, expect, it } from 'vitest';
import { formatIban, isValidBic, isValidIban, normalizeIban } from './iban';

describe('isValidIban', () => {
  it('accepts an IBAN with spaces, in any case', () => {
    expect(isValidIban('BE68539007547034')).toBe(true);
    expect(isValidIban('be68 5390 0754 7034')).toBe(true);
    expect(isValidIban(' FR14 2004 1010 0505 0001 3M02 606 ')).toBe(true);
  });

  it('rejects wrong check digits, wrong lengths and junk', () => {
    expect(isValidIban('BE69539007547034')).toBe(false);
    expect(isValidIban('BE6853900754703')).toBe(false);
    expect(isValidIban('')).toBe(false);
    expect(isValidIban('not an iban')).toBe(false);
  });
});

describe('normalizeIban', () => {
  it('gives the electronic form of a valid IBAN', () => {
    expect(normalizeIban('de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
  });

  it('gives null for an invalid one', () => {
    expect(normalizeIban('DE89 3704 0044 0532 0130 01')).toBeNull();
  });
});

describe('formatIban', () => {
  it('groups by four', () => {
    expect(formatIban('NL91ABNA0417164300')).toBe('NL91 ABNA 0417 1643 00');
  });
});

describe('isValidBic', () => {
  it('accepts 8 and 11 characters in any case', () => {
    expect(isValidBic('GEBABEBB')).toBe(true);
    expect(isValidBic('cobadeffxxx')).toBe(true);
  });

  it('rejects a wrong length, digits in the bank code and an unknown country', () => {
    expect(isValidBic('GEBABEB')).toBe(false);
    expect(isValidBic('GEB4BEBB')).toBe(false);
    expect(isValidBic('GEBAQQBB')).toBe(false);
  });
});

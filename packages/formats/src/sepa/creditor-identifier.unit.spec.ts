import { describe, expect, it } from 'vitest';
import { isValidCreditorIdentifier, normalizeCreditorIdentifier } from './creditor-identifier';

// Published examples (Deutsche Bundesbank test id, EPC262-08 and national guides), each checked
// against a second, independent MOD 97-10 computation.
const VALID = [
  'DE98ZZZ09999999999',
  'FR72ZZZ123456',
  'ES59ZZZX1234567L',
  'IT66ZZZA1B2C3D4E5F6G7H8',
  'BE69ZZZ050D000000008',
  'AT61ZZZ01234567890',
];

describe('isValidCreditorIdentifier', () => {
  it.each(VALID)('accepts %s', (ci) => {
    expect(isValidCreditorIdentifier(ci)).toBe(true);
  });

  it.each([
    ['a changed check digit', 'DE97ZZZ09999999999'],
    ['a changed national digit', 'DE98ZZZ09999999998'],
    ['a changed national letter', 'ES59ZZZX1234567K'],
    ['two swapped national digits', 'FR72ZZZ123465'],
    ['another country', 'AT98ZZZ09999999999'],
    ['a published example with a wrong check (NL97ZZZ123456780001)', 'NL97ZZZ123456780001'],
    ['no national identifier', 'DE98ZZZ'],
    ['a national identifier over 28 characters', `DE98ZZZ${'9'.repeat(29)}`],
    ['a character outside A-Z 0-9', 'DE98ZZZ0999-999999'],
    ['an unknown country', 'XX98ZZZ09999999999'],
    ['letters for check digits', 'DEXXZZZ09999999999'],
    ['nothing', ''],
  ])('refuses %s', (_what, ci) => {
    expect(isValidCreditorIdentifier(ci)).toBe(false);
  });

  it('ignores the creditor business code, which the creditor may change freely', () => {
    expect(isValidCreditorIdentifier('DE98ABC09999999999')).toBe(true);
    expect(isValidCreditorIdentifier('FR72001123456')).toBe(true);
    expect(isValidCreditorIdentifier('DE98AB-09999999999')).toBe(false);
  });
});

describe('normalizeCreditorIdentifier', () => {
  it('gives the compact capitalised form of an identifier written with spaces or in lower case', () => {
    expect(normalizeCreditorIdentifier(' de98 zzz 0999 9999 999 ')).toBe('DE98ZZZ09999999999');
    expect(normalizeCreditorIdentifier('es59zzzx1234567l')).toBe('ES59ZZZX1234567L');
  });

  it('gives null for an invalid identifier', () => {
    expect(normalizeCreditorIdentifier('DE97ZZZ09999999999')).toBeNull();
  });
});

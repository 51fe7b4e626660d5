import { describe, expect, it } from 'vitest';
import {
  createOgm,
  createRfReference,
  formatRfReference,
  isValidOgm,
  isValidRfReference,
  validateStructuredReference,
} from './structured-reference';

describe('ISO 11649 RF creditor reference', () => {
  it.each([
    'RF18539007547034', // the example of the standard
    'RF18 5390 0754 7034',
    'rf18 5390 0754 7034',
    'RF18000000000539007547034', // leading zeros keep the check digits
    'RF712348231',
    'RF71 2348 231',
    'RF82INV24001',
    'RF55INV24002',
  ])('accepts %j', (reference) => {
    expect(isValidRfReference(reference)).toBe(true);
  });

  it.each([
    'RF19539007547034', // wrong check digits
    'RF18539007547035', // one digit changed
    'RF18539007547043', // two digits swapped
    'RF18',
    'RF', // nothing
    '539007547034',
    'RF18-5390-0754-7034',
    'RF180000000000539007547034', // 22 characters after the check digits
    'XX18539007547034',
    '',
  ])('rejects %j', (reference) => {
    expect(isValidRfReference(reference)).toBe(false);
  });

  it('creates the check digits', () => {
    expect(createRfReference('539007547034')).toBe('RF18539007547034');
    expect(createRfReference('2348231')).toBe('RF712348231');
    expect(createRfReference('inv 24001')).toBe('RF82INV24001');
    expect(createRfReference('1')).toMatch(/^RF\d\d1$/);
    expect(isValidRfReference(createRfReference('ZZZZZZZZZZZZZZZZZZZZZ'))).toBe(true);
  });

  it('refuses a base that cannot make a reference', () => {
    expect(() => createRfReference('')).toThrow(/1 to 21/);
    expect(() => createRfReference('INV-1')).toThrow(/1 to 21/);
    expect(() => createRfReference('1234567890123456789012')).toThrow(/1 to 21/);
  });

  it('prints in groups of four', () => {
    expect(formatRfReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
    expect(formatRfReference('rf712348231')).toBe('RF71 2348 231');
  });
});

describe('Belgian structured communication (OGM/VCS)', () => {
  it.each([
    '+++123/4567/89002+++', // 1234567890 mod 97 = 2
    '***123/4567/89002***',
    '123456789002',
    '+++000/0000/09797+++', // 97 mod 97 = 0 -> check 97
    '+++090/0000/00151+++', // 900000001 mod 97 = 51
    ' +++202/4000/00138+++ ',
  ])('accepts %j', (ogm) => {
    expect(isValidOgm(ogm)).toBe(true);
  });

  it.each([
    '+++123/4567/89003+++',
    '+++000/0000/09700+++', // remainder 0 is written 97, never 00
    '+++123/4567/89002***', // mixed frames
    '++123/4567/89002++',
    '+++1234/567/89002+++',
    '12345678900',
    '1234567890021',
    'RF18539007547034',
  ])('rejects %j', (ogm) => {
    expect(isValidOgm(ogm)).toBe(false);
  });

  it('creates the check digits, 97 for a multiple of 97', () => {
    expect(createOgm('1234567890')).toBe('+++123/4567/89002+++');
    expect(createOgm('0000000097')).toBe('+++000/0000/09797+++');
    expect(createOgm('2024000001')).toBe('+++202/4000/00138+++');
    expect(() => createOgm('123456789')).toThrow(/10 digits/);
    expect(() => createOgm('12345678a0')).toThrow(/10 digits/);
  });
});

describe('validateStructuredReference', () => {
  it('recognises and normalises both kinds', () => {
    expect(validateStructuredReference('rf18 5390 0754 7034')).toEqual({
      ok: true,
      kind: 'rf',
      normalized: 'RF18539007547034',
    });
    expect(validateStructuredReference('***123/4567/89002***')).toEqual({
      ok: true,
      kind: 'ogm',
      normalized: '+++123/4567/89002+++',
    });
    expect(validateStructuredReference('123456789002')).toEqual({
      ok: true,
      kind: 'ogm',
      normalized: '+++123/4567/89002+++',
    });
  });

  it.each([
    ['RF19539007547034', /check digits/],
    ['RF18 5390-0754', /not an RF reference/],
    ['+++123/4567/89003+++', /check digits/],
    ['INV-2024-001', /neither/],
    ['', /neither/],
  ])('explains why %j is refused', (text, reason) => {
    const result = validateStructuredReference(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidPhoneNumberError, normalizePhoneNumber, toE164 } from './phone-number';

describe('normalizePhoneNumber', () => {
  it.each([
    // As debtors and accounting systems write them.
    ['06 12 34 56 78', 'FR', '+33612345678', true],
    ['06.12.34.56.78', 'FR', '+33612345678', true],
    ['+33 6 12 34 56 78', undefined, '+33612345678', true],
    ['+33 (0)6 12 34 56 78', undefined, '+33612345678', true],
    ['0033 6 12 34 56 78', 'DE', '+33612345678', true],
    ['+33 06 12 34 56 78', undefined, '+33612345678', true],
    ['01 42 68 53 00', 'FR', '+33142685300', false],
    ['0470 12 34 56', 'BE', '+32470123456', true],
    ['02 123 45 67', 'BE', '+3221234567', false],
    ['621 123 456', 'LU', '+352621123456', true],
    ['0171 2345678', 'DE', '+491712345678', true],
    ['0151/23456789', 'DE', '+4915123456789', true],
    ['030 1234567', 'DE', '+49301234567', false],
    ['0664 1234567', 'AT', '+436641234567', true],
    ['079 123 45 67', 'CH', '+41791234567', true],
    ['06-12345678', 'NL', '+31612345678', true],
    ['612 34 56 78', 'ES', '+34612345678', true],
    ['912 34 56 78', 'PT', '+351912345678', true],
    ['333 123 4567', 'IT', '+393331234567', true],
    // Italy keeps the 0 of a fixed line after the country code.
    ['06 6988 1234', 'IT', '+390669881234', false],
    ['+39 06 6988 1234', undefined, '+390669881234', false],
    ['087 123 4567', 'IE', '+353871234567', true],
    ['07700 900123', 'GB', '+447700900123', true],
    ['06 12 34 56 78', 'MC', '+377612345678', true],
    ['93 15 20 00', 'MC', '+37793152000', false],
    ['612345678', 'fr', '+33612345678', true],
  ])('%s (%s) → %s', (input, country, e164, mobile) => {
    const result = normalizePhoneNumber(input, country);
    expect(result).toEqual({
      ok: true,
      number: { e164, country: expect.any(String), mobile },
    });
  });

  it('keeps a number in international form from outside the table, without judging it', () => {
    expect(normalizePhoneNumber('+1 415 555 2671')).toEqual({
      ok: true,
      number: { e164: '+14155552671', country: null, mobile: null },
    });
  });

  it('reads +352 as Luxembourg, not as +35 followed by 2', () => {
    expect(normalizePhoneNumber('+352 621 123 456')).toMatchObject({
      ok: true,
      number: { e164: '+352621123456', country: 'LU' },
    });
  });

  it.each([
    ['', 'FR', 'empty', /empty/],
    ['   ', 'FR', 'empty', /empty/],
    ['06 12 34 56 78 ext. 12', 'FR', 'invalid-characters', /only digits/],
    ['jean.dupont@debiteur.example', 'FR', 'invalid-characters', /not a phone number/],
    ['06 12 34 56', 'FR', 'invalid-number', /not a valid French number: \+33 is followed by 9 digits/],
    ['06 12 34 56 78 9', 'FR', 'invalid-number', /French/],
    ['+33 6 12 34 56 7', undefined, 'invalid-number', /French/],
    ['06 12 34 56 78', undefined, 'no-country', /no country code/],
    ['06 12 34 56 78', 'US', 'unknown-country', /write it as \+<country code>/],
    ['412 345 678', 'ES', 'invalid-number', /Spanish/],
    ['+0 612345678', undefined, 'invalid-number', /international/],
    ['+1234567', undefined, 'invalid-number', /international/],
    ['+1234567890123456', undefined, 'invalid-number', /international/],
  ])('%j (%s) is refused: %s', (input, country, problem, message) => {
    const result = normalizePhoneNumber(input, country);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toBe(problem);
      expect(result.message).toMatch(message);
    }
  });
});

describe('toE164', () => {
  it('returns the E.164 string', () => {
    expect(toE164('06 12 34 56 78', 'FR')).toBe('+33612345678');
  });

  it('throws an InvalidPhoneNumberError naming the number', () => {
    expect(() => toE164('06 12', 'FR')).toThrow(InvalidPhoneNumberError);
    expect(() => toE164('06 12', 'FR')).toThrow(/"06 12" is not a valid French number/);
  });
});

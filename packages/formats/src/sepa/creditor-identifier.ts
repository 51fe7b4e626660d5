import { isCountryCode } from '../codes/countries';

// The SEPA Creditor Identifier (EPC262-08): country code, two check digits, a three-character
// creditor business code the creditor may choose freely, then the national identifier. The check
// digits (ISO 7064 MOD 97-10, as in an IBAN) cover the national identifier and the country only,
// so that a creditor can change its business code without a new identifier.

const SHAPE = /^([A-Z]{2})(\d{2})([A-Z0-9]{3})([A-Z0-9]{1,28})$/;

// Letters as numbers, A = 10 ... Z = 35, then the remainder by 97 digit by digit, so that no
// number grows beyond a few digits.
const mod97 = (text: string): number =>
  [...text]
    .map((c) => (c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c))
    .join('')
    .split('')
    .reduce((remainder, digit) => (remainder * 10 + Number(digit)) % 97, 0);

const checkDigits = (country: string, nationalId: string): string =>
  String(98 - mod97(`${nationalId}${country}00`)).padStart(2, '0');

/**
 * The compact, capitalised form ("DE98ZZZ09999999999") of a valid SEPA Creditor Identifier, written
 * with or without spaces, any case; null when it is not one.
 */
export const normalizeCreditorIdentifier = (ci: string): string | null => {
  const compact = ci.replace(/\s+/g, '').toUpperCase();
  const match = SHAPE.exec(compact);
  if (match === null) return null;
  const [, country = '', digits = '', , nationalId = ''] = match;
  if (!isCountryCode(country)) return null;
  return checkDigits(country, nationalId) === digits ? compact : null;
};

/** True for a SEPA Creditor Identifier with a known country and correct check digits. */
export const isValidCreditorIdentifier = (ci: string): boolean => normalizeCreditorIdentifier(ci) !== null;

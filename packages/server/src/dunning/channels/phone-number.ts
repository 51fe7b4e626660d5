// Phone numbers as debtors and accounting systems write them ("06 12 34 56 78",
// "+33 (0)6 12 34 56 78", "0049 171 2345678") turned into E.164 for the SMS provider. A small
// table for the countries Quittance serves, not a numbering-plan database: it checks the length
// and the first digits, and tells a mobile from anything else where the plan makes that plain.

export type PhoneCountry =
  'FR' | 'BE' | 'LU' | 'MC' | 'DE' | 'AT' | 'CH' | 'NL' | 'ES' | 'PT' | 'IT' | 'IE' | 'GB';

type NumberingPlan = {
  readonly callingCode: string;
  readonly name: string;
  /** Dialled before the national number inside the country, dropped after the country code. */
  readonly trunkPrefix: '0' | null;
  /** The national significant number (after the country code). */
  readonly pattern: RegExp;
  /** What the national significant number has, in words, for the error message. */
  readonly shape: string;
  readonly mobile: RegExp;
};

const PLANS: Readonly<Record<PhoneCountry, NumberingPlan>> = {
  FR: {
    callingCode: '33',
    name: 'French',
    trunkPrefix: '0',
    pattern: /^[1-9]\d{8}$/,
    shape: '9 digits',
    mobile: /^[67]\d{8}$/,
  },
  BE: {
    callingCode: '32',
    name: 'Belgian',
    trunkPrefix: '0',
    pattern: /^(?:4\d{8}|[1-9]\d{7})$/,
    shape: '8 digits, or 9 for a mobile (4…)',
    mobile: /^4[5-9]\d{7}$/,
  },
  LU: {
    callingCode: '352',
    name: 'Luxembourg',
    trunkPrefix: null,
    pattern: /^[2-9]\d{3,10}$/,
    shape: '4 to 11 digits',
    mobile: /^6(?:[269][18]|71)\d{6}$/,
  },
  // Monaco dials its 8-digit fixed lines bare, and its mobiles nationally as 06….
  MC: {
    callingCode: '377',
    name: 'Monegasque',
    trunkPrefix: '0',
    pattern: /^(?:6\d{8}|[489]\d{7})$/,
    shape: '8 digits, or 9 for a mobile (6…)',
    mobile: /^(?:6\d{8}|4\d{7})$/,
  },
  DE: {
    callingCode: '49',
    name: 'German',
    trunkPrefix: '0',
    pattern: /^[1-9]\d{5,12}$/,
    shape: '6 to 13 digits',
    mobile: /^1(?:5\d{9}|[67]\d{8,9})$/,
  },
  AT: {
    callingCode: '43',
    name: 'Austrian',
    trunkPrefix: '0',
    pattern: /^[1-9]\d{3,12}$/,
    shape: '4 to 13 digits',
    mobile: /^6(?:5[0-9]|6[0-9]|[78][0-9]|9[0-9])\d{6,9}$/,
  },
  CH: {
    callingCode: '41',
    name: 'Swiss',
    trunkPrefix: '0',
    pattern: /^[1-9]\d{8}$/,
    shape: '9 digits',
    mobile: /^7[5-9]\d{7}$/,
  },
  NL: {
    callingCode: '31',
    name: 'Dutch',
    trunkPrefix: '0',
    pattern: /^[1-9]\d{8}$/,
    shape: '9 digits',
    mobile: /^6[1-9]\d{7}$/,
  },
  ES: {
    callingCode: '34',
    name: 'Spanish',
    trunkPrefix: null,
    pattern: /^[5-9]\d{8}$/,
    shape: '9 digits starting with 5 to 9',
    mobile: /^(?:6\d|7[1-9])\d{7}$/,
  },
  PT: {
    callingCode: '351',
    name: 'Portuguese',
    trunkPrefix: null,
    pattern: /^[29]\d{8}$/,
    shape: '9 digits starting with 2 or 9',
    mobile: /^9[1236]\d{7}$/,
  },
  // Italy dials the leading 0 of a fixed line even from abroad: it is part of the number.
  IT: {
    callingCode: '39',
    name: 'Italian',
    trunkPrefix: null,
    pattern: /^(?:0\d{5,10}|3\d{8,9})$/,
    shape: '6 to 11 digits starting with 0, or 9 to 10 for a mobile (3…)',
    mobile: /^3\d{8,9}$/,
  },
  IE: {
    callingCode: '353',
    name: 'Irish',
    trunkPrefix: '0',
    pattern: /^[1-9]\d{6,8}$/,
    shape: '7 to 9 digits',
    mobile: /^8[3-9]\d{7}$/,
  },
  GB: {
    callingCode: '44',
    name: 'British',
    trunkPrefix: '0',
    pattern: /^[1-9]\d{8,9}$/,
    shape: '9 or 10 digits',
    mobile: /^7[1-9]\d{8}$/,
  },
};

export const PHONE_COUNTRIES = Object.keys(PLANS) as PhoneCountry[];

export const isPhoneCountry = (code: string): code is PhoneCountry => Object.hasOwn(PLANS, code);

// Longest codes first, so +352 (Luxembourg) is not read as +35 followed by 2.
const BY_CALLING_CODE = PHONE_COUNTRIES.map((c) => [PLANS[c].callingCode, c] as const).sort(
  (a, b) => b[0].length - a[0].length,
);

export type PhoneNumber = {
  /** `+33612345678` */
  readonly e164: string;
  /** Null for a number in international form from a country outside the table. */
  readonly country: PhoneCountry | null;
  /** Null when the country is outside the table. */
  readonly mobile: boolean | null;
};

export type PhoneNumberProblem =
  'empty' | 'invalid-characters' | 'no-country' | 'unknown-country' | 'invalid-number';

export type PhoneNumberResult =
  | { readonly ok: true; readonly number: PhoneNumber }
  | { readonly ok: false; readonly problem: PhoneNumberProblem; readonly message: string };

const fail = (problem: PhoneNumberProblem, message: string): PhoneNumberResult => ({
  ok: false,
  problem,
  message,
});

const inPlan = (country: PhoneCountry, nsn: string, input: string): PhoneNumberResult => {
  const plan = PLANS[country];
  // "+33 0 6 12 34 56 78": the trunk 0 kept after the country code is a common slip.
  const national = plan.trunkPrefix !== null && nsn.startsWith(plan.trunkPrefix) ? nsn.slice(1) : nsn;
  if (!plan.pattern.test(national))
    return fail(
      'invalid-number',
      `${JSON.stringify(input)} is not a valid ${plan.name} number: +${plan.callingCode} is followed by ${plan.shape}`,
    );
  return {
    ok: true,
    number: { e164: `+${plan.callingCode}${national}`, country, mobile: plan.mobile.test(national) },
  };
};

/**
 * The E.164 form of a phone number, or why it cannot be one. A number written without a country
 * code is read in `defaultCountry` (the debtor's country). Separators (spaces, dots, dashes,
 * slashes, parentheses) and an optional "(0)" are ignored; letters and extensions are not.
 */
export const normalizePhoneNumber = (input: string, defaultCountry?: string): PhoneNumberResult => {
  const trimmed = input.trim();
  if (trimmed === '') return fail('empty', 'the phone number is empty');
  const cleaned = trimmed.replace(/\(0\)/g, '').replace(/[\s\u00a0.\-/()]/g, '');
  if (!/^(\+|00)?\d+$/.test(cleaned))
    return fail(
      'invalid-characters',
      `${JSON.stringify(input)} is not a phone number: only digits, + and separators`,
    );

  if (cleaned.startsWith('+') || cleaned.startsWith('00')) {
    const digits = cleaned.replace(/^(\+|00)/, '');
    for (const [code, country] of BY_CALLING_CODE) {
      if (digits.startsWith(code)) return inPlan(country, digits.slice(code.length), input);
    }
    // Outside our table: only E.164's own limits (a 1–3 digit country code, 15 digits at most).
    if (digits.length < 8 || digits.length > 15 || digits.startsWith('0'))
      return fail('invalid-number', `${JSON.stringify(input)} is not a valid international number`);
    return { ok: true, number: { e164: `+${digits}`, country: null, mobile: null } };
  }

  if (defaultCountry === undefined)
    return fail('no-country', `${JSON.stringify(input)} has no country code and the country is unknown`);
  const country = defaultCountry.toUpperCase();
  if (!isPhoneCountry(country))
    return fail(
      'unknown-country',
      `${JSON.stringify(input)} has no country code, and numbers of ${defaultCountry} cannot be checked: write it as +<country code>…`,
    );
  return inPlan(country, cleaned, input);
};

export class InvalidPhoneNumberError extends Error {
  constructor(
    readonly problem: PhoneNumberProblem,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidPhoneNumberError';
  }
}

/** `normalizePhoneNumber` for callers that treat a bad number as an error: throws InvalidPhoneNumberError. */
export const toE164 = (input: string, defaultCountry?: string): string => {
  const result = normalizePhoneNumber(input, defaultCountry);
  if (!result.ok) throw new InvalidPhoneNumberError(result.problem, result.message);
  return result.number.e164;
};

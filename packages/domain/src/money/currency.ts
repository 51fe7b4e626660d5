import { DomainError } from '../shared/domain-error';

/** ISO 4217 alpha-3 code, upper case (e.g. `EUR`). */
export type CurrencyCode = string;

// Minor-unit exponents of the active ISO 4217 currencies (list one, 2025). Precious metals,
// testing and SDR-like units (XAU, XTS, XXX, XDR, ...) have no minor unit and are left out on
// purpose: nobody invoices in them.
// prettier-ignore
const EXPONENT_0 = [
  'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV',
  'XAF', 'XOF', 'XPF',
] as const;

// prettier-ignore
const EXPONENT_3 = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'] as const;

// prettier-ignore
const EXPONENT_4 = ['CLF', 'UYW'] as const;

// prettier-ignore
const EXPONENT_2 = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN',
  'BAM', 'BBD', 'BDT', 'BGN', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD',
  'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CNY', 'COP', 'COU', 'CRC', 'CUP', 'CVE', 'CZK',
  'DKK', 'DOP', 'DZD',
  'EGP', 'ERN', 'ETB', 'EUR',
  'FJD', 'FKP',
  'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GTQ', 'GYD',
  'HKD', 'HNL', 'HTG', 'HUF',
  'IDR', 'ILS', 'INR', 'IRR',
  'JMD',
  'KES', 'KGS', 'KHR', 'KPW', 'KYD', 'KZT',
  'LAK', 'LBP', 'LKR', 'LRD', 'LSL',
  'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR',
  'MZN',
  'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD',
  'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN',
  'QAR',
  'RON', 'RSD', 'RUB',
  'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP',
  'SZL',
  'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS',
  'UAH', 'USD', 'USN', 'UYU', 'UZS',
  'VED', 'VES',
  'WST',
  'XCD', 'XCG',
  'YER',
  'ZAR', 'ZMW', 'ZWG',
] as const;

const EXPONENTS: ReadonlyMap<string, number> = new Map<string, number>([
  ...EXPONENT_0.map((code) => [code, 0] as const),
  ...EXPONENT_2.map((code) => [code, 2] as const),
  ...EXPONENT_3.map((code) => [code, 3] as const),
  ...EXPONENT_4.map((code) => [code, 4] as const),
]);

/** True when `code` is an active ISO 4217 currency, written in upper case. */
export const isKnownCurrency = (code: string): boolean => EXPONENTS.has(code);

/** Number of decimal digits of the currency's minor unit; throws `unknown_currency`. */
export const currencyExponent = (code: string): number => {
  const exponent = EXPONENTS.get(code);
  if (exponent === undefined) {
    throw new DomainError(
      'unknown_currency',
      `unknown currency "${code}", expected an ISO 4217 code such as EUR`,
      {
        currency: code,
      },
    );
  }
  return exponent;
};

/** Every known currency code, sorted. */
export const knownCurrencies = (): readonly CurrencyCode[] => [...EXPONENTS.keys()].sort();

// Reads an amount as a user types it in a form ("1 234,5", "1,234.50", "120") into the exact
// decimal string the API expects ("1234.50"), padded to the currency's minor unit. Never goes
// through a float.

const SPACES = /[\s\u00a0\u202f']/g;

/** The number of decimals of a currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD). */
export function currencyDecimals(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * The positive amount typed in `input`, as a decimal string with exactly `decimals` decimals; null
 * when it is not a positive amount with at most that many decimals. When both "," and "." appear,
 * the last one is the decimal separator and the other groups thousands.
 */
export function parseAmountInput(input: string, decimals: number): string | null {
  let text = input.replace(SPACES, '');
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    const grouping = lastComma > lastDot ? '.' : ',';
    text = text.split(grouping).join('');
  }
  text = text.replace(',', '.');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return null;
  const whole = (m[1] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = m[2] ?? '';
  if (fraction.length > decimals && !/^0*$/.test(fraction.slice(decimals))) return null;
  const padded = fraction.slice(0, decimals).padEnd(decimals, '0');
  if (/^0+$/.test(whole + padded)) return null;
  return decimals > 0 ? `${whole}.${padded}` : whole;
}

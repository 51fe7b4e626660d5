import type { MoneyDto } from '@quittance/api-contract';

// Amounts travel as exact decimal strings ("1234.50"). Anything the UI computes from them (totals)
// goes through bigint so that no cent is lost to binary floating point.

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

type Scaled = { units: bigint; scale: number };

function parse(amount: string): Scaled | null {
  const m = DECIMAL.exec(amount);
  if (!m) return null;
  const [, sign, whole = '0', fraction = ''] = m;
  const units = BigInt(whole + fraction);
  return { units: sign ? -units : units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function render(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** True for a decimal string such as "12", "-3.50"; false for anything else (exponents, commas, blanks). */
export function isDecimal(amount: string): boolean {
  return DECIMAL.test(amount);
}

/** Exact sum of decimal strings, at the largest scale among them; throws on a malformed amount. */
export function addDecimals(amounts: readonly string[]): string {
  const parsed = amounts.map((a) => {
    const p = parse(a);
    if (!p) throw new Error(`not a decimal amount: ${JSON.stringify(a)}`);
    return p;
  });
  const scale = Math.max(0, ...parsed.map((p) => p.scale));
  const total = parsed.reduce((sum, p) => sum + rescale(p, scale), 0n);
  return render(total, scale);
}

/** -1, 0 or 1 as the decimal string is below, at or above zero; 0 for a malformed amount. */
export function signOf(amount: string): -1 | 0 | 1 {
  const p = parse(amount);
  if (!p || p.units === 0n) return 0;
  return p.units < 0n ? -1 : 1;
}

/** Totals per currency, in the order currencies first appear. */
export function sumByCurrency(moneys: readonly MoneyDto[]): MoneyDto[] {
  const byCurrency = new Map<string, string[]>();
  for (const m of moneys) {
    const list = byCurrency.get(m.currency) ?? [];
    list.push(m.amount);
    byCurrency.set(m.currency, list);
  }
  return [...byCurrency].map(([currency, amounts]) => ({ currency, amount: addDecimals(amounts) }));
}

/** Compares two decimal strings exactly ("1.5" equals "1.50"); throws on a malformed amount. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const [pa, pb] = [parse(a), parse(b)];
  if (!pa || !pb) throw new Error(`not a decimal amount: ${JSON.stringify(pa ? b : a)}`);
  const scale = Math.max(pa.scale, pb.scale);
  const [ua, ub] = [rescale(pa, scale), rescale(pb, scale)];
  return ua === ub ? 0 : ua < ub ? -1 : 1;
}

/** Exact difference a − b of two decimal strings, at the larger scale; throws on a malformed amount. */
export function subtractDecimals(a: string, b: string): string {
  const pb = parse(b);
  if (!pb) throw new Error(`not a decimal amount: ${JSON.stringify(b)}`);
  return addDecimals([a, render(-pb.units, pb.scale)]);
}

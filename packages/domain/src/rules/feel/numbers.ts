import Decimal from 'decimal.js';
import type { FeelNumber } from './types';

// FEEL numbers: exact decimals (DMN says IEEE 754-2008 Decimal128, i.e. 34 significant digits,
// half-even rounding). At run time a number is a JavaScript `number` when it is a safe integer —
// the common case (days past due, counts, scores), fast and allocation-free — and a `Decimal`
// otherwise. Every operation goes through the `Dec` constructor below so that the precision does
// not depend on whichever constructor created an operand (another module may hand us a Decimal
// made with the default 20-digit constructor).

/** Decimal constructor for FEEL arithmetic: 34 significant digits, half-even (Decimal128). */
export const Dec = Decimal.clone({
  precision: 34,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -1000,
  toExpPos: 1000,
});

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export const isDecimal = (value: unknown): value is Decimal => value instanceof Decimal;

export const isFeelNumber = (value: unknown): value is FeelNumber =>
  typeof value === 'number' || value instanceof Decimal;

/** A Decimal as a FeelNumber: a `number` when it is a safe integer. NaN/±Infinity give null. */
export const normalize = (d: Decimal): FeelNumber | null => {
  if (!d.isFinite()) return null;
  if (d.isInteger() && d.abs().lte(MAX_SAFE)) return d.toNumber() + 0; // + 0 turns -0 into 0
  return d;
};

/** Any JavaScript number as a FeelNumber (a non-integer goes through its shortest decimal text). */
export const fromJsNumber = (n: number): FeelNumber | null => {
  if (Number.isSafeInteger(n)) return n + 0;
  if (!Number.isFinite(n)) return null;
  return normalize(new Dec(String(n)));
};

const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** A decimal text (`1234.56`, `-3`, `.5`) as a FeelNumber; null when it is not one. */
export const parseNumber = (text: string): FeelNumber | null => {
  const t = text.trim();
  if (!DECIMAL_TEXT.test(t)) return null;
  return normalize(new Dec(t));
};

export const toDecimal = (n: FeelNumber): Decimal => (typeof n === 'number' ? new Dec(n) : n);

export const add = (a: FeelNumber, b: FeelNumber): FeelNumber | null => {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r) && Number.isInteger(a) && Number.isInteger(b)) return r;
  }
  return normalize(Dec.add(a, b));
};

export const subtract = (a: FeelNumber, b: FeelNumber): FeelNumber | null => {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r) && Number.isInteger(a) && Number.isInteger(b)) return r + 0;
  }
  return normalize(Dec.sub(a, b));
};

export const multiply = (a: FeelNumber, b: FeelNumber): FeelNumber | null => {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r) && Number.isInteger(a) && Number.isInteger(b)) return r + 0;
  }
  return normalize(Dec.mul(a, b));
};

/** Division: exact when it can be, else rounded to 34 significant digits; by zero → null. */
export const divide = (a: FeelNumber, b: FeelNumber): FeelNumber | null => {
  if (typeof b === 'number' ? b === 0 : b.isZero()) return null;
  if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) && Number.isInteger(b)) {
    if (a % b === 0) return a / b + 0;
  }
  return normalize(Dec.div(a, b));
};

/** Exponentiation; a negative power of zero (division by zero) → null. */
export const power = (a: FeelNumber, b: FeelNumber): FeelNumber | null => {
  const base = toDecimal(a);
  const exponent = toDecimal(b);
  if (base.isZero() && exponent.isNegative()) return null;
  // Guard against results too large to be useful (and too slow to compute exactly).
  if (exponent.abs().gt(100_000)) return null;
  if (base.isNegative() && !exponent.isInteger()) return null;
  return normalize(Dec.pow(base, exponent));
};

export const negate = (a: FeelNumber): FeelNumber => (typeof a === 'number' ? -a + 0 : a.neg());

/**
 * Compare two Decimals without allocating (decimal.js's own `cmp` copies its argument). Mirrors
 * decimal.js `comparedTo` on its internal representation (digits `d` in base 1e7, exponent `e`,
 * sign `s`). NaN when either is NaN.
 */
export const compareDecimals = (x: Decimal, y: Decimal): number => {
  const xd = x.d;
  const yd = y.d;
  const xs = x.s;
  const ys = y.s;
  if (!xd || !yd) {
    // NaN or ±Infinity
    if (!xs || !ys) return NaN;
    if (xs !== ys) return xs;
    if (xd === yd) return 0;
    return !xd !== xs < 0 ? 1 : -1;
  }
  if (!xd[0] || !yd[0]) return xd[0] ? xs : yd[0] ? -ys : 0;
  if (xs !== ys) return xs;
  if (x.e !== y.e) return x.e > y.e !== xs < 0 ? 1 : -1;
  const xl = xd.length;
  const yl = yd.length;
  const n = xl < yl ? xl : yl;
  for (let i = 0; i < n; i++) {
    const a = xd[i] as number;
    const b = yd[i] as number;
    if (a !== b) return a > b !== xs < 0 ? 1 : -1;
  }
  return xl === yl ? 0 : xl > yl !== xs < 0 ? 1 : -1;
};

/** -1, 0 or 1; exact across `number` and `Decimal`. */
export const compareNumbers = (a: FeelNumber, b: FeelNumber): number => {
  if (typeof a === 'number') {
    if (typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
    return -compareDecimals(b, new Dec(a));
  }
  return compareDecimals(a, typeof b === 'number' ? new Dec(b) : b);
};

export const numbersEqual = (a: FeelNumber, b: FeelNumber): boolean =>
  typeof a === 'number' && typeof b === 'number' ? a === b : compareNumbers(a, b) === 0;

/** Plain decimal notation, never an exponent: `1234.56`, `-0.5`, `100000000000000000000`. */
export const formatNumber = (n: FeelNumber): string => (typeof n === 'number' ? String(n) : n.toFixed());

/** Is it an integer (of either representation)? */
export const isInteger = (n: FeelNumber): boolean =>
  typeof n === 'number' ? Number.isInteger(n) : n.isInteger();

/** A FeelNumber as a JS safe integer, or null when it is not an integer in the safe range. */
export const toSafeInteger = (n: FeelNumber): number | null => {
  if (typeof n === 'number') return Number.isSafeInteger(n) ? n : null;
  if (!n.isInteger() || n.abs().gt(MAX_SAFE)) return null;
  return n.toNumber() + 0;
};

/**
 * An integer bound usable with native comparisons against safe-integer inputs: for an integer
 * `v`, `v < k ⇔ v < ceil(k)`, `v <= k ⇔ v <= floor(k)`, `v > k ⇔ v > floor(k)`,
 * `v >= k ⇔ v >= ceil(k)`. Bounds beyond the safe range stay correct as floats (monotonic rounding).
 */
export const integerBounds = (k: FeelNumber): { floor: number; ceil: number; integral: boolean } => {
  if (typeof k === 'number')
    return { floor: Math.floor(k), ceil: Math.ceil(k), integral: Number.isInteger(k) };
  return {
    floor: k.floor().toNumber(),
    ceil: k.ceil().toNumber(),
    integral: k.isInteger(),
  };
};

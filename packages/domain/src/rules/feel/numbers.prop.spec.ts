import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  compileUnaryTests,
  feelFromJson,
  feelToJson,
  formatFeel,
  type ContextType,
} from './index';
import { compareDecimals } from './numbers';

// Properties of FEEL numbers: integer arithmetic agrees with bigint arithmetic (and stays a JS
// number exactly while safe), decimal comparisons agree with decimal.js, in expressions and in
// the specialised table-cell tests alike.

const EMPTY: ContextType = { kind: 'context', fields: {} };
const NUMBER_SCOPE: ContextType = { kind: 'context', fields: { x: { kind: 'number' } } };

const evaluate = (source: string): unknown => {
  const r = compileExpression(source, EMPTY);
  if (!r.ok) throw new Error(`${source}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value.evaluate({});
};

const bigInts = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.bigInt({ min: -(2n ** 53n) - 5n, max: 2n ** 53n + 5n }),
  fc.bigInt({ min: -1000n, max: 1000n }),
);

/** Decimal text with up to 30 digits on either side, possibly negative. */
const decimalText = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 20n }),
    fc.option(fc.stringMatching(/^[0-9]{1,12}$/), { nil: undefined }),
  )
  .map(
    ([negative, whole, fraction]) =>
      `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`,
  );

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const D34 = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });

describe('FEEL numbers (properties)', () => {
  it('integer +, -, * agree with bigint arithmetic, as a JS number exactly when safe', () => {
    fc.assert(
      fc.property(bigInts, bigInts, fc.constantFrom('+', '-', '*'), (a, b, op) => {
        const expected = op === '+' ? a + b : op === '-' ? a - b : a * b;
        const v = evaluate(`(${a}) ${op} (${b})`);
        // Exact up to 34 significant digits (Decimal128), rounded half-even beyond.
        const digits = String(expected < 0n ? -expected : expected).length;
        const text =
          digits <= 34 ? String(expected) : new D34(String(expected)).toSignificantDigits(34).toFixed();
        expect(formatFeel(v as never)).toBe(text);
        const safe = expected <= SAFE && expected >= -SAFE;
        expect(typeof v === 'number').toBe(safe);
      }),
      { numRuns: 400 },
    );
  });

  it('integer division is exact when it divides, and 34 significant digits otherwise', () => {
    fc.assert(
      fc.property(bigInts, bigInts, (a, b) => {
        fc.pre(b !== 0n);
        const v = evaluate(`(${a}) / (${b})`);
        if (a % b === 0n) expect(formatFeel(v as never)).toBe(String(a / b));
        else expect(formatFeel(v as never)).toBe(new D34(String(a)).div(String(b)).toFixed());
      }),
      { numRuns: 300 },
    );
  });

  it('comparisons of decimals agree with decimal.js', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (x, y) => {
        const c = new Decimal(x).cmp(new Decimal(y));
        expect(evaluate(`(${x}) < (${y})`)).toBe(c < 0);
        expect(evaluate(`(${x}) <= (${y})`)).toBe(c <= 0);
        expect(evaluate(`(${x}) = (${y})`)).toBe(c === 0);
        expect(evaluate(`(${x}) >= (${y})`)).toBe(c >= 0);
      }),
      { numRuns: 300 },
    );
  });

  it('table-cell tests agree with decimal.js for number and Decimal inputs alike', () => {
    fc.assert(
      fc.property(decimalText, decimalText, decimalText, (input, low, high) => {
        const value = feelFromJson(input, { kind: 'number' });
        const x = new Decimal(input);
        const test = (cell: string): boolean => {
          const r = compileUnaryTests(cell, { kind: 'number' }, NUMBER_SCOPE);
          if (!r.ok) throw new Error(cell);
          return r.value.test(value, {});
        };
        expect(test(`< ${low}`)).toBe(x.lt(low));
        expect(test(`<= ${low}`)).toBe(x.lte(low));
        expect(test(`> ${low}`)).toBe(x.gt(low));
        expect(test(`>= ${low}`)).toBe(x.gte(low));
        expect(test(`${low}`)).toBe(x.eq(low));
        expect(test(`${low}, ${high}`)).toBe(x.eq(low) || x.eq(high));
        expect(test(`[${low}..${high}]`)).toBe(x.gte(low) && x.lte(high));
        expect(test(`(${low}..${high})`)).toBe(x.gt(low) && x.lt(high));
        expect(test(`not([${low}..${high}))`)).toBe(!(x.gte(low) && x.lt(high)));
      }),
      { numRuns: 300 },
    );
  });

  it('compares Decimals without allocating exactly like decimal.js', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (x, y) => {
        expect(compareDecimals(new Decimal(x), new Decimal(y))).toBe(new Decimal(x).cmp(new Decimal(y)));
      }),
      { numRuns: 500 },
    );
  });

  it('JSON numbers and decimal strings round-trip', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const v = feelFromJson(text, { kind: 'number' });
        const back = feelToJson(v);
        expect(new Decimal(String(back)).eq(new Decimal(text))).toBe(true);
        expect(typeof back === 'number').toBe(
          new Decimal(text).isInteger() && new Decimal(text).abs().lte(SAFE.toString()),
        );
      }),
      { numRuns: 300 },
    );
  });
});

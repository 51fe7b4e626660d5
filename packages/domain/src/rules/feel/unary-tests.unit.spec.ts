import Decimal from 'decimal.js';
import { Temporal } from '@js-temporal/polyfill';
import { describe, expect, it } from 'vitest';
import { CASE_FACTS_SCHEMA } from '../facts';
import {
  compileUnaryTests,
  feelFromJson,
  type CompiledUnaryTests,
  type Diagnostic,
  type FeelContext,
  type FeelType,
  type FeelValue,
} from './index';

// DMN unary tests, the cells of decision tables (DMN 1.3 §10.3.2.9, grammar rules 14–17).

const number: FeelType = { kind: 'number' };
const string: FeelType = { kind: 'string' };
const boolean: FeelType = { kind: 'boolean' };
const date: FeelType = { kind: 'date' };
const any: FeelType = { kind: 'any' };

const FACTS = feelFromJson(
  { case: { balance: 1000, overdue: { daysPastDue: 10 } }, customer: { score: 80, country: 'FR' } },
  CASE_FACTS_SCHEMA,
) as FeelContext;

const cell = (source: string, type: FeelType): CompiledUnaryTests => {
  const r = compileUnaryTests(source, type, CASE_FACTS_SCHEMA);
  if (!r.ok) throw new Error(`${source}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
};
/** Which of the values the cell accepts. */
const accepted = (source: string, type: FeelType, values: readonly FeelValue[]): FeelValue[] => {
  const c = cell(source, type);
  return values.filter((v) => c.test(v, FACTS));
};
const failure = (source: string, type: FeelType): Diagnostic | undefined => {
  const r = compileUnaryTests(source, type, CASE_FACTS_SCHEMA);
  if (r.ok) throw new Error(`${source} compiled, an error was expected`);
  return r.diagnostics[0];
};
const where = (d: Diagnostic | undefined): string =>
  d === undefined ? 'none' : `${d.code} ${d.start.line}:${d.start.column}-${d.end.line}:${d.end.column}`;

const NUMBERS: readonly FeelValue[] = [null, -1, 0, 1, 5, 29, 30, 31, 999, 1000, 1001];

describe('unary tests', () => {
  it('`-` matches anything, null included', () => {
    expect(accepted('-', number, NUMBERS)).toEqual(NUMBERS);
    expect(accepted(' - ', string, ['x', null])).toEqual(['x', null]);
  });

  it('a value matches by equality', () => {
    expect(accepted('1000', number, NUMBERS)).toEqual([1000]);
    expect(accepted('"FR"', string, ['FR', 'fr', 'DE', null])).toEqual(['FR']);
    expect(accepted('true', boolean, [true, false, null])).toEqual([true]);
    expect(accepted('false', boolean, [true, false, null])).toEqual([false]);
    expect(
      accepted('date("2026-01-01")', date, [
        Temporal.PlainDate.from('2026-01-01'),
        Temporal.PlainDate.from('2026-01-02'),
      ]),
    ).toHaveLength(1);
  });

  it('comparisons', () => {
    expect(accepted('>= 1000', number, NUMBERS)).toEqual([1000, 1001]);
    expect(accepted('> 1000', number, NUMBERS)).toEqual([1001]);
    expect(accepted('< 1', number, NUMBERS)).toEqual([-1, 0]);
    expect(accepted('<= 1', number, NUMBERS)).toEqual([-1, 0, 1]);
    expect(accepted('= 5', number, NUMBERS)).toEqual([5]);
    expect(accepted('!= 5', number, NUMBERS)).toEqual(NUMBERS.filter((n) => n !== 5));
    expect(accepted('< -0.5', number, NUMBERS)).toEqual([-1]);
    expect(accepted('< "M"', string, ['A', 'Z', null])).toEqual(['A']);
    const d = (s: string): Temporal.PlainDate => Temporal.PlainDate.from(s);
    expect(
      accepted('< date("2026-01-01")', date, [d('2025-12-31'), d('2026-01-01'), null]).map(String),
    ).toEqual(['2025-12-31']);
  });

  it('compares Decimal inputs exactly against integer and decimal bounds', () => {
    const values = [new Decimal('999.99'), new Decimal('1000.00'), new Decimal('1000.01'), 1000];
    expect(accepted('>= 1000', number, values).map(String)).toEqual(['1000', '1000.01', '1000']);
    expect(accepted('< 1000.01', number, values).map(String)).toEqual(['999.99', '1000', '1000']);
    expect(accepted('[999.99..1000]', number, values).map(String)).toEqual(['999.99', '1000', '1000']);
    expect(accepted('1000', number, values).map(String)).toEqual(['1000', '1000']);
    expect(accepted('1000, 999.99', number, values).map(String)).toEqual(['999.99', '1000', '1000']);
  });

  it('compares integer inputs exactly against decimal bounds', () => {
    expect(accepted('< 5.5', number, [5, 6])).toEqual([5]);
    expect(accepted('<= 5.5', number, [5, 6])).toEqual([5]);
    expect(accepted('> 5.5', number, [5, 6])).toEqual([6]);
    expect(accepted('>= 5.5', number, [5, 6])).toEqual([6]);
    expect(accepted('[4.5..5.5]', number, [4, 5, 6])).toEqual([5]);
  });

  it('ranges, with every kind of bracket', () => {
    expect(accepted('[1..30]', number, NUMBERS)).toEqual([1, 5, 29, 30]);
    expect(accepted('[1..30)', number, NUMBERS)).toEqual([1, 5, 29]);
    expect(accepted('[1..30[', number, NUMBERS)).toEqual([1, 5, 29]);
    expect(accepted('(1..30]', number, NUMBERS)).toEqual([5, 29, 30]);
    expect(accepted(']1..30]', number, NUMBERS)).toEqual([5, 29, 30]);
    expect(accepted(']1..30[', number, NUMBERS)).toEqual([5, 29]);
    expect(accepted('[-1..0]', number, NUMBERS)).toEqual([-1, 0]);
    expect(accepted('["B".."D"]', string, ['A', 'B', 'C', 'D', 'E'])).toEqual(['B', 'C', 'D']);
  });

  it('lists of tests: any of them', () => {
    expect(accepted('"FR","DE"', string, ['FR', 'DE', 'IT', null])).toEqual(['FR', 'DE']);
    expect(accepted('"FR","DE","BE","NL","LU"', string, ['LU', 'IT'])).toEqual(['LU']);
    expect(accepted('1, 5, [29..30]', number, NUMBERS)).toEqual([1, 5, 29, 30]);
    expect(accepted('< 0, > 1000', number, NUMBERS)).toEqual([-1, 1001]);
    expect(accepted('"FR", null', string, ['FR', 'IT', null])).toEqual(['FR', null]);
  });

  it('not(…) negates the tests', () => {
    expect(accepted('not("FR","DE")', string, ['FR', 'DE', 'IT', null])).toEqual(['IT', null]);
    expect(accepted('not([1..30])', number, NUMBERS)).toEqual([-1, 0, 31, 999, 1000, 1001]);
    expect(accepted('not(null)', number, [null, 1])).toEqual([1]);
    // `< 5` against null is unknown, and so is its negation: neither matches.
    expect(accepted('not(< 5)', number, [null, 4, 5])).toEqual([5]);
    expect(accepted('< 5', number, [null, 4, 5])).toEqual([4]);
  });

  it('null', () => {
    expect(accepted('null', number, NUMBERS)).toEqual([null]);
    expect(accepted('null', string, ['x', null])).toEqual([null]);
  });

  it('a condition on `?`', () => {
    expect(accepted('? > 10 and ? < 20', number, [5, 10, 15, 20, 25, null])).toEqual([15]);
    expect(accepted('starts with(?, "F")', string, ['FR', 'DE', null])).toEqual(['FR']);
    expect(accepted('? = case.balance', number, [999, 1000])).toEqual([1000]);
    expect(accepted('not(? > 10)', number, [5, 15, null])).toEqual([5]);
  });

  it('an expression whose value the input must equal (or be in)', () => {
    expect(accepted('case.balance', number, [999, 1000])).toEqual([1000]);
    expect(accepted('case.balance - 1', number, [999, 1000])).toEqual([999]);
    expect(accepted('["FR", "DE"]', string, ['FR', 'IT'])).toEqual(['FR']);
    expect(accepted('>= case.overdue.daysPastDue * 100', number, [999, 1000])).toEqual([1000]);
    expect(accepted('[case.overdue.daysPastDue..case.balance]', number, [9, 10, 1000, 1001])).toEqual([
      10, 1000,
    ]);
  });

  it('a boolean condition on other facts against a non-boolean input', () => {
    expect(accepted('customer.score > 50', string, ['anything'])).toEqual(['anything']);
    expect(accepted('customer.score > 90', string, ['anything'])).toEqual([]);
  });

  it('decides at run time for inputs and values of unknown type', () => {
    expect(accepted('"FR"', any, ['FR', 1])).toEqual(['FR']);
    expect(accepted('> 5', any, [6, 'x', null])).toEqual([6]);
    expect(cell('"FR", "DE"', any).test('DE', FACTS)).toBe(true);
  });

  it('lists the facts the cell reads', () => {
    expect(cell('>= case.balance', number).reads).toEqual(['case.balance']);
    expect(cell('[1..30]', number).reads).toEqual([]);
    expect(cell('-', number).reads).toEqual([]);
  });
});

describe('unary test diagnostics', () => {
  it.each([
    ['>= 1000', string, 'feel.type-mismatch 1:1-1:8'],
    ['"FR"', number, 'feel.type-mismatch 1:1-1:5'],
    ['1, "FR"', number, 'feel.type-mismatch 1:4-1:8'],
    ['[1..30]', string, 'feel.type-mismatch 1:1-1:8'],
    ['? + 1', number, 'feel.type-mismatch 1:1-1:6'],
    ['not("FR", 1)', string, 'feel.type-mismatch 1:11-1:12'],
    ['>=', number, 'feel.syntax 1:3-1:3'],
    ['not("FR"', string, 'feel.syntax 1:9-1:9'],
    ['not()', string, 'feel.syntax 1:4-1:6'],
    ['1,', number, 'feel.syntax 1:3-1:3'],
    ['', number, 'feel.syntax 1:1-1:1'],
    ['>= case.balanse', number, 'feel.unknown-field 1:9-1:16'],
  ])('%j against %j → %s', (source, type, expected) => {
    expect(where(failure(source, type))).toBe(expected);
  });
});

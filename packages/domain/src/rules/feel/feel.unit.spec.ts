import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { CASE_FACTS_SCHEMA } from '../facts';
import {
  compileExpression,
  feelFromJson,
  formatFeel,
  type CompiledExpression,
  type ContextType,
  type Diagnostic,
  type FeelContext,
  type FeelValue,
} from './index';

// The FEEL subset, mostly with examples from the DMN 1.3 specification (chapter 10: semantics,
// built-in functions) and a few of our own facts.

const EMPTY: ContextType = { kind: 'context', fields: {} };

const FACTS = feelFromJson(
  {
    today: '2026-03-15',
    event: { type: 'NoteAdded', data: { noteType: 'call', count: 3, text: 'x', nested: { deep: [1, 2] } } },
    case: {
      id: 'c1',
      number: '2026-0001',
      phase: 'amicable',
      balance: '1500.50',
      principal: 1200,
      overdue: { amount: '1234.56', count: 2, oldestDueDate: '2026-01-31', daysPastDue: 43 },
      items: { open: 3, disputed: 0 },
      manualMode: false,
      daysSinceLastContact: null,
      customFields: { vip: true, tier: 'gold' },
    },
    customer: { reference: 'C-1', name: 'Acme SARL', type: 'business', country: 'FR', score: 72 },
    decisions: { strategy: 'standard' },
  },
  CASE_FACTS_SCHEMA,
) as FeelContext;

const compile = (source: string, scope: ContextType = CASE_FACTS_SCHEMA): CompiledExpression => {
  const r = compileExpression(source, scope);
  if (!r.ok) throw new Error(`${source}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
};
const run = (source: string, facts: FeelContext = FACTS): FeelValue => compile(source).evaluate(facts);
/** The result as FEEL text, which makes exact decimals and dates easy to compare. */
const show = (source: string): string => formatFeel(run(source));
const errors = (source: string, scope: ContextType = CASE_FACTS_SCHEMA): readonly Diagnostic[] => {
  const r = compileExpression(source, scope);
  if (r.ok) throw new Error(`${source} compiled, an error was expected`);
  return r.diagnostics;
};
const where = (d: Diagnostic | undefined): string =>
  d === undefined ? 'none' : `${d.code} ${d.start.line}:${d.start.column}-${d.end.line}:${d.end.column}`;

describe('FEEL literals', () => {
  it.each([
    ['1.5', '1.5'],
    ['-3', '-3'],
    ['.5', '0.5'],
    ['007', '7'],
    ['"a \\"quoted\\" word\\n"', '"a \\"quoted\\" word\\n"'],
    ['"\\u00e9t\\u00e9"', '"été"'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    ['date("2026-01-31")', 'date("2026-01-31")'],
    ['duration("P14D")', 'duration("P14D")'],
    ['duration("P1Y2M")', 'duration("P1Y2M")'],
    ['duration("PT48H")', 'duration("P2D")'],
    ['duration("-P3D")', 'duration("-P3D")'],
    ['[1, 2, "x"]', '[1, 2, "x"]'],
    ['[]', '[]'],
    ['[1..30]', '[1..30]'],
    ['(1..30)', '(1..30)'],
    [']1..30[', '(1..30)'],
    ['[1..30)', '[1..30)'],
    ['{a: 1, "b c": [1, 2], if: true}', '{a: 1, "b c": [1, 2], if: true}'],
    ['1 + /* inline */ 2 // a comment', '3'],
  ])('%s → %s', (source, expected) => {
    expect(show(source)).toBe(expected);
  });

  it('keeps a literal that is not a safe integer as an exact Decimal', () => {
    const v = run('123456789012345678901234567890.5');
    expect(v).toBeInstanceOf(Decimal);
    expect(formatFeel(v)).toBe('123456789012345678901234567890.5');
    expect(run('12.50')).toBeInstanceOf(Decimal);
    expect(run('12.00')).toBe(12);
  });
});

describe('FEEL arithmetic (DMN 1.3 §10.3.2.3)', () => {
  it.each([
    ['1 + 2 * 3', '7'],
    ['(1 + 2) * 3', '9'],
    ['10 / 4', '2.5'],
    ['10 / 5', '2'],
    ['2 ** 10', '1024'],
    ['2 ** 64', '18446744073709551616'],
    ['-(3 - 5)', '2'],
    ['7 - 10', '-3'],
    ['"foo" + "bar"', '"foobar"'],
    ['1.1 + 2.2', '3.3'],
    ['9007199254740991 + 1', '9007199254740992'],
    ['123456789012345678901234567890 * 2', '246913578024691357802469135780'],
    ['1 / 0', 'null'],
    ['1 + null', 'null'],
    ['null * 2', 'null'],
    ['-null', 'null'],
  ])('%s = %s', (source, expected) => {
    expect(show(source)).toBe(expected);
  });

  it('is exact: 0.1 + 0.2 = 0.3', () => {
    expect(run('0.1 + 0.2 = 0.3')).toBe(true);
    expect(show('0.1 + 0.2')).toBe('0.3');
  });

  it('divides to 34 significant digits (Decimal128), half-even', () => {
    expect(show('1 / 3')).toBe('0.3333333333333333333333333333333333');
    expect(show('2 / 3')).toBe('0.6666666666666666666666666666666667');
    expect(show('1 / 3 * 3')).toBe('0.9999999999999999999999999999999999');
    expect(show('1 / 3')).toHaveLength(36);
  });

  it('keeps integers as JS numbers while they are safe, Decimals beyond', () => {
    expect(run('9007199254740990 + 1')).toBe(9007199254740991);
    expect(run('9007199254740991 + 1')).toBeInstanceOf(Decimal);
    expect(run('(9007199254740991 + 1) - 1')).toBe(9007199254740991);
    expect(run('6 / 3')).toBe(2);
  });

  it('computes on Decimal facts exactly', () => {
    expect(show('case.balance - case.overdue.amount')).toBe('265.94');
    expect(show('case.overdue.amount * 3')).toBe('3703.68');
    expect(run('case.overdue.amount = 1234.56')).toBe(true);
  });
});

describe('FEEL comparisons, logic, in, between, if', () => {
  it.each([
    ['1 < 2', true],
    ['2 <= 2', true],
    ['3 > 4', false],
    ['1.0 = 1', true],
    ['1 != 2', true],
    ['"abc" < "abd"', true],
    ['date("2026-01-01") < date("2026-01-02")', true],
    ['duration("P14D") > duration("P7D")', true],
    ['duration("P1Y") = duration("P12M")', true],
    ['null = null', true],
    ['1 = null', false],
    ['null != 1', true],
    ['null < 1', null],
    ['true and true', true],
    ['true and null', null],
    ['false and null', false],
    ['null or true', true],
    ['false or null', null],
    ['not(true)', false],
    ['not(null)', null],
    ['5 in [1..10]', true],
    ['10 in [1..10)', false],
    ['5 in (5..10]', false],
    ['5 in ]5..10]', false],
    ['5 in ]4..10[', true],
    ['"b" in ["a", "b"]', true],
    ['"c" in ["a", "b"]', false],
    ['3 in (1, 2, 3)', true],
    ['5 in (< 5, > 6)', false],
    ['5 in (<= 5, > 6)', true],
    ['5 in < 10', true],
    ['5 in 5', true],
    ['5 between 1 and 10', true],
    ['10 between 1 and 10', true],
    ['11 between 1 and 10', false],
    ['"m" between "a" and "z"', true],
    ['null between 1 and 10', null],
  ])('%s → %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('compares Decimals and integers exactly', () => {
    expect(run('case.overdue.amount > 1234')).toBe(true);
    expect(run('case.overdue.amount < 1235')).toBe(true);
    expect(run('case.overdue.amount >= 1234.56')).toBe(true);
    expect(run('case.overdue.amount > 1234.56')).toBe(false);
    expect(run('case.overdue.daysPastDue > 42.5')).toBe(true);
    expect(run('case.overdue.daysPastDue < 43.5')).toBe(true);
    expect(run('case.overdue.daysPastDue <= 42.99')).toBe(false);
  });

  it('chooses a branch with if/then/else (null condition → else)', () => {
    expect(run('if case.overdue.amount > 1000 then "big" else "small"')).toBe('big');
    expect(run('if case.daysSinceLastContact > 10 then "late" else "unknown"')).toBe('unknown');
    expect(run('if 1 > 2 then 1 else if 2 > 1 then 2 else 3')).toBe(2);
  });
});

describe('FEEL dates and durations', () => {
  it.each([
    ['date("2012-12-25") - date("2012-12-24")', 'duration("P1D")'],
    ['date("2012-12-24") + duration("P1D")', 'date("2012-12-25")'],
    ['duration("P1D") + date("2012-12-24")', 'date("2012-12-25")'],
    ['date("2026-01-31") + duration("P1M")', 'date("2026-02-28")'],
    ['date("2024-01-31") + duration("P1M")', 'date("2024-02-29")'],
    ['date("2026-03-31") - duration("P1M")', 'date("2026-02-28")'],
    ['date("2026-03-15") + duration("P1Y2M")', 'date("2027-05-15")'],
    ['date("2026-03-15") - duration("P20D")', 'date("2026-02-23")'],
    ['date(2026, 2, 28)', 'date("2026-02-28")'],
    ['date(2026, 2, 29)', 'null'],
    ['duration("P1Y2M") + duration("P10M")', 'duration("P2Y")'],
    ['duration("P10D") - duration("P15D")', 'duration("-P5D")'],
    ['duration("P2D") * 3', 'duration("P6D")'],
    ['duration("P6D") / duration("P2D")', '3'],
    ['duration("P1W")', 'duration("P7D")'],
    ['years and months duration(date("2011-12-22"), date("2013-08-24"))', 'duration("P1Y8M")'],
    ['date("2026-03-15").year', '2026'],
    ['date("2026-03-15").month', '3'],
    ['date("2026-03-15").day', '15'],
    ['date("2026-03-15").weekday', '7'],
    ['day of week(date("2026-03-16"))', '"Monday"'],
    ['day of year(date("2026-02-01"))', '32'],
    ['duration("P1Y2M").years', '1'],
    ['duration("P1Y2M").months', '2'],
    ['duration("P9D").days', '9'],
  ])('%s = %s', (source, expected) => {
    expect(show(source)).toBe(expected);
  });

  it('subtracts fact dates: today - oldest due date > 30 days', () => {
    expect(show('today - case.overdue.oldestDueDate')).toBe('duration("P43D")');
    expect(run('today - case.overdue.oldestDueDate > duration("P30D")')).toBe(true);
    expect(run('today - case.overdue.oldestDueDate > duration("P60D")')).toBe(false);
    expect(run('case.openedOn + duration("P1D")')).toBe(null); // openedOn is not given
  });
});

describe('FEEL built-in functions (DMN 1.3 §10.3.4)', () => {
  it.each([
    // conversions
    ['string(1.1)', '"1.1"'],
    ['string(date("2026-01-31"))', '"2026-01-31"'],
    ['number("1234.56") + 1', '1235.56'],
    ['number("x")', 'null'],
    // numbers
    ['decimal(1/3, 2)', '0.33'],
    ['decimal(1.5, 0)', '2'],
    ['decimal(2.5, 0)', '2'],
    ['decimal(-2.5, 0)', '-2'],
    ['decimal(1.125, 2)', '1.12'],
    ['decimal(1.135, 2)', '1.14'],
    ['floor(1.5)', '1'],
    ['floor(-1.5)', '-2'],
    ['floor(-1.56, 1)', '-1.6'],
    ['ceiling(1.5)', '2'],
    ['ceiling(-1.5)', '-1'],
    ['round half up(2.5, 0)', '3'],
    ['round half down(2.5, 0)', '2'],
    ['round up(5.5, 0)', '6'],
    ['round down(-5.5, 0)', '-5'],
    ['abs(-10)', '10'],
    ['abs(-10.5)', '10.5'],
    ['abs(duration("-P3D"))', 'duration("P3D")'],
    ['modulo(12, 5)', '2'],
    ['modulo(-12, 5)', '3'],
    ['modulo(12, -5)', '-3'],
    ['modulo(-12, -5)', '-2'],
    ['modulo(10.1, 4.5)', '1.1'],
    ['modulo(-10.1, 4.5)', '3.4'],
    ['odd(5)', 'true'],
    ['even(2)', 'true'],
    // strings
    ['substring("foobar", 3)', '"obar"'],
    ['substring("foobar", 3, 3)', '"oba"'],
    ['substring("foobar", -2, 1)', '"a"'],
    ['substring("\\u{1F40E}ab", 2)', '"ab"'],
    ['string length("foo")', '3'],
    ['string length("\\u{1F40E}ab")', '3'],
    ['upper case("aBc4")', '"ABC4"'],
    ['lower case("aBc4")', '"abc4"'],
    ['substring before("foobar", "bar")', '"foo"'],
    ['substring before("foobar", "xyz")', '""'],
    ['substring after("foobar", "ob")', '"ar"'],
    ['contains("foobar", "of")', 'false'],
    ['contains("foobar", "ob")', 'true'],
    ['starts with("foobar", "fo")', 'true'],
    ['ends with("foobar", "r")', 'true'],
    ['string join(["a", "b", "c"], ", ")', '"a, b, c"'],
    ['string join(["a", null, "c"])', '"ac"'],
    // lists
    ['list contains([1, 2, 3], 2)', 'true'],
    ['list contains([1, 2, 3], 4)', 'false'],
    ['count([1, 2, 3])', '3'],
    ['count([])', '0'],
    ['min([1, 2, 3])', '1'],
    ['min(1)', '1'],
    ['max(1, 2, 3)', '3'],
    ['max([date("2026-01-01"), date("2025-12-31")])', 'date("2026-01-01")'],
    ['min([])', 'null'],
    ['sum([1, 2, 3])', '6'],
    ['sum(1, 2, 3)', '6'],
    ['sum([0.1, 0.2])', '0.3'],
    ['sum([])', 'null'],
    ['mean([1, 2, 3])', '2'],
    ['mean(1, 2)', '1.5'],
    ['all([false, null, true])', 'false'],
    ['all(true)', 'true'],
    ['all([])', 'true'],
    ['any([false, null, true])', 'true'],
    ['any([])', 'false'],
    ['append([1], 2, 3)', '[1, 2, 3]'],
    ['concatenate([1, 2], [3])', '[1, 2, 3]'],
    ['distinct values([1, 2, 3, 2, 1])', '[1, 2, 3]'],
    ['index of([1, 2, 3, 2], 2)', '[2, 4]'],
    ['reverse([1, 2, 3])', '[3, 2, 1]'],
    ['flatten([[1, 2], [[3]], 4])', '[1, 2, 3, 4]'],
    // multi-word names across spaces and lines
    ['string   length("ab")', '2'],
    ['upper\n case("ab")', '"AB"'],
  ])('%s = %s', (source, expected) => {
    expect(show(source)).toBe(expected);
  });

  it('applies built-ins to facts', () => {
    expect(run('upper case(customer.name)')).toBe('ACME SARL');
    expect(run('starts with(case.number, "2026-")')).toBe(true);
    expect(run('contains(lower case(customer.name), "sarl")')).toBe(true);
  });
});

describe('FEEL paths, filters and lists', () => {
  it('reads fact paths, with null for what is missing', () => {
    expect(run('case.overdue.daysPastDue')).toBe(43);
    expect(run('customer.country')).toBe('FR');
    expect(run('case.daysSinceLastContact')).toBe(null);
    expect(run('case.team')).toBe(null);
    expect(run('event.data.noteType')).toBe('call');
    expect(run('event.data.missing.deeper')).toBe(null);
    expect(run('event.data.nested.deep')).toEqual([1, 2]);
    expect(run('case.customFields.tier = "gold"')).toBe(true);
    expect(run('decisions.strategy')).toBe('standard');
  });

  it('does not see inherited JavaScript properties as fields', () => {
    expect(run('event.data.constructor')).toBe(null);
    expect(run('event.data.text.length')).toBe(null);
    expect(run('event.data.toString')).toBe(null);
  });

  it('filters lists and maps paths over them', () => {
    expect(show('[1, 2, 3, 4][item > 2]')).toBe('[3, 4]');
    expect(show('[1, 2, 3][1]')).toBe('1');
    expect(show('[1, 2, 3][-1]')).toBe('3');
    expect(show('[1, 2, 3][4]')).toBe('null');
    expect(show('[{a: 1}, {a: 2}][a > 1]')).toBe('[{a: 2}]');
    expect(show('[{a: 1}, {a: 2}].a')).toBe('[1, 2]');
    expect(show('[1, 2, 3][item > case.items.disputed + 1]')).toBe('[2, 3]');
    expect(show('{a: {b: 5}}.a.b')).toBe('5');
  });

  it('gives null, not an exception, for run-time type errors under `any`', () => {
    expect(run('event.data.text + 1')).toBe(null);
    expect(run('event.data.count + 1')).toBe(4);
    expect(run('event.data.text > 1')).toBe(null);
    expect(run('upper case(event.data.count)')).toBe(null);
    expect(run('event.data.text = 1')).toBe(null);
    expect(run('event.data.nested.deep[item > "a"]')).toEqual([]);
  });

  it('evaluates against an empty context without throwing', () => {
    expect(compile('case.overdue.amount > 1000').evaluate({})).toBe(null);
    // null > 1000 is null, null = "FR" is false, and `null and false` is false.
    expect(compile('case.overdue.amount > 1000 and customer.country = "FR"').evaluate({})).toBe(false);
    expect(compile('case.overdue.amount > 1000 or customer.country = "FR"').evaluate({})).toBe(null);
    expect(compile('today - case.openedOn').evaluate({})).toBe(null);
  });
});

describe('FEEL type checking', () => {
  it('reports unknown names with a suggestion', () => {
    const [d] = errors('custmer.country = "FR"');
    expect(where(d)).toBe('feel.unknown-name 1:1-1:8');
    expect(d?.message).toContain('did you mean `customer`?');
    expect(where(errors('foo')[0])).toBe('feel.unknown-name 1:1-1:4');
  });

  it('reports unknown fields at the field, with a suggestion', () => {
    const [d] = errors('case.overdew.amount > 0');
    expect(where(d)).toBe('feel.unknown-field 1:6-1:13');
    expect(d?.message).toBe('`case.overdew` — no field `overdew` in `case`; did you mean `overdue`?');
    expect(where(errors('case.overdue.amont')[0])).toBe('feel.unknown-field 1:14-1:19');
    expect(where(errors('today.hour')[0])).toBe('feel.unknown-field 1:7-1:11');
  });

  it('accepts anything below `any`', () => {
    expect(compile('event.data.whatever.you.like').type).toEqual({ kind: 'any' });
    expect(compile('case.customFields.x + 1').type).toEqual({ kind: 'number' });
  });

  it.each([
    ['"a" + 1', 'feel.type-mismatch 1:1-1:8', '`"a" + 1`: cannot add a string and a number'],
    [
      'customer.country > 5',
      'feel.type-mismatch 1:1-1:21',
      '`customer.country > 5`: cannot compare a string with a number',
    ],
    [
      'upper case(3)',
      'feel.type-mismatch 1:12-1:13',
      '`upper case`: argument 1 (string) must be a string, not a number',
    ],
    ['customer.country = 5', 'feel.type-mismatch 1:1-1:21', undefined],
    ['date("2026-01-01") + 1', 'feel.type-mismatch 1:1-1:23', undefined],
    ['case.balance and true', 'feel.type-mismatch 1:1-1:13', undefined],
    ['if case.balance then 1 else 2', 'feel.type-mismatch 1:4-1:16', undefined],
    ['-"x"', 'feel.type-mismatch 1:1-1:5', undefined],
    ['5 in ["a", "b"]', 'feel.type-mismatch 1:6-1:16', undefined],
    ['5 between "a" and "z"', 'feel.type-mismatch 1:1-1:22', undefined],
    ['[1.."z"]', 'feel.type-mismatch 1:1-1:9', undefined],
    ['sum(["a"])', 'feel.type-mismatch 1:5-1:10', undefined],
    ['substring("abc")', 'feel.arity 1:1-1:17', undefined],
    ['lenght("abc")', 'feel.unknown-function 1:1-1:7', undefined],
    ['date("2026-02-30")', 'feel.invalid-literal 1:6-1:18', undefined],
    ['duration("14 days")', 'feel.invalid-literal 1:10-1:19', undefined],
    ['? > 1', 'feel.unknown-name 1:1-1:2', undefined],
    ['(1, 2)', 'feel.syntax 1:1-1:7', undefined],
    ['string(string)', 'feel.syntax 1:8-1:14', undefined],
    [
      'today() - case.openedOn',
      'feel.syntax 1:1-1:8',
      '`today` is a fact, not a function: write `today` without `(…)`',
    ],
    ['upper case', 'feel.syntax 1:7-1:11', 'unexpected `case`'],
  ])('%s → %s', (source, expected, message) => {
    const [d] = errors(source);
    expect(where(d)).toBe(expected);
    if (message !== undefined) expect(d?.message).toBe(message);
  });

  it('reports the right line and column in a multi-line expression', () => {
    const source = [
      'case.overdue.amount > 1000',
      '  and (customer.country = "FR"',
      '       or customer.score > "high")',
    ].join('\n');
    const [d] = errors(source);
    expect(where(d)).toBe('feel.type-mismatch 3:11-3:34');
    expect(d?.message).toBe('`customer.score > "high"`: cannot compare a number with a string');
  });

  it('reports every independent error', () => {
    const ds = errors('custmer.country = "FR" and case.overdew > 1');
    expect(ds.map(where)).toEqual(['feel.unknown-name 1:1-1:8', 'feel.unknown-field 1:33-1:40']);
  });

  it('infers result types', () => {
    expect(compile('case.overdue.amount * 2').type).toEqual({ kind: 'number' });
    expect(compile('today - case.openedOn').type).toEqual({ kind: 'days-duration' });
    expect(compile('today + duration("P1M")').type).toEqual({ kind: 'date' });
    expect(compile('[1, 2]').type).toEqual({ kind: 'list', of: { kind: 'number' } });
    expect(compile('{a: 1}').type).toEqual({ kind: 'context', fields: { a: { kind: 'number' } } });
    expect(compile('if true then 1 else null').type).toEqual({ kind: 'number' });
  });
});

describe('FEEL syntax errors', () => {
  it.each([
    ['1 +', 'feel.syntax 1:4-1:4'],
    ['(1 + 2', 'feel.syntax 1:7-1:7'],
    ['1 + * 2', 'feel.syntax 1:5-1:6'],
    ['"abc', 'feel.syntax 1:1-1:5'],
    ['1 # 2', 'feel.syntax 1:3-1:4'],
    ['a b', 'feel.syntax 1:3-1:4'],
    ['[1..', 'feel.syntax 1:5-1:5'],
    ['', 'feel.syntax 1:1-1:1'],
    ['if a then b', 'feel.syntax 1:12-1:12'],
  ])('%j → %s', (source, expected) => {
    expect(where(errors(source)[0])).toBe(expected);
  });

  it('points at the offending token on a later line', () => {
    const [d] = errors('if case.balance > 0\nthen "yes"\nels "no"');
    expect(where(d)).toBe('feel.syntax 3:1-3:4');
    expect(d?.message).toContain('`els`');
  });

  it('explains an unterminated string', () => {
    expect(errors('upper case("abc)')[0]?.message).toContain('unterminated string');
  });
});

describe('FEEL reads', () => {
  it.each([
    ['case.overdue.amount > 1000 and customer.country = "FR"', ['case.overdue.amount', 'customer.country']],
    ['today - case.overdue.oldestDueDate > duration("P30D")', ['today', 'case.overdue.oldestDueDate']],
    ['today.year', ['today']],
    ['event.data.noteType = "call"', ['event.data.noteType']],
    ['case.balance + case.balance', ['case.balance']],
    ['[1, 2][item > case.balance]', ['case.balance']],
    ['1 + 2', []],
    ['decisions.strategy', ['decisions.strategy']],
  ])('%s reads %j', (source, reads) => {
    expect(compile(source).reads).toEqual(reads);
  });
});

describe('FEEL scope', () => {
  it('checks against any context type', () => {
    const scope: ContextType = {
      kind: 'context',
      fields: { amount: { kind: 'number' }, tags: { kind: 'list', of: { kind: 'string' } } },
    };
    expect(compile('amount * 2', scope).evaluate({ amount: 21 })).toBe(42);
    expect(compile('list contains(tags, "x")', scope).evaluate({ tags: ['x'] })).toBe(true);
    expect(compileExpression('case.balance', EMPTY).ok).toBe(false);
  });
});

import Decimal from 'decimal.js';
import { Temporal } from '@js-temporal/polyfill';
import { describe, expect, it } from 'vitest';
import { CASE_FACTS_SCHEMA } from '../facts';
import {
  FEEL_MULTI_WORD_FUNCTIONS,
  feelBuiltins,
  feelEquals,
  feelFromJson,
  feelToJson,
  formatFeel,
  typeFromTypeRef,
  type FeelContext,
  type FeelType,
  type FeelValue,
} from './index';

const T = {
  number: { kind: 'number' },
  string: { kind: 'string' },
  boolean: { kind: 'boolean' },
  date: { kind: 'date' },
  days: { kind: 'days-duration' },
  years: { kind: 'years-duration' },
  any: { kind: 'any' },
} as const satisfies Record<string, FeelType>;

/** A Decimal (of whichever decimal.js constructor) with this value. */
const expectDecimal = (v: FeelValue | undefined, text: string): void => {
  expect(v).toBeInstanceOf(Decimal);
  expect(formatFeel(v ?? null)).toBe(text);
};

describe('feelFromJson', () => {
  it('reads numbers: integers as numbers, decimals exactly', () => {
    expect(feelFromJson(42, T.number)).toBe(42);
    expect(feelFromJson('42', T.number)).toBe(42);
    expectDecimal(feelFromJson('1234.56', T.number), '1234.56');
    expectDecimal(feelFromJson(12.5, T.number), '12.5');
    expect(formatFeel(feelFromJson(0.1, T.number))).toBe('0.1');
    expect(feelFromJson('1234.50', T.number)).toBeInstanceOf(Decimal);
    expect(feelFromJson('1e5', T.number)).toBe(null);
    expect(feelFromJson('abc', T.number)).toBe(null);
    expect(feelFromJson(true, T.number)).toBe(null);
  });

  it('reads dates, durations, strings and booleans', () => {
    const d = feelFromJson('2026-01-31', T.date);
    expect(d).toBeInstanceOf(Temporal.PlainDate);
    expect(String(d)).toBe('2026-01-31');
    expect(feelFromJson('2026-02-30', T.date)).toBe(null);
    expect(feelFromJson('31/01/2026', T.date)).toBe(null);
    expect(feelFromJson('P14D', T.days)).toEqual({ kind: 'days-duration', days: 14 });
    expect(feelFromJson('P1Y2M', T.years)).toEqual({ kind: 'years-duration', months: 14 });
    expect(feelFromJson('P1Y2M', T.days)).toBe(null);
    expect(feelFromJson('x', T.string)).toBe('x');
    expect(feelFromJson(1, T.string)).toBe(null);
    expect(feelFromJson(false, T.boolean)).toBe(false);
  });

  it('reads contexts by their schema, recursively, missing fields as null', () => {
    const facts = feelFromJson(
      {
        today: '2026-03-15',
        case: { balance: '10.50', overdue: { daysPastDue: 3, oldestDueDate: '2026-03-12' }, extra: 1.5 },
        event: { type: 'X', data: { amount: 12.5, when: '2026-01-01', list: [1, '2'] } },
      },
      CASE_FACTS_SCHEMA,
    ) as FeelContext;
    const c = facts['case'] as FeelContext;
    expectDecimal(c['balance'], '10.5');
    expect((c['overdue'] as FeelContext)['daysPastDue']).toBe(3);
    expect(String((c['overdue'] as FeelContext)['oldestDueDate'])).toBe('2026-03-12');
    expect((c['overdue'] as FeelContext)['amount']).toBe(null);
    expect(c['manager']).toBe(null);
    expectDecimal(c['extra'], '1.5');
    expect(facts['customer']).toBe(null);
    // Under `any`: numbers become FEEL numbers, strings stay strings.
    const data = (facts['event'] as FeelContext)['data'] as FeelContext;
    expectDecimal(data['amount'], '12.5');
    expect(data['when']).toBe('2026-01-01');
    expect(data['list']).toEqual([1, '2']);
  });

  it('reads lists and ranges', () => {
    expect(feelFromJson(['1', 2], { kind: 'list', of: T.number })).toEqual([1, 2]);
    expect(feelFromJson('[1..30)', { kind: 'range', of: T.number })).toEqual({
      kind: 'range',
      start: 1,
      end: 30,
      startIncluded: true,
      endIncluded: false,
    });
  });
});

describe('feelToJson', () => {
  it.each<[FeelValue, unknown]>([
    [null, null],
    [true, true],
    ['x', 'x'],
    [42, 42],
    [new Decimal('1234.56'), '1234.56'],
    [new Decimal('1e21'), '1000000000000000000000'],
    [Temporal.PlainDate.from('2026-01-31'), '2026-01-31'],
    [{ kind: 'days-duration', days: 14 }, 'P14D'],
    [{ kind: 'days-duration', days: -3 }, '-P3D'],
    [{ kind: 'years-duration', months: 14 }, 'P1Y2M'],
    [{ kind: 'years-duration', months: 12 }, 'P1Y'],
    [{ kind: 'years-duration', months: 5 }, 'P5M'],
    [{ kind: 'range', start: 1, end: 30, startIncluded: true, endIncluded: false }, '[1..30)'],
    [
      [1, new Decimal('0.5')],
      [1, '0.5'],
    ],
    [
      { a: Temporal.PlainDate.from('2026-01-31'), b: [null] },
      { a: '2026-01-31', b: [null] },
    ],
  ])('%j', (value, json) => {
    expect(feelToJson(value)).toEqual(json);
  });

  it('round-trips through feelFromJson', () => {
    const type: FeelType = {
      kind: 'context',
      fields: { n: T.number, d: T.date, p: T.days, y: T.years, l: { kind: 'list', of: T.string } },
    };
    const json = { n: '1234.56', d: '2026-01-31', p: 'P14D', y: 'P1Y2M', l: ['a', 'b'] };
    expect(feelToJson(feelFromJson(json, type))).toEqual(json);
  });
});

describe('formatFeel and feelEquals', () => {
  it('formats FEEL literal text', () => {
    expect(formatFeel('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(formatFeel(new Decimal('-0.5'))).toBe('-0.5');
    expect(formatFeel(Temporal.PlainDate.from('2026-01-31'))).toBe('date("2026-01-31")');
    expect(formatFeel({ kind: 'days-duration', days: 14 })).toBe('duration("P14D")');
    expect(formatFeel({ 'a b': 1, c: [true] })).toBe('{"a b": 1, c: [true]}');
  });

  it('compares structurally and numbers exactly across representations', () => {
    expect(feelEquals(1, new Decimal('1.00'))).toBe(true);
    expect(feelEquals(new Decimal('0.30'), new Decimal('0.3'))).toBe(true);
    expect(feelEquals(1, 2)).toBe(false);
    expect(feelEquals(1, '1')).toBe(false);
    expect(feelEquals(null, null)).toBe(true);
    expect(feelEquals(null, 0)).toBe(false);
    expect(feelEquals(Temporal.PlainDate.from('2026-01-31'), Temporal.PlainDate.from('2026-01-31'))).toBe(
      true,
    );
    expect(feelEquals({ a: [1, 'x'] }, { a: [new Decimal(1), 'x'] })).toBe(true);
    expect(feelEquals({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(feelEquals({ kind: 'days-duration', days: 1 }, { kind: 'years-duration', months: 1 })).toBe(false);
  });
});

describe('typeFromTypeRef', () => {
  it.each<[string, FeelType | null]>([
    ['number', T.number],
    ['integer', T.number],
    ['double', T.number],
    ['long', T.number],
    ['string', T.string],
    ['boolean', T.boolean],
    ['date', T.date],
    ['days and time duration', T.days],
    ['dayTimeDuration', T.days],
    ['years and months duration', T.years],
    ['yearMonthDuration', T.years],
    ['Any', T.any],
    ['feel:number', T.number],
    ['  Number ', T.number],
    ['tPerson', null],
  ])('%s', (ref, type) => {
    expect(typeFromTypeRef(ref)).toEqual(type);
  });
});

describe('built-in names', () => {
  it('lexes every multi-word built-in as one name', () => {
    const names = new Set(feelBuiltins().map((b) => b.name));
    for (const n of FEEL_MULTI_WORD_FUNCTIONS) expect(names.has(n), n).toBe(true);
    for (const n of names)
      if (n.includes(' ')) expect(FEEL_MULTI_WORD_FUNCTIONS as readonly string[]).toContain(n);
  });
});

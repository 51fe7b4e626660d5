import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { compileDecisionTable, type CompiledDecisionTable, type DecisionOutcome } from './decision-table';
import { CASE_FACTS_SCHEMA } from './facts';
import { feelFromJson, feelToJson, type Diagnostic, type FeelContext } from './feel';
import type { ContextType } from './feel/types';
import type { DecisionOutput, DecisionRule, DecisionTable, HitPolicy } from './model';

// DMN 1.3 decision tables: hit policies (§8.2.11), defaults, diagnostics, and the promise that
// each input is evaluated once.

const facts = (json: Record<string, unknown>): FeelContext =>
  feelFromJson(json, CASE_FACTS_SCHEMA) as FeelContext;

const dunning = (overrides: Partial<DecisionTable> = {}): DecisionTable => ({
  id: 'dunning',
  name: 'Dunning action',
  hitPolicy: 'FIRST',
  inputs: [
    { id: 'dpd', label: 'Days past due', expression: 'case.overdue.daysPastDue', typeRef: 'number' },
    { id: 'amount', label: 'Overdue amount', expression: 'case.overdue.amount', typeRef: 'number' },
    { id: 'country', label: 'Country', expression: 'customer.country', typeRef: 'string' },
  ],
  outputs: [{ id: 'action', name: 'action', typeRef: 'string' }],
  rules: [
    { id: 'not-due', inputEntries: ['<= 0', '-', '-'], outputEntries: ['"none"'] },
    { id: 'tiny', inputEntries: ['-', '< 5.00', '-'], outputEntries: ['"none"'] },
    { id: 'r1', inputEntries: ['[1..14]', '-', '-'], outputEntries: ['"R1-email"'] },
    { id: 'legal', inputEntries: ['>= 90', '>= 10000', '"FR","DE"'], outputEntries: ['"legal"'] },
    { id: 'agency', inputEntries: ['>= 90', '-', 'not("FR","DE")'], outputEntries: ['"agency"'] },
    { id: 'late', inputEntries: ['> 14', '-', '-'], outputEntries: ['"R2-letter"'] },
  ],
  ...overrides,
});

const compile = (table: DecisionTable, scope: ContextType = CASE_FACTS_SCHEMA): CompiledDecisionTable => {
  const r = compileDecisionTable(table, scope);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.where ?? ''}: ${d.message}`).join('\n'));
  return r.value;
};
const failures = (table: DecisionTable): readonly Diagnostic[] => {
  const r = compileDecisionTable(table, CASE_FACTS_SCHEMA);
  if (r.ok) throw new Error('the table compiled, errors were expected');
  return r.diagnostics;
};
const json = (o: DecisionOutcome): unknown => ({ ...o, output: feelToJson(o.output) });

const overdue = (daysPastDue: number, amount: string | number, country = 'FR'): FeelContext =>
  facts({ case: { overdue: { daysPastDue, amount } }, customer: { country } });

describe('FIRST', () => {
  const table = compile(dunning());

  it.each([
    [0, 100, 'FR', 'none', 'not-due'],
    [5, '3.50', 'FR', 'none', 'tiny'],
    [5, 100, 'FR', 'R1-email', 'r1'],
    [100, '12000.00', 'DE', 'legal', 'legal'],
    [100, '12000.00', 'IT', 'agency', 'agency'],
    [100, '500', 'FR', 'R2-letter', 'late'],
    [20, 100, 'FR', 'R2-letter', 'late'],
  ])('%i days, %s, %s → %s (%s)', (days, amount, country, action, rule) => {
    expect(table.evaluate(overdue(days, amount, country))).toEqual({
      output: action,
      matchedRules: [rule],
      error: null,
    });
  });

  it('gives null without a match and without a default', () => {
    expect(table.evaluate(facts({}))).toEqual({ output: null, matchedRules: [], error: null });
  });

  it('gives the default output when no rule matches', () => {
    const t = compile(
      dunning({ outputs: [{ id: 'action', name: 'action', typeRef: 'string', defaultValue: '"manual"' }] }),
    );
    expect(t.evaluate(facts({}))).toEqual({ output: 'manual', matchedRules: [], error: null });
    expect(t.outputType).toEqual({ kind: 'string' });
  });

  it('evaluates each input expression once per evaluation', () => {
    let reads = 0;
    const customer = {
      get score(): number {
        reads += 1;
        return 55;
      },
    };
    const t = compile({
      id: 'score',
      name: 'Score band',
      hitPolicy: 'FIRST',
      inputs: [{ id: 's', label: 'Score', expression: 'customer.score' }],
      outputs: [{ id: 'band', name: 'band' }],
      rules: [
        { id: 'a', inputEntries: ['>= 90'], outputEntries: ['"A"'] },
        { id: 'b', inputEntries: ['>= 70'], outputEntries: ['"B"'] },
        { id: 'c', inputEntries: ['>= 50'], outputEntries: ['"C"'] },
        { id: 'd', inputEntries: ['-'], outputEntries: ['"D"'] },
      ],
    });
    expect(t.evaluate({ customer } as unknown as FeelContext).output).toBe('C');
    expect(reads).toBe(1);
  });

  it('computes outputs from the facts, and several outputs as a context', () => {
    const t = compile({
      id: 'fee',
      name: 'Fee',
      hitPolicy: 'FIRST',
      inputs: [{ id: 'amount', label: 'Amount', expression: 'case.overdue.amount' }],
      outputs: [
        { id: 'fee', name: 'fee', typeRef: 'number' },
        { id: 'reason', name: 'reason', typeRef: 'string' },
      ],
      rules: [
        {
          id: 'big',
          inputEntries: ['>= 1000'],
          outputEntries: ['decimal(case.overdue.amount * 0.05, 2)', '"5 %"'],
        },
        { id: 'small', inputEntries: ['-'], outputEntries: ['40', '"flat"'] },
      ],
    });
    expect(json(t.evaluate(facts({ case: { overdue: { amount: '1234.56' } } })))).toEqual({
      output: { fee: '61.73', reason: '5 %' },
      matchedRules: ['big'],
      error: null,
    });
    expect(t.evaluate(facts({ case: { overdue: { amount: 10 } } })).output).toEqual({
      fee: 40,
      reason: 'flat',
    });
    expect(t.outputType).toEqual({
      kind: 'context',
      fields: { fee: { kind: 'number' }, reason: { kind: 'string' } },
    });
  });

  it('matches Decimal balances exactly', () => {
    expect(table.evaluate(overdue(5, '4.99')).matchedRules).toEqual(['tiny']);
    expect(table.evaluate(overdue(5, '5.00')).matchedRules).toEqual(['r1']);
    expect(table.evaluate(overdue(100, '9999.99', 'DE')).matchedRules).toEqual(['late']);
    expect(table.evaluate(overdue(100, new Decimal('10000.00').toString(), 'DE')).matchedRules).toEqual([
      'legal',
    ]);
  });

  it('treats a table without inputs as always matching', () => {
    const t = compile({
      id: 'constant',
      name: 'Constant',
      hitPolicy: 'FIRST',
      inputs: [],
      outputs: [{ id: 'o', name: 'o' }],
      rules: [{ id: 'only', inputEntries: [], outputEntries: ['42'] }],
    });
    expect(t.evaluate({})).toEqual({ output: 42, matchedRules: ['only'], error: null });
  });
});

/** A one-input table over `customer.score` with the given rules (`[id, cell, output]`). */
const scoreTable = (
  hitPolicy: HitPolicy,
  rules: readonly (readonly [string, string, string])[],
  output: Partial<DecisionOutput> = {},
  aggregation?: DecisionTable['aggregation'],
): DecisionTable => ({
  id: 'score',
  name: 'Score',
  hitPolicy,
  ...(aggregation === undefined ? {} : { aggregation }),
  inputs: [{ id: 'score', label: 'Score', expression: 'customer.score' }],
  outputs: [{ id: 'o', name: 'o', ...output }],
  rules: rules.map(([id, cell, out]): DecisionRule => ({ id, inputEntries: [cell], outputEntries: [out] })),
});
const score = (n: number | null): FeelContext => facts({ customer: { score: n } });

describe('UNIQUE', () => {
  const t = compile(
    scoreTable('UNIQUE', [
      ['low', '< 50', '"low"'],
      ['mid', '[50..80]', '"mid"'],
      ['high', '>= 80', '"high"'],
    ]),
  );

  it('returns the single match', () => {
    expect(t.evaluate(score(10))).toEqual({ output: 'low', matchedRules: ['low'], error: null });
    expect(t.evaluate(score(60))).toEqual({ output: 'mid', matchedRules: ['mid'], error: null });
  });

  it('is violated when several rules match: error, null output, the rules named', () => {
    const o = t.evaluate(score(80));
    expect(o.output).toBe(null);
    expect(o.matchedRules).toEqual(['mid', 'high']);
    expect(o.error).toMatch(/UNIQUE table "score": 2 rules match \(mid, high\)/);
  });

  it('gives null when nothing matches', () => {
    expect(t.evaluate(score(null))).toEqual({ output: null, matchedRules: [], error: null });
  });
});

describe('ANY', () => {
  const t = compile(
    scoreTable('ANY', [
      ['a', '>= 50', '"approve"'],
      ['b', '>= 70', '"approve"'],
      ['c', '>= 90', '"review"'],
    ]),
  );

  it('accepts several matches with the same output', () => {
    expect(t.evaluate(score(75))).toEqual({ output: 'approve', matchedRules: ['a', 'b'], error: null });
  });

  it('is violated when matches have different outputs', () => {
    const o = t.evaluate(score(95));
    expect(o.output).toBe(null);
    expect(o.matchedRules).toEqual(['a', 'b', 'c']);
    expect(o.error).toContain('rules a and c match with different outputs ("approve", "review")');
  });
});

describe('PRIORITY and OUTPUT ORDER', () => {
  const rules = [
    ['a', '>= 0', '"letter"'],
    ['b', '>= 50', '"call"'],
    ['c', '>= 80', '"legal"'],
    ['d', '>= 90', '"letter"'],
  ] as const;
  const allowedValues = ['"legal"', '"call"', '"letter"'];

  it('PRIORITY returns the match whose output comes first in allowedValues', () => {
    const t = compile(scoreTable('PRIORITY', rules, { allowedValues }));
    expect(t.evaluate(score(10))).toEqual({ output: 'letter', matchedRules: ['a'], error: null });
    expect(t.evaluate(score(60))).toEqual({ output: 'call', matchedRules: ['b'], error: null });
    expect(t.evaluate(score(95))).toEqual({ output: 'legal', matchedRules: ['c'], error: null });
    expect(t.outputType).toEqual({ kind: 'string' });
  });

  it('PRIORITY across several outputs: the first output is the most significant', () => {
    const t = compile({
      id: 'p',
      name: 'p',
      hitPolicy: 'PRIORITY',
      inputs: [{ id: 's', label: 'Score', expression: 'customer.score' }],
      outputs: [
        { id: 'level', name: 'level', allowedValues: ['"high"', '"low"'] },
        { id: 'channel', name: 'channel', allowedValues: ['"phone"', '"mail"'] },
      ],
      rules: [
        { id: 'r1', inputEntries: ['-'], outputEntries: ['"low"', '"phone"'] },
        { id: 'r2', inputEntries: ['-'], outputEntries: ['"high"', '"mail"'] },
        { id: 'r3', inputEntries: ['-'], outputEntries: ['"high"', '"phone"'] },
      ],
    });
    expect(t.evaluate({})).toEqual({
      output: { level: 'high', channel: 'phone' },
      matchedRules: ['r3'],
      error: null,
    });
  });

  it('OUTPUT ORDER lists every match by decreasing priority', () => {
    const t = compile(scoreTable('OUTPUT ORDER', rules, { allowedValues }));
    expect(t.evaluate(score(95))).toEqual({
      output: ['legal', 'call', 'letter', 'letter'],
      matchedRules: ['c', 'b', 'a', 'd'],
      error: null,
    });
    expect(t.evaluate(score(null))).toEqual({ output: [], matchedRules: [], error: null });
    expect(t.outputType).toEqual({ kind: 'list', of: { kind: 'string' } });
  });
});

describe('RULE ORDER and COLLECT', () => {
  const rules = [
    ['base', '-', '10'],
    ['fifty', '>= 50', '5'],
    ['seventy', '>= 70', '5'],
    ['ninety', '>= 90', '2.5'],
  ] as const;

  it('RULE ORDER lists the outputs in rule order', () => {
    const t = compile(scoreTable('RULE ORDER', rules, { typeRef: 'number' }));
    expect(json(t.evaluate(score(95)))).toEqual({
      output: [10, 5, 5, '2.5'],
      matchedRules: ['base', 'fifty', 'seventy', 'ninety'],
      error: null,
    });
    expect(t.outputType).toEqual({ kind: 'list', of: { kind: 'number' } });
  });

  it('COLLECT lists the outputs; no match → empty list', () => {
    const t = compile(scoreTable('COLLECT', rules.slice(1)));
    expect(t.evaluate(score(75)).output).toEqual([5, 5]);
    expect(t.evaluate(score(10))).toEqual({ output: [], matchedRules: [], error: null });
  });

  it('COLLECT SUM adds every output (duplicates too); no match → null', () => {
    const t = compile(scoreTable('COLLECT', rules, {}, 'SUM'));
    expect(json(t.evaluate(score(95)))).toEqual({
      output: '22.5',
      matchedRules: ['base', 'fifty', 'seventy', 'ninety'],
      error: null,
    });
    expect(t.outputType).toEqual({ kind: 'number' });
    expect(compile(scoreTable('COLLECT', rules.slice(1), {}, 'SUM')).evaluate(score(1)).output).toBe(null);
  });

  it('COLLECT COUNT counts the matching rules’ outputs, duplicates included; no match → 0', () => {
    const t = compile(scoreTable('COLLECT', rules, {}, 'COUNT'));
    expect(t.evaluate(score(75))).toEqual({
      output: 3,
      matchedRules: ['base', 'fifty', 'seventy'],
      error: null,
    });
    expect(compile(scoreTable('COLLECT', rules.slice(1), {}, 'COUNT')).evaluate(score(1)).output).toBe(0);
  });

  it('COLLECT MIN and MAX; no match → null', () => {
    expect(feelToJson(compile(scoreTable('COLLECT', rules, {}, 'MIN')).evaluate(score(95)).output)).toBe(
      '2.5',
    );
    expect(compile(scoreTable('COLLECT', rules, {}, 'MAX')).evaluate(score(95)).output).toBe(10);
    expect(compile(scoreTable('COLLECT', rules.slice(1), {}, 'MAX')).evaluate(score(1)).output).toBe(null);
    const dates = compile(
      scoreTable(
        'COLLECT',
        [
          ['a', '-', 'date("2026-03-01")'],
          ['b', '-', 'date("2026-01-01")'],
        ],
        {},
        'MIN',
      ),
    );
    expect(feelToJson(dates.evaluate({}).output)).toBe('2026-01-01');
    expect(dates.outputType).toEqual({ kind: 'date' });
  });
});

describe('decision table diagnostics', () => {
  const codes = (ds: readonly Diagnostic[]): string[] =>
    ds.map(
      (d) => `${d.code} @ ${d.where ?? '-'} ${d.start.line}:${d.start.column}-${d.end.line}:${d.end.column}`,
    );

  it('locates a bad cell: table, rule id and row, input label, position in the cell', () => {
    const table = dunning();
    const rules = [...table.rules];
    rules[2] = { id: 'r1', inputEntries: ['[1..14]', '>= "x"', '-'], outputEntries: ['"R1-email"'] };
    expect(codes(failures({ ...table, rules }))).toEqual([
      'feel.type-mismatch @ table "dunning", rule r1 (row 3), input "Overdue amount" 1:1-1:7',
    ]);
  });

  it('locates a bad output entry and a syntax error in a multi-line cell', () => {
    const table = dunning();
    const rules = [...table.rules];
    rules[0] = {
      id: 'not-due',
      inputEntries: ['<= 0', '-', '-'],
      outputEntries: ['upper case(\n  "none"\n  '],
    };
    rules[1] = { id: 'tiny', inputEntries: ['-', '-', '-'], outputEntries: ['42'] };
    expect(codes(failures({ ...table, rules }))).toEqual([
      'feel.syntax @ table "dunning", rule not-due (row 1), output "action" 3:3-3:3',
      'feel.type-mismatch @ table "dunning", rule tiny (row 2), output "action" 1:1-1:3',
    ]);
  });

  it('reports input expressions that do not type-check or contradict their typeRef', () => {
    const table = dunning();
    const inputs = [...table.inputs];
    inputs[0] = {
      id: 'dpd',
      label: 'Days past due',
      expression: 'case.overdue.daysPastDeu',
      typeRef: 'number',
    };
    inputs[2] = { id: 'country', label: 'Country', expression: 'customer.score', typeRef: 'string' };
    const ds = failures({ ...table, inputs });
    expect(codes(ds)[0]).toBe('feel.unknown-field @ table "dunning", input "Days past due" 1:14-1:25');
    expect(codes(ds)[1]).toBe('feel.type-mismatch @ table "dunning", input "Country" 1:1-1:15');
  });

  it('reports structural errors', () => {
    const table = dunning({
      rules: [
        { id: 'a', inputEntries: ['-', '-'], outputEntries: ['"x"'] },
        { id: 'a', inputEntries: ['-', '-', '-'], outputEntries: ['"x"', '"y"'] },
      ],
    });
    expect(codes(failures(table))).toEqual([
      'table.entry-count @ table "dunning", rule a (row 1) 1:1-1:1',
      'table.duplicate-rule @ table "dunning", rule a (row 2) 1:1-1:1',
      'table.entry-count @ table "dunning", rule a (row 2) 1:1-1:1',
    ]);
  });

  it('requires allowedValues for PRIORITY and OUTPUT ORDER', () => {
    for (const hitPolicy of ['PRIORITY', 'OUTPUT ORDER'] as const)
      expect(failures(dunning({ hitPolicy })).map((d) => d.code)).toEqual(['table.priorities']);
  });

  it('allows an aggregation only with COLLECT and one output', () => {
    expect(failures(dunning({ aggregation: 'COUNT' })).map((d) => d.message)).toEqual([
      'an aggregation (COUNT) is only allowed with the COLLECT hit policy, not FIRST',
    ]);
    const two = scoreTable('COLLECT', [['a', '-', '1']], {}, 'SUM');
    const ds = failures({
      ...two,
      outputs: [...two.outputs, { id: 'p', name: 'p' }],
      rules: [{ id: 'a', inputEntries: ['-'], outputEntries: ['1', '2'] }],
    });
    expect(ds.map((d) => d.message)).toContain('an aggregation (SUM) needs a table with one output, not 2');
    expect(failures(scoreTable('COLLECT', [['a', '-', '"x"']], {}, 'SUM')).map((d) => d.code)).toEqual([
      'table.aggregation',
    ]);
  });

  it('checks output entries against allowedValues and typeRefs', () => {
    const ds = failures(scoreTable('FIRST', [['a', '-', '"maybe"']], { allowedValues: ['"yes"', '"no"'] }));
    expect(codes(ds)).toEqual([
      'table.value-not-allowed @ table "score", rule a (row 1), output "o" 1:1-1:8',
    ]);
    expect(ds[0]?.message).toBe('"maybe" is not one of the allowed values of "o": "yes", "no"');
    expect(
      failures(scoreTable('FIRST', [['a', '-', '1']], { typeRef: 'tMoney' })).map((d) => d.code),
    ).toEqual(['table.type-ref']);
  });

  it('reports a hit policy it does not know', () => {
    expect(failures(dunning({ hitPolicy: 'SOMETIMES' as HitPolicy })).map((d) => d.code)).toEqual([
      'table.hit-policy',
    ]);
  });
});

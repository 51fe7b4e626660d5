import { describe, expect, it } from 'vitest';
import { RULE_SET_FORMAT, type RuleSetDocument, type RuleTest } from './model';
import { compileRuleSet, type CompiledRuleSet } from './rule-set';
import { canPublish, runRuleSetTests } from './rule-tests';

const base: RuleSetDocument = {
  format: RULE_SET_FORMAT,
  name: 'Acme rules',
  decisions: [
    {
      id: 'strategy',
      name: 'Strategy',
      hitPolicy: 'FIRST',
      inputs: [
        { id: 'type', label: 'Customer type', expression: 'customer.type' },
        { id: 'overdue', label: 'Overdue amount', expression: 'case.overdue.amount' },
      ],
      outputs: [{ id: 'strategy', name: 'strategy', typeRef: 'string' }],
      rules: [
        { id: 'r1', inputEntries: ['"business"', '>= 50000'], outputEntries: ['"key-account-personal"'] },
        { id: 'r2', inputEntries: ['"consumer"', '< 10000'], outputEntries: ['"consumer-gentle"'] },
        { id: 'r3', inputEntries: ['-', '-'], outputEntries: ['"business-standard"'] },
      ],
    },
    {
      id: 'fee',
      name: 'Fee rate',
      hitPolicy: 'FIRST',
      inputs: [{ id: 'type', label: 'Customer type', expression: 'customer.type' }],
      outputs: [{ id: 'rate', name: 'rate', typeRef: 'number' }],
      rules: [{ id: 'f1', inputEntries: ['"business"'], outputEntries: ['0.05'] }],
    },
  ],
  reactions: [
    {
      id: 'start',
      name: 'Start dunning',
      on: ['FinancialItemAdded'],
      when: 'case.strategy = null',
      then: [{ type: 'startStrategy', strategy: 'decisions.strategy' }],
    },
    {
      id: 'fee',
      name: 'Late fee',
      on: ['TimerFired'],
      when: 'event.data.name = "R2"',
      then: [{ type: 'addFee', amount: 'case.overdue.amount * decisions.fee', label: '"Late fee"' }],
    },
  ],
  tests: [],
};

const compile = (tests: readonly RuleTest[]): { rs: CompiledRuleSet; doc: RuleSetDocument } => {
  const doc = { ...base, tests };
  const r = compileRuleSet(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics, null, 2));
  return { rs: r.value, doc };
};

const consumer = (amount: number | string): RuleTest['given']['facts'] => ({
  today: '2026-03-02',
  customer: { type: 'consumer' },
  case: { overdue: { amount } },
});

describe('runRuleSetTests', () => {
  it('passes a test whose decisions and actions are as expected', () => {
    const { rs, doc } = compile([
      {
        name: 'small consumer debt',
        given: { facts: consumer(800), event: { type: 'FinancialItemAdded' } },
        expect: {
          decisions: { strategy: 'consumer-gentle', fee: null },
          actions: [{ type: 'startStrategy', strategy: 'consumer-gentle' }],
        },
      },
    ]);
    const report = runRuleSetTests(rs, doc);
    expect(report).toEqual({
      passed: 1,
      failed: 0,
      results: [{ name: 'small consumer debt', ok: true, failures: [] }],
    });
    expect(canPublish(report)).toBe(true);
  });

  it('explains a wrong decision with the rule that matched, and the rule set cannot be published', () => {
    const { rs, doc } = compile([
      {
        name: 'big consumer debt',
        given: { facts: consumer('12500.00') },
        expect: { decisions: { strategy: 'consumer-gentle' } },
      },
    ]);
    const report = runRuleSetTests(rs, doc);
    expect(report.results).toEqual([
      {
        name: 'big consumer debt',
        ok: false,
        failures: [
          'decision "strategy": expected "consumer-gentle", got "business-standard" (rules matched: r3)',
        ],
      },
    ]);
    expect(report).toMatchObject({ passed: 0, failed: 1 });
    expect(canPublish(report)).toBe(false);
  });

  it('says when no rule matched', () => {
    const { rs, doc } = compile([
      { name: 'consumer fee', given: { facts: consumer(10) }, expect: { decisions: { fee: 0.05 } } },
    ]);
    expect(runRuleSetTests(rs, doc).results[0]?.failures).toEqual([
      'decision "fee": expected 0.05, got null (no rule matched)',
    ]);
  });

  it('compares numbers as numbers: 0.05 equals "0.050"', () => {
    const { rs, doc } = compile([
      {
        name: 'business fee',
        given: { facts: { customer: { type: 'business' } } },
        expect: { decisions: { fee: '0.050' } },
      },
    ]);
    expect(runRuleSetTests(rs, doc).failed).toBe(0);
  });

  it('lists a wrong, a missing and an unexpected action with the rule that produced it', () => {
    const event = { type: 'FinancialItemAdded' } as const;
    const { rs, doc } = compile([
      {
        name: 'wrong',
        given: { facts: consumer(800), event },
        expect: { actions: [{ type: 'startStrategy', strategy: 'business-standard' }] },
      },
      {
        name: 'missing',
        given: { facts: { ...consumer(800), case: { strategy: 'consumer-gentle' } }, event },
        expect: { actions: [{ type: 'startStrategy', strategy: 'consumer-gentle' }] },
      },
      { name: 'unexpected', given: { facts: consumer(800), event }, expect: { actions: [] } },
    ]);
    expect(runRuleSetTests(rs, doc).results.map((r) => [r.name, r.failures])).toEqual([
      [
        'wrong',
        [
          'action 1: expected startStrategy(strategy: "business-standard"), got startStrategy(strategy: "consumer-gentle") (from rule "start")',
        ],
      ],
      [
        'missing',
        [
          'expected 1 action, got 0 actions (no rule fired)',
          'missing action 1: startStrategy(strategy: "consumer-gentle")',
        ],
      ],
      [
        'unexpected',
        [
          'expected 0 actions, got 1 action (rules fired: start)',
          'unexpected action 1: startStrategy(strategy: "consumer-gentle") (from rule "start")',
        ],
      ],
    ]);
  });

  it('compares fee amounts as numbers and reads an absent reason as null', () => {
    const { rs, doc } = compile([
      {
        name: 'R2 fee',
        given: {
          facts: { customer: { type: 'business' }, case: { overdue: { amount: '1200.00' } } },
          event: { type: 'TimerFired', data: { name: 'R2' } },
        },
        expect: { actions: [{ type: 'addFee', amount: '60.00', label: 'Late fee' }] },
      },
    ]);
    expect(runRuleSetTests(rs, doc).results[0]).toEqual({ name: 'R2 fee', ok: true, failures: [] });
  });

  it('fails a test in which a rule could not fire', () => {
    const { rs, doc } = compile([
      {
        name: 'R2 fee for a consumer',
        given: { facts: consumer(800), event: { type: 'TimerFired', data: { name: 'R2' } } },
        expect: { actions: [] },
      },
    ]);
    expect(runRuleSetTests(rs, doc).results[0]?.failures).toEqual([
      'rule "fee" could not fire: action 1 (addFee): amount (case.overdue.amount * decisions.fee) evaluated to null',
    ]);
  });

  it('reports zero for a rule set without tests, which may be published', () => {
    const { rs, doc } = compile([]);
    const report = runRuleSetTests(rs, doc);
    expect(report).toEqual({ passed: 0, failed: 0, results: [] });
    expect(canPublish(report)).toBe(true);
  });
});

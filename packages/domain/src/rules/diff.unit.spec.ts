import { describe, expect, it } from 'vitest';
import { diffRuleSets } from './diff';
import { RULE_SET_FORMAT, type DecisionTable, type RuleSetDocument } from './model';

const strategy: DecisionTable = {
  id: 'strategy',
  name: 'Dunning strategy',
  hitPolicy: 'FIRST',
  inputs: [
    { id: 'dpd', label: 'Days past due', expression: 'case.overdue.daysPastDue' },
    { id: 'type', label: 'Customer type', expression: 'customer.type' },
  ],
  outputs: [{ id: 'strategy', name: 'strategy' }],
  rules: [
    { id: 'r1', inputEntries: ['< 30', '-'], outputEntries: ['"soft"'] },
    { id: 'r2', inputEntries: ['>= 30', '"consumer"'], outputEntries: ['"consumer-gentle"'] },
    { id: 'r3', inputEntries: ['>= 30', '-'], outputEntries: ['"business-standard"'] },
  ],
};

const before: RuleSetDocument = {
  format: RULE_SET_FORMAT,
  name: 'Acme rules',
  decisions: [strategy],
  reactions: [
    {
      id: 'blacklist-on-write-off',
      name: 'Blacklist on write-off',
      on: ['AmountWrittenOff'],
      then: [{ type: 'setFlag', flag: 'blacklist', value: 'true' }],
    },
    {
      id: 'assign',
      name: 'Assign',
      on: ['FinancialItemAdded'],
      when: 'case.manager = null',
      then: [{ type: 'assignManager', manager: '"collector.fr"' }],
    },
  ],
  tests: [
    {
      name: 'late consumer',
      given: { facts: { customer: { type: 'consumer' }, case: { overdue: { daysPastDue: 40 } } } },
      expect: { decisions: { strategy: 'consumer-gentle' } },
    },
  ],
};

describe('diffRuleSets', () => {
  it('says nothing changed between a document and itself', () => {
    const diff = diffRuleSets(before, before);
    expect(diff.summary.identical).toBe(true);
    expect(diff.tables).toEqual([]);
    expect(diff.reactions).toEqual([]);
    expect(diff.tests).toEqual([]);
  });

  it('shows a changed cell with the input label and both texts', () => {
    const after: RuleSetDocument = {
      ...before,
      decisions: [
        {
          ...strategy,
          rules: strategy.rules.map((r) => (r.id === 'r3' ? { ...r, inputEntries: ['>= 45', '-'] } : r)),
        },
      ],
    };
    const diff = diffRuleSets(before, after);
    expect(diff.tables).toEqual([
      {
        kind: 'changed',
        id: 'strategy',
        name: 'Dunning strategy',
        details: ['rule r3 input "Days past due": ">= 30" → ">= 45"'],
      },
    ]);
    expect(diff.summary.tables).toEqual({ added: 0, removed: 0, changed: 1 });
  });

  it('lists an added rule with its cells, a removed rule, and a reordering that matters under FIRST', () => {
    const after: RuleSetDocument = {
      ...before,
      decisions: [
        {
          ...strategy,
          hitPolicy: 'UNIQUE',
          rules: [
            strategy.rules[2]!,
            strategy.rules[1]!,
            { id: 'r4', inputEntries: ['> 90', '-'], outputEntries: ['"legal"'] },
          ],
        },
      ],
    };
    const details = diffRuleSets(before, after).tables[0]?.details;
    expect(details).toEqual([
      'hit policy: FIRST → UNIQUE',
      'rule r4 added: > 90 | - → "legal"',
      'rule r1 removed: < 30 | - → "soft"',
      'rules reordered: r2, r3 → r3, r2',
    ]);
  });

  it('compares cells by column even when a column is added before them', () => {
    const after: RuleSetDocument = {
      ...before,
      decisions: [
        {
          ...strategy,
          inputs: [{ id: 'country', label: 'Country', expression: 'customer.country' }, ...strategy.inputs],
          rules: strategy.rules.map((r) => ({ ...r, inputEntries: ['-', ...r.inputEntries] })),
        },
      ],
    };
    expect(diffRuleSets(before, after).tables[0]?.details).toEqual([
      'input "Country" added (customer.country)',
    ]);
  });

  it('reports a removed reaction, a changed condition and action field, and an added test', () => {
    const after: RuleSetDocument = {
      ...before,
      reactions: [
        {
          ...before.reactions[1]!,
          when: 'case.manager = null and case.portfolio = null',
          then: [{ type: 'assignManager', manager: '"collector.de"' }],
        },
      ],
      tests: [
        before.tests[0]!,
        {
          name: 'early business',
          given: { facts: { customer: { type: 'business' } } },
          expect: { decisions: { strategy: 'soft' } },
        },
      ],
    };
    const diff = diffRuleSets(before, after);
    expect(diff.reactions).toEqual([
      {
        kind: 'changed',
        id: 'assign',
        name: 'Assign',
        fields: ['when', 'then'],
        details: [
          'when: case.manager = null → case.manager = null and case.portfolio = null',
          'action 1 (assignManager) field manager: "collector.fr" → "collector.de"',
        ],
      },
      {
        kind: 'removed',
        id: 'blacklist-on-write-off',
        name: 'Blacklist on write-off',
        fields: [],
        details: [],
      },
    ]);
    expect(diff.tests).toEqual([{ kind: 'added', name: 'early business', details: [] }]);
    expect(diff.summary).toEqual({
      tables: { added: 0, removed: 0, changed: 0 },
      reactions: { added: 0, removed: 1, changed: 1 },
      tests: { added: 1, removed: 0, changed: 0 },
      identical: false,
    });
  });

  it('shows the fact that changed in a test, ignoring key order', () => {
    const after: RuleSetDocument = {
      ...before,
      tests: [
        {
          name: 'late consumer',
          given: { facts: { case: { overdue: { daysPastDue: 45 } }, customer: { type: 'consumer' } } },
          expect: { decisions: { strategy: 'consumer-gentle' } },
        },
      ],
    };
    expect(diffRuleSets(before, after).tests).toEqual([
      { kind: 'changed', name: 'late consumer', details: ['given.facts.case.overdue.daysPastDue: 40 → 45'] },
    ]);
  });
});

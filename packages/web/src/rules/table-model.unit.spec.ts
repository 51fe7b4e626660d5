import { describe, expect, it } from 'vitest';
import type { DecisionTable } from './rules.types';
import {
  addInput,
  addOutput,
  addRule,
  freshId,
  moveRule,
  normaliseTable,
  removeInput,
  removeOutput,
  removeRule,
  setAggregation,
  setCell,
  setHitPolicy,
  updateInput,
  updateRule,
} from './table-model';

// The strategy table of the standard library, trimmed: two inputs, one output, three rules.
const strategy: DecisionTable = {
  id: 'strategy',
  name: 'Dunning strategy',
  hitPolicy: 'FIRST',
  inputs: [
    { id: 'segment', label: 'Segment', expression: 'decisions.segment', typeRef: 'string' },
    { id: 'type', label: 'Customer type', expression: 'customer.type' },
  ],
  outputs: [{ id: 'strategy', name: 'strategy', label: 'Strategy', typeRef: 'string' }],
  rules: [
    { id: 'key-account', inputEntries: ['"key-account"', '-'], outputEntries: ['"key-account-personal"'] },
    { id: 'consumer', inputEntries: ['-', '"consumer"'], outputEntries: ['"consumer-gentle"'] },
    { id: 'business', inputEntries: ['-', '-'], outputEntries: ['"business-standard"'] },
  ],
};

/** The grid's invariant: every rule has one cell per column. */
function aligned(table: DecisionTable): boolean {
  return table.rules.every(
    (r) => r.inputEntries.length === table.inputs.length && r.outputEntries.length === table.outputs.length,
  );
}

describe('rows', () => {
  it('adds a catch-all rule with one cell per column and a fresh id', () => {
    const next = addRule(strategy);
    expect(next.rules).toHaveLength(4);
    expect(next.rules[3]).toEqual({ id: 'rule1', inputEntries: ['-', '-'], outputEntries: [''] });
    expect(aligned(next)).toBe(true);
    expect(addRule(next).rules[4]?.id).toBe('rule2');
  });

  it('inserts a rule right after the one asked for', () => {
    const next = addRule(strategy, 0);
    expect(next.rules.map((r) => r.id)).toEqual(['key-account', 'rule1', 'consumer', 'business']);
  });

  it('removes and reorders rules without touching the others', () => {
    expect(removeRule(strategy, 1).rules.map((r) => r.id)).toEqual(['key-account', 'business']);
    expect(moveRule(strategy, 2, 0).rules.map((r) => r.id)).toEqual(['business', 'key-account', 'consumer']);
    expect(moveRule(strategy, 0, -1).rules.map((r) => r.id)).toEqual(['key-account', 'consumer', 'business']);
    expect(moveRule(strategy, 2, 3).rules).toEqual(strategy.rules);
  });

  it('edits one cell and nothing else', () => {
    const next = setCell(strategy, 2, 'output', 0, '"business-firm"');
    expect(next.rules[2]?.outputEntries).toEqual(['"business-firm"']);
    expect(next.rules.slice(0, 2)).toEqual(strategy.rules.slice(0, 2));
    expect(strategy.rules[2]?.outputEntries).toEqual(['"business-standard"']); // not mutated
    expect(setCell(strategy, 1, 'input', 1, '"business"').rules[1]?.inputEntries).toEqual([
      '-',
      '"business"',
    ]);
  });

  it('drops an emptied description instead of saving an empty string', () => {
    const described = updateRule(strategy, 0, { description: 'Personal follow-up' });
    expect(described.rules[0]?.description).toBe('Personal follow-up');
    expect(updateRule(described, 0, { description: '' }).rules[0]).not.toHaveProperty('description');
  });
});

describe('columns', () => {
  it('adds an input column with a "-" cell in every rule', () => {
    const next = addInput(strategy);
    expect(next.inputs).toHaveLength(3);
    expect(next.inputs[2]).toEqual({ id: 'input1', label: '', expression: '' });
    expect(next.rules.map((r) => r.inputEntries[2])).toEqual(['-', '-', '-']);
    expect(aligned(next)).toBe(true);
  });

  it('removes the cells of a removed input column, keeping the others in place', () => {
    const next = removeInput(strategy, 0);
    expect(next.inputs.map((i) => i.id)).toEqual(['type']);
    expect(next.rules.map((r) => r.inputEntries)).toEqual([['-'], ['"consumer"'], ['-']]);
    expect(aligned(next)).toBe(true);
  });

  it('adds and removes output columns', () => {
    const added = addOutput(strategy);
    expect(added.outputs.map((o) => o.name)).toEqual(['strategy', 'output1']);
    expect(added.rules.map((r) => r.outputEntries.length)).toEqual([2, 2, 2]);
    const removed = removeOutput(added, 0);
    expect(removed.outputs.map((o) => o.name)).toEqual(['output1']);
    expect(removed.rules.map((r) => r.outputEntries)).toEqual([[''], [''], ['']]);
  });

  it('keeps the fields the grid does not show when a header changes', () => {
    const next = updateInput(strategy, 0, { label: 'Segment of the debtor' });
    expect(next.inputs[0]).toEqual({
      id: 'segment',
      label: 'Segment of the debtor',
      expression: 'decisions.segment',
      typeRef: 'string',
    });
  });

  it('keeps every rule aligned through any sequence of edits', () => {
    let table = strategy;
    table = addInput(table);
    table = addRule(table, 1);
    table = removeInput(table, 1);
    table = addOutput(table);
    table = removeRule(table, 0);
    table = addRule(table);
    table = removeOutput(table, 0);
    expect(aligned(table)).toBe(true);
    expect(table.inputs).toHaveLength(2);
    expect(table.outputs).toHaveLength(1);
    expect(table.rules).toHaveLength(4);
  });
});

describe('hit policy', () => {
  it('keeps the aggregation only with COLLECT', () => {
    const collect = setAggregation(setHitPolicy(strategy, 'COLLECT'), 'SUM');
    expect(collect).toMatchObject({ hitPolicy: 'COLLECT', aggregation: 'SUM' });
    expect(setHitPolicy(collect, 'FIRST')).not.toHaveProperty('aggregation');
    expect(setAggregation(strategy, 'MAX')).not.toHaveProperty('aggregation');
    expect(setAggregation(collect, null)).not.toHaveProperty('aggregation');
  });
});

describe('normaliseTable', () => {
  it('pads short rules and trims long ones', () => {
    const ragged: DecisionTable = {
      ...strategy,
      rules: [
        { id: 'a', inputEntries: ['"x"'], outputEntries: [] },
        { id: 'b', inputEntries: ['1', '2', '3'], outputEntries: ['"y"', '"z"'] },
      ],
    };
    const fixed = normaliseTable(ragged);
    expect(fixed.rules).toEqual([
      { id: 'a', inputEntries: ['"x"', '-'], outputEntries: [''] },
      { id: 'b', inputEntries: ['1', '2'], outputEntries: ['"y"'] },
    ]);
    expect(normaliseTable(strategy)).toBe(strategy);
  });
});

describe('freshId', () => {
  it('skips the ids already taken', () => {
    expect(freshId('rule', ['rule1', 'rule2', 'rule4'])).toBe('rule3');
    expect(freshId('t', [])).toBe('t1');
  });
});

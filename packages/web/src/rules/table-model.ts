import type { Aggregation, DecisionRule, DecisionTable, HitPolicy } from './rules.types';

// Editing a decision table as a grid. Every function returns a new table and keeps the one
// invariant the grid relies on: each rule has exactly one input cell per input column and one
// output cell per output column. Fields the grid does not show (typeRef, allowedValues, default
// values) are carried over untouched.

export const HIT_POLICIES = [
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
] as const satisfies readonly HitPolicy[];

export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const satisfies readonly Aggregation[];

/** "Any value", the cell a new input column or a new rule starts with. */
export const ANY_CELL = '-';

export function isHitPolicy(value: string): value is HitPolicy {
  return (HIT_POLICIES as readonly string[]).includes(value);
}

export function isAggregation(value: string): value is Aggregation {
  return (AGGREGATIONS as readonly string[]).includes(value);
}

/** `prefix1`, `prefix2`, … : the first one no id in `taken` uses. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!used.has(id)) return id;
  }
}

function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length || to < 0 || to >= list.length || from === to) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

function withoutIndex<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** A table with one input, one output and one catch-all rule, ready to be filled in. */
export function newTable(id: string, name: string): DecisionTable {
  return {
    id,
    name,
    hitPolicy: 'FIRST',
    inputs: [{ id: 'input1', label: '', expression: '' }],
    outputs: [{ id: 'output1', name: 'result' }],
    rules: [{ id: 'rule1', inputEntries: [ANY_CELL], outputEntries: ['null'] }],
  };
}

/** Aggregation only goes with COLLECT; another policy drops it. */
export function setHitPolicy(table: DecisionTable, hitPolicy: HitPolicy): DecisionTable {
  const { aggregation, ...rest } = table;
  return hitPolicy === 'COLLECT' && aggregation !== undefined
    ? { ...rest, hitPolicy, aggregation }
    : { ...rest, hitPolicy };
}

export function setAggregation(table: DecisionTable, aggregation: Aggregation | null): DecisionTable {
  const { aggregation: _previous, ...rest } = table;
  return aggregation === null || table.hitPolicy !== 'COLLECT' ? rest : { ...rest, aggregation };
}

/** A new rule after `after` (at the end when null), matching anything, with empty outputs. */
export function addRule(table: DecisionTable, after: number | null = null): DecisionTable {
  const rule: DecisionRule = {
    id: freshId(
      'rule',
      table.rules.map((r) => r.id),
    ),
    inputEntries: table.inputs.map(() => ANY_CELL),
    outputEntries: table.outputs.map(() => ''),
  };
  const at = after === null ? table.rules.length : Math.min(after + 1, table.rules.length);
  const rules = [...table.rules];
  rules.splice(at, 0, rule);
  return { ...table, rules };
}

export function removeRule(table: DecisionTable, index: number): DecisionTable {
  return { ...table, rules: withoutIndex(table.rules, index) };
}

/** Rule order matters for FIRST, RULE ORDER and COLLECT; moving is how the user changes it. */
export function moveRule(table: DecisionTable, from: number, to: number): DecisionTable {
  return { ...table, rules: move(table.rules, from, to) };
}

export function updateRule(
  table: DecisionTable,
  index: number,
  patch: Partial<Pick<DecisionRule, 'id' | 'description'>>,
): DecisionTable {
  return {
    ...table,
    rules: table.rules.map((rule, i) => {
      if (i !== index) return rule;
      const next = { ...rule, ...patch };
      if (next.description === '') delete next.description;
      return next;
    }),
  };
}

export type CellKind = 'input' | 'output';

export function setCell(
  table: DecisionTable,
  ruleIndex: number,
  kind: CellKind,
  column: number,
  value: string,
): DecisionTable {
  return {
    ...table,
    rules: table.rules.map((rule, i) => {
      if (i !== ruleIndex) return rule;
      const field = kind === 'input' ? 'inputEntries' : 'outputEntries';
      return { ...rule, [field]: rule[field].map((cell, c) => (c === column ? value : cell)) };
    }),
  };
}

/** A new input column at the end; every rule gets a "-" cell for it. */
export function addInput(table: DecisionTable): DecisionTable {
  return {
    ...table,
    inputs: [
      ...table.inputs,
      {
        id: freshId(
          'input',
          table.inputs.map((i) => i.id),
        ),
        label: '',
        expression: '',
      },
    ],
    rules: table.rules.map((rule) => ({ ...rule, inputEntries: [...rule.inputEntries, ANY_CELL] })),
  };
}

export function removeInput(table: DecisionTable, column: number): DecisionTable {
  return {
    ...table,
    inputs: withoutIndex(table.inputs, column),
    rules: table.rules.map((rule) => ({ ...rule, inputEntries: withoutIndex(rule.inputEntries, column) })),
  };
}

export function updateInput(
  table: DecisionTable,
  column: number,
  patch: { label?: string; expression?: string },
): DecisionTable {
  return {
    ...table,
    inputs: table.inputs.map((input, i) => (i === column ? { ...input, ...patch } : input)),
  };
}

/** A new output column at the end; every rule gets an empty cell for it (which the compiler flags). */
export function addOutput(table: DecisionTable): DecisionTable {
  const id = freshId(
    'output',
    table.outputs.map((o) => o.id),
  );
  const name = freshId(
    'output',
    table.outputs.map((o) => o.name),
  );
  return {
    ...table,
    outputs: [...table.outputs, { id, name }],
    rules: table.rules.map((rule) => ({ ...rule, outputEntries: [...rule.outputEntries, ''] })),
  };
}

export function removeOutput(table: DecisionTable, column: number): DecisionTable {
  return {
    ...table,
    outputs: withoutIndex(table.outputs, column),
    rules: table.rules.map((rule) => ({ ...rule, outputEntries: withoutIndex(rule.outputEntries, column) })),
  };
}

export function updateOutput(table: DecisionTable, column: number, patch: { name?: string }): DecisionTable {
  return {
    ...table,
    outputs: table.outputs.map((output, i) => (i === column ? { ...output, ...patch } : output)),
  };
}

/**
 * A table read from elsewhere (an older document, a DMN import) may have rules with too few or
 * too many cells; the grid pads them with "-" / "" and trims the extra so every row lines up.
 */
export function normaliseTable(table: DecisionTable): DecisionTable {
  const fit = (cells: readonly string[], length: number, filler: string) =>
    Array.from({ length }, (_, i) => cells[i] ?? filler);
  const aligned = table.rules.every(
    (rule) =>
      rule.inputEntries.length === table.inputs.length && rule.outputEntries.length === table.outputs.length,
  );
  if (aligned) return table;
  return {
    ...table,
    rules: table.rules.map((rule) => ({
      ...rule,
      inputEntries: fit(rule.inputEntries, table.inputs.length, ANY_CELL),
      outputEntries: fit(rule.outputEntries, table.outputs.length, ''),
    })),
  };
}

import type {
  ActionTemplate,
  DecisionInput,
  DecisionOutput,
  DecisionRule,
  DecisionTable,
  JsonValue,
  ReactionRule,
  RuleSetDocument,
  RuleTest,
} from './model';

// What a reviewer must read before approving a new version of a rule set (B1, B9): which tables,
// reactions and tests changed, and inside them which cells and fields, as one line each.
// Entries follow the new document's order, removed ones last in the old document's order, so the
// same two documents always give the same diff.

export type ChangeKind = 'added' | 'removed' | 'changed';

export type TableChange = {
  readonly kind: ChangeKind;
  readonly id: string;
  readonly name: string;
  /** One readable line per change: `rule r3 input "Days past due": ">= 30" → ">= 45"`. */
  readonly details: readonly string[];
};

export type ReactionChange = {
  readonly kind: ChangeKind;
  readonly id: string;
  readonly name: string;
  /** The fields that changed (`when`, `on`, `then`, …), in document order. */
  readonly fields: readonly string[];
  readonly details: readonly string[];
};

export type TestChange = {
  readonly kind: ChangeKind;
  readonly name: string;
  readonly details: readonly string[];
};

export type ChangeCounts = { readonly added: number; readonly removed: number; readonly changed: number };

export type RuleSetDiff = {
  /** Changes of the document's own name or description. */
  readonly document: readonly string[];
  readonly tables: readonly TableChange[];
  readonly reactions: readonly ReactionChange[];
  readonly tests: readonly TestChange[];
  readonly summary: {
    readonly tables: ChangeCounts;
    readonly reactions: ChangeCounts;
    readonly tests: ChangeCounts;
    /** True when the two documents mean the same thing. */
    readonly identical: boolean;
  };
};

/** Lists what changed from `before` to `after`, table cell by table cell; never throws. */
export const diffRuleSets = (before: RuleSetDocument, after: RuleSetDocument): RuleSetDiff => {
  const document: string[] = [];
  if (before.name !== after.name) document.push(`name: ${q(before.name)} → ${q(after.name)}`);
  if ((before.description ?? '') !== (after.description ?? '')) {
    document.push(`description: ${qOpt(before.description)} → ${qOpt(after.description)}`);
  }

  const tables = matchById(before.decisions, after.decisions, (t) => t.id).map(
    ([b, a]): TableChange | null => {
      if (b === undefined && a !== undefined) {
        return { kind: 'added', id: a.id, name: a.name, details: describeNewTable(a) };
      }
      if (a === undefined && b !== undefined) {
        return { kind: 'removed', id: b.id, name: b.name, details: [`${b.rules.length} rule(s) removed`] };
      }
      if (a === undefined || b === undefined) return null;
      const details = diffTable(b, a);
      return details.length === 0 ? null : { kind: 'changed', id: a.id, name: a.name, details };
    },
  );

  const reactions = matchById(before.reactions, after.reactions, (r) => r.id).map(
    ([b, a]): ReactionChange | null => {
      if (b === undefined && a !== undefined) {
        return { kind: 'added', id: a.id, name: a.name, fields: [], details: describeNewReaction(a) };
      }
      if (a === undefined && b !== undefined) {
        return { kind: 'removed', id: b.id, name: b.name, fields: [], details: [] };
      }
      if (a === undefined || b === undefined) return null;
      const { fields, details } = diffReaction(b, a);
      return fields.length === 0 ? null : { kind: 'changed', id: a.id, name: a.name, fields, details };
    },
  );

  const tests = matchById(before.tests, after.tests, (t) => t.name).map(([b, a]): TestChange | null => {
    if (b === undefined && a !== undefined) return { kind: 'added', name: a.name, details: [] };
    if (a === undefined && b !== undefined) return { kind: 'removed', name: b.name, details: [] };
    if (a === undefined || b === undefined) return null;
    const details = diffTest(b, a);
    return details.length === 0 ? null : { kind: 'changed', name: a.name, details };
  });

  const present = <T>(xs: readonly (T | null)[]): T[] => xs.filter((x): x is T => x !== null);
  const t = present(tables);
  const r = present(reactions);
  const s = present(tests);
  return {
    document,
    tables: t,
    reactions: r,
    tests: s,
    summary: {
      tables: count(t),
      reactions: count(r),
      tests: count(s),
      identical: document.length === 0 && t.length === 0 && r.length === 0 && s.length === 0,
    },
  };
};

const count = (changes: readonly { readonly kind: ChangeKind }[]): ChangeCounts => ({
  added: changes.filter((c) => c.kind === 'added').length,
  removed: changes.filter((c) => c.kind === 'removed').length,
  changed: changes.filter((c) => c.kind === 'changed').length,
});

/** Pairs by key: the new document's order first, then what only the old one had. */
const matchById = <T>(
  before: readonly T[],
  after: readonly T[],
  key: (x: T) => string,
): [T | undefined, T | undefined][] => {
  const old = new Map(before.map((x) => [key(x), x]));
  const seen = new Set(after.map(key));
  const pairs: [T | undefined, T | undefined][] = after.map((a) => [old.get(key(a)), a]);
  for (const b of before) if (!seen.has(key(b))) pairs.push([b, undefined]);
  return pairs;
};

// ---------------------------------------------------------------------------------------------
// Decision tables

const describeNewTable = (t: DecisionTable): string[] => [
  `hit policy ${hitPolicy(t)}`,
  `inputs: ${t.inputs.map((i) => `${q(i.label)} (${i.expression})`).join(', ')}`,
  `outputs: ${t.outputs.map((o) => q(o.name)).join(', ')}`,
  ...t.rules.map((r) => `rule ${r.id}: ${ruleText(r)}`),
];

const hitPolicy = (t: DecisionTable): string =>
  t.aggregation === undefined ? t.hitPolicy : `${t.hitPolicy} ${t.aggregation}`;

const ruleText = (r: DecisionRule): string =>
  `${r.inputEntries.join(' | ')} → ${r.outputEntries.join(' | ')}`;

const diffTable = (b: DecisionTable, a: DecisionTable): string[] => {
  const out: string[] = [];
  if (b.name !== a.name) out.push(`name: ${q(b.name)} → ${q(a.name)}`);
  if (hitPolicy(b) !== hitPolicy(a)) out.push(`hit policy: ${hitPolicy(b)} → ${hitPolicy(a)}`);

  for (const [bi, ai] of matchById(b.inputs, a.inputs, (i) => i.id)) {
    if (bi === undefined && ai !== undefined) out.push(`input ${q(ai.label)} added (${ai.expression})`);
    else if (ai === undefined && bi !== undefined) out.push(`input ${q(bi.label)} removed`);
    else if (ai !== undefined && bi !== undefined) out.push(...diffInput(bi, ai));
  }
  const inputOrder = (t: DecisionTable): string => t.inputs.map((i) => i.id).join(',');
  if (inputOrder(b) !== inputOrder(a) && sameMembers(b.inputs, a.inputs, (i) => i.id)) {
    out.push(
      `inputs reordered: ${b.inputs.map((i) => q(i.label)).join(', ')} → ${a.inputs.map((i) => q(i.label)).join(', ')}`,
    );
  }

  for (const [bo, ao] of matchById(b.outputs, a.outputs, (o) => o.id)) {
    if (bo === undefined && ao !== undefined) out.push(`output ${q(ao.name)} added`);
    else if (ao === undefined && bo !== undefined) out.push(`output ${q(bo.name)} removed`);
    else if (ao !== undefined && bo !== undefined) out.push(...diffOutput(bo, ao));
  }

  for (const [br, ar] of matchById(b.rules, a.rules, (r) => r.id)) {
    if (br === undefined && ar !== undefined) out.push(`rule ${ar.id} added: ${ruleText(ar)}`);
    else if (ar === undefined && br !== undefined) out.push(`rule ${br.id} removed: ${ruleText(br)}`);
    else if (ar !== undefined && br !== undefined) out.push(...diffRule(b, a, br, ar));
  }

  // Under FIRST, PRIORITY ties and RULE ORDER the order of the rules decides the result.
  const common = new Set(b.rules.map((r) => r.id).filter((id) => a.rules.some((r) => r.id === id)));
  const bOrder = b.rules.map((r) => r.id).filter((id) => common.has(id));
  const aOrder = a.rules.map((r) => r.id).filter((id) => common.has(id));
  if (bOrder.join(',') !== aOrder.join(',')) {
    out.push(`rules reordered: ${bOrder.join(', ')} → ${aOrder.join(', ')}`);
  }
  return out;
};

const sameMembers = <T>(xs: readonly T[], ys: readonly T[], key: (x: T) => string): boolean =>
  xs.length === ys.length && xs.every((x) => ys.some((y) => key(y) === key(x)));

const diffInput = (b: DecisionInput, a: DecisionInput): string[] => {
  const out: string[] = [];
  const label = q(a.label);
  if (b.label !== a.label) out.push(`input ${q(b.label)} renamed ${label}`);
  if (b.expression !== a.expression) out.push(`input ${label} expression: ${b.expression} → ${a.expression}`);
  if ((b.typeRef ?? '') !== (a.typeRef ?? '')) {
    out.push(`input ${label} type: ${b.typeRef ?? '(inferred)'} → ${a.typeRef ?? '(inferred)'}`);
  }
  return out;
};

const diffOutput = (b: DecisionOutput, a: DecisionOutput): string[] => {
  const out: string[] = [];
  const name = q(a.name);
  if (b.name !== a.name) out.push(`output ${q(b.name)} renamed ${name}`);
  if ((b.label ?? '') !== (a.label ?? ''))
    out.push(`output ${name} label: ${qOpt(b.label)} → ${qOpt(a.label)}`);
  if ((b.typeRef ?? '') !== (a.typeRef ?? '')) {
    out.push(`output ${name} type: ${b.typeRef ?? '(inferred)'} → ${a.typeRef ?? '(inferred)'}`);
  }
  const values = (o: DecisionOutput): string => (o.allowedValues ?? []).join(', ');
  if (values(b) !== values(a)) out.push(`output ${name} allowed values: [${values(b)}] → [${values(a)}]`);
  if ((b.defaultValue ?? '') !== (a.defaultValue ?? '')) {
    out.push(`output ${name} default: ${b.defaultValue ?? '(none)'} → ${a.defaultValue ?? '(none)'}`);
  }
  return out;
};

/** Cells are compared by the input/output they belong to, so adding a column does not shift them. */
const diffRule = (bt: DecisionTable, at: DecisionTable, b: DecisionRule, a: DecisionRule): string[] => {
  const out: string[] = [];
  const cells = (
    bCols: readonly { readonly id: string }[],
    aCols: readonly { readonly id: string }[],
    bEntries: readonly string[],
    aEntries: readonly string[],
    what: 'input' | 'output',
    labelOf: (index: number) => string,
  ): void => {
    aCols.forEach((col, index) => {
      const bIndex = bCols.findIndex((c) => c.id === col.id);
      if (bIndex < 0) return; // a new column: its cells are part of "input added"
      const before = bEntries[bIndex] ?? '';
      const after = aEntries[index] ?? '';
      if (before !== after) out.push(`rule ${a.id} ${what} ${labelOf(index)}: ${q(before)} → ${q(after)}`);
    });
  };
  cells(bt.inputs, at.inputs, b.inputEntries, a.inputEntries, 'input', (i) =>
    q(at.inputs[i]?.label ?? `#${i + 1}`),
  );
  cells(bt.outputs, at.outputs, b.outputEntries, a.outputEntries, 'output', (i) =>
    q(at.outputs[i]?.name ?? `#${i + 1}`),
  );
  if ((b.description ?? '') !== (a.description ?? '')) {
    out.push(`rule ${a.id} description: ${qOpt(b.description)} → ${qOpt(a.description)}`);
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// Reactions

const describeNewReaction = (r: ReactionRule): string[] => [
  `on ${r.on.join(', ')}`,
  ...(r.when === undefined ? [] : [`when ${r.when}`]),
  ...r.then.map((action, i) => `action ${i + 1}: ${actionText(action)}`),
  ...(r.enabled === false ? ['disabled'] : []),
];

const actionText = (a: ActionTemplate): string =>
  `${a.type}(${actionFields(a)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')})`;

const actionFields = (a: ActionTemplate): [string, string][] =>
  Object.entries(a)
    .filter(([k, v]) => k !== 'type' && typeof v === 'string')
    .map(([k, v]) => [k, String(v)]);

const diffReaction = (b: ReactionRule, a: ReactionRule): { fields: string[]; details: string[] } => {
  const fields: string[] = [];
  const details: string[] = [];
  const field = (name: string, changed: boolean, line: string): void => {
    if (!changed) return;
    fields.push(name);
    details.push(line);
  };
  field('name', b.name !== a.name, `name: ${q(b.name)} → ${q(a.name)}`);
  field(
    'description',
    (b.description ?? '') !== (a.description ?? ''),
    `description: ${qOpt(b.description)} → ${qOpt(a.description)}`,
  );
  field('on', b.on.join(',') !== a.on.join(','), `on: [${b.on.join(', ')}] → [${a.on.join(', ')}]`);
  field('when', (b.when ?? '') !== (a.when ?? ''), `when: ${b.when ?? '(always)'} → ${a.when ?? '(always)'}`);
  const enabled = (r: ReactionRule): boolean => r.enabled !== false;
  field('enabled', enabled(b) !== enabled(a), enabled(a) ? 'enabled' : 'disabled');

  const actions: string[] = [];
  const length = Math.max(b.then.length, a.then.length);
  for (let i = 0; i < length; i++) {
    const ba = b.then[i];
    const aa = a.then[i];
    const n = i + 1;
    if (ba === undefined && aa !== undefined) actions.push(`action ${n} added: ${actionText(aa)}`);
    else if (aa === undefined && ba !== undefined) actions.push(`action ${n} removed: ${actionText(ba)}`);
    else if (ba !== undefined && aa !== undefined) {
      if (ba.type !== aa.type) {
        actions.push(`action ${n}: ${actionText(ba)} → ${actionText(aa)}`);
        continue;
      }
      const bf = new Map(actionFields(ba));
      const af = new Map(actionFields(aa));
      const keys = [...af.keys(), ...[...bf.keys()].filter((k) => !af.has(k))];
      for (const k of keys) {
        if (bf.get(k) !== af.get(k)) {
          actions.push(
            `action ${n} (${aa.type}) field ${k}: ${bf.get(k) ?? '(none)'} → ${af.get(k) ?? '(none)'}`,
          );
        }
      }
    }
  }
  if (actions.length > 0) {
    fields.push('then');
    details.push(...actions);
  }
  return { fields, details };
};

// ---------------------------------------------------------------------------------------------
// Tests

const diffTest = (b: RuleTest, a: RuleTest): string[] => [
  ...diffJson('given.facts', b.given.facts, a.given.facts),
  ...diffJson('given.event', b.given.event ?? null, a.given.event ?? null),
  ...diffJson('expect.decisions', b.expect.decisions ?? null, a.expect.decisions ?? null),
  ...diffJson('expect.actions', b.expect.actions ?? null, a.expect.actions ?? null),
];

/** One line per leaf that differs: `given.facts.case.balance: 1200 → 1500`. */
const diffJson = (path: string, b: JsonValue | undefined, a: JsonValue | undefined): string[] => {
  if (isObject(b) && isObject(a)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    return keys.flatMap((k) => diffJson(`${path}.${k}`, b[k], a[k]));
  }
  if (Array.isArray(b) && Array.isArray(a) && b.length === a.length) {
    return a.flatMap((x: JsonValue, i) => diffJson(`${path}[${i}]`, (b as readonly JsonValue[])[i], x));
  }
  const before = b === undefined ? '(none)' : canonical(b);
  const after = a === undefined ? '(none)' : canonical(a);
  return before === after ? [] : [`${path}: ${before} → ${after}`];
};

const isObject = (v: JsonValue | undefined): v is { readonly [k: string]: JsonValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with sorted keys, so that key order never shows as a change. */
const canonical = (v: JsonValue): string => {
  if (Array.isArray(v)) return `[${v.map((x: JsonValue) => canonical(x)).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k] ?? null)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
};

const q = (s: string): string => JSON.stringify(s);
const qOpt = (s: string | undefined): string => (s === undefined || s === '' ? '(none)' : q(s));

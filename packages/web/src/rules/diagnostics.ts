import {
  capFieldKey,
  challengerFieldKey,
  CONTACT_KEY,
  contactFieldKey,
  stepFieldKey,
  stepKey,
  strategyFieldKey,
  strategyKey,
} from '../dunning/strategy-model';
import type { CellKind } from './table-model';
import type { Diagnostic, RuleSetDocument } from './rules.types';

// The compiler says where each diagnostic is in words — `table "strategy", rule r3, input "Days
// past due"`, `reaction "blacklist-on-write-off", action 1 (setFlag), field value`, `test "…"` —
// and the editor puts the message next to that cell or field. A `where` this code cannot place
// still shows in the list at the top, on the document.

/** Where a field of the editor is: the key its diagnostics are filed under. */
export type FieldKey = string;

export const DOCUMENT_KEY: FieldKey = 'document';
export const tableKey = (table: string): FieldKey => `table:${table}`;
export const ruleKey = (table: string, rule: number): FieldKey => `table:${table}:rule:${rule}`;
export const cellKey = (table: string, rule: number, kind: CellKind, column: number): FieldKey =>
  `table:${table}:rule:${rule}:${kind}:${column}`;
export const columnKey = (table: string, kind: CellKind, column: number): FieldKey =>
  `table:${table}:${kind}:${column}`;
export const reactionKey = (reaction: number): FieldKey => `reaction:${reaction}`;
export const reactionPartKey = (reaction: number, part: 'when' | 'on' | 'name' | 'id'): FieldKey =>
  `reaction:${reaction}:${part}`;
export const actionKey = (reaction: number, action: number): FieldKey =>
  `reaction:${reaction}:action:${action}`;
export const actionFieldKey = (reaction: number, action: number, field: string): FieldKey =>
  `reaction:${reaction}:action:${action}:${field}`;
export const testKey = (test: number): FieldKey => `test:${test}`;

/** The DOM id of the element showing a field, for "go to" links from the list. */
export const fieldDomId = (key: FieldKey): string => `field-${key.replace(/[^\w-]/g, '_')}`;

/** The editor tab a field is on. */
export function tabOf(key: FieldKey): 'decisions' | 'reactions' | 'tests' | 'strategies' | null {
  if (key.startsWith('table:')) return 'decisions';
  if (key.startsWith('reaction:')) return 'reactions';
  if (key.startsWith('test:')) return 'tests';
  if (key.startsWith('strategy:') || key === CONTACT_KEY || key.startsWith(`${CONTACT_KEY}:`))
    return 'strategies';
  return null;
}

type Segment = { keyword: string; value: string | null; note?: string };

/** `table "a, b", rule r3` -> [{table, "a, b"}, {rule, r3}]: commas inside quotes do not split. */
export function parseWhere(where: string): Segment[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < where.length; i++) {
    const ch = where[i] as string;
    if (ch === '\\' && quoted) {
      current += ch + (where[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());

  return parts.map((part) => {
    const m = /^([A-Za-z][A-Za-z ]*?)(?:\s+(".*"|\S+))?(?:\s+\(([^)]*)\))?$/.exec(part);
    if (!m) return { keyword: part.toLowerCase(), value: null };
    const keyword = (m[1] as string).toLowerCase();
    const raw = m[2];
    const note = m[3] === undefined ? {} : { note: m[3] };
    if (raw === undefined) return { keyword, value: null, ...note };
    if (raw.startsWith('"')) {
      try {
        return { keyword, value: JSON.parse(raw) as string, ...note };
      } catch {
        return { keyword, value: raw.slice(1, -1), ...note };
      }
    }
    return { keyword, value: raw, ...note };
  });
}

/** An id, or a 1-based position written `3` or `#3`, to an index in `ids`. */
function resolveRef(ref: string, ids: readonly string[]): number | null {
  const byId = ids.indexOf(ref);
  if (byId >= 0) return byId;
  const m = /^#?(\d+)$/.exec(ref);
  if (m) {
    const index = Number(m[1]) - 1;
    return index >= 0 && index < ids.length ? index : null;
  }
  return null;
}

/** A column named by its label, name, id or position. */
function resolveColumn(ref: string, columns: readonly (readonly (string | undefined)[])[]): number | null {
  const byName = columns.findIndex((names) => names.includes(ref));
  if (byName >= 0) return byName;
  return resolveRef(
    ref,
    columns.map((names) => names[0] ?? ''),
  );
}

/** The field a diagnostic is about, in `document` (the one being edited). */
export function locate(where: string | undefined, document: RuleSetDocument): FieldKey {
  if (!where) return DOCUMENT_KEY;
  const segments = parseWhere(where);
  const first = segments[0];
  if (!first?.value) return DOCUMENT_KEY;
  const value = (keyword: string) => segments.find((s) => s.keyword === keyword)?.value ?? null;
  const has = (keyword: string) => segments.some((s) => s.keyword === keyword);

  if (first.keyword === 'table') {
    const tableIndex = resolveRef(
      first.value,
      document.decisions.map((t) => t.id),
    );
    if (tableIndex === null) return DOCUMENT_KEY;
    const table = document.decisions[tableIndex];
    if (!table) return DOCUMENT_KEY;
    // `rule r3 (row 2)`: the row is exact even when two rules share an id.
    const ruleSegment = segments.find((s) => s.keyword === 'rule');
    const row = /^row (\d+)$/.exec(ruleSegment?.note ?? '');
    const rule = row
      ? Number(row[1]) - 1
      : ruleSegment?.value
        ? resolveRef(
            ruleSegment.value,
            table.rules.map((r) => r.id),
          )
        : null;
    const inputRef = value('input');
    const outputRef = value('output');
    const input =
      inputRef === null
        ? null
        : resolveColumn(
            inputRef,
            table.inputs.map((i) => [i.id, i.label, i.expression]),
          );
    const output =
      outputRef === null
        ? null
        : resolveColumn(
            outputRef,
            table.outputs.map((o) => [o.id, o.name, o.label]),
          );
    const column: [CellKind, number] | null =
      input !== null ? ['input', input] : output !== null ? ['output', output] : null;
    if (rule !== null)
      return column ? cellKey(table.id, rule, column[0], column[1]) : ruleKey(table.id, rule);
    if (column) return columnKey(table.id, column[0], column[1]);
    return tableKey(table.id);
  }

  if (first.keyword === 'reaction') {
    const index = resolveRef(
      first.value,
      document.reactions.map((r) => r.id),
    );
    if (index === null) return DOCUMENT_KEY;
    const actionRef = value('action');
    const action = actionRef === null ? null : /^#?(\d+)$/.exec(actionRef);
    if (action) {
      const actionIndex = Number(action[1]) - 1;
      const field = value('field');
      return field ? actionFieldKey(index, actionIndex, field) : actionKey(index, actionIndex);
    }
    if (has('when')) return reactionPartKey(index, 'when');
    if (has('on')) return reactionPartKey(index, 'on');
    return reactionKey(index);
  }

  if (first.keyword === 'strategy') {
    const strategies = document.strategies ?? [];
    const index = resolveRef(
      first.value,
      strategies.map((s) => s.id),
    );
    const strategy = index === null ? undefined : strategies[index];
    if (index === null || !strategy) return DOCUMENT_KEY;
    const field = value('field');
    const stepRef = value('step');
    if (stepRef !== null) {
      const step = resolveRef(
        stepRef,
        strategy.steps.map((s) => s.id),
      );
      if (step === null) return strategyKey(index);
      return field ? stepFieldKey(index, step, field) : stepKey(index, step);
    }
    const challenger = /^#?(\d+)$/.exec(value('challenger') ?? '');
    if (challenger) return challengerFieldKey(index, Number(challenger[1]) - 1, field ?? 'strategy');
    return field ? strategyFieldKey(index, field) : strategyKey(index);
  }

  if (first.keyword === 'contact' && first.value === 'rules') {
    const field = value('field');
    const cap = /^#?(\d+)$/.exec(value('cap') ?? '');
    if (cap) return capFieldKey(Number(cap[1]) - 1, field ?? 'channel');
    return field ? contactFieldKey(field) : CONTACT_KEY;
  }

  if (first.keyword === 'test') {
    const index = resolveRef(
      first.value,
      document.tests.map((t) => t.name),
    );
    return index === null ? DOCUMENT_KEY : testKey(index);
  }
  return DOCUMENT_KEY;
}

export type LocatedDiagnostic = Diagnostic & { readonly key: FieldKey };

export type DiagnosticIndex = {
  readonly all: readonly LocatedDiagnostic[];
  /** The diagnostics filed exactly under a key. */
  at(key: FieldKey): readonly LocatedDiagnostic[];
  /** How many errors are filed under a key or anything inside it (a table, a reaction). */
  errorsWithin(prefix: FieldKey): number;
};

export function indexDiagnostics(
  diagnostics: readonly Diagnostic[],
  document: RuleSetDocument,
): DiagnosticIndex {
  const all = diagnostics.map((d) => ({ ...d, key: locate(d.where, document) }));
  const byKey = new Map<FieldKey, LocatedDiagnostic[]>();
  for (const d of all) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
  return {
    all,
    at: (key) => byKey.get(key) ?? [],
    errorsWithin: (prefix) =>
      all.filter((d) => d.severity === 'error' && (d.key === prefix || d.key.startsWith(`${prefix}:`)))
        .length,
  };
}

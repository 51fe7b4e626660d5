import type { DecisionTable, ReactionRule, RuleSetDocument } from './rules.types';
import { normaliseTable } from './table-model';
import { fromDrafts, toDraft, type TestDraft, type TestProblem } from './test-model';

// What the rule set editor holds while the user works: the document, with the tests as JSON
// texts. It becomes a document again when saved.

export type EditorState = {
  readonly name: string;
  readonly description: string;
  readonly decisions: readonly DecisionTable[];
  readonly reactions: readonly ReactionRule[];
  readonly tests: readonly TestDraft[];
};

export function editorState(document: RuleSetDocument): EditorState {
  return {
    name: document.name,
    description: document.description ?? '',
    decisions: document.decisions.map(normaliseTable),
    reactions: document.reactions,
    tests: document.tests.map(toDraft),
  };
}

export function toDocument(
  state: EditorState,
): { ok: true; document: RuleSetDocument } | { ok: false; problems: Map<number, TestProblem[]> } {
  const tests = fromDrafts(state.tests);
  if (!tests.ok) return tests;
  const document: RuleSetDocument = {
    format: 'quittance.rules/1',
    name: state.name,
    decisions: [...state.decisions],
    reactions: [...state.reactions],
    tests: tests.tests,
  };
  if (state.description.trim() !== '') document.description = state.description;
  return { ok: true, document };
}

/** Whether the editor differs from what was last saved. */
export function isDirty(state: EditorState, saved: EditorState): boolean {
  return JSON.stringify(state) !== JSON.stringify(saved);
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((existing, i) => (i === index ? item : existing));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export function moveAt<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

import {
  contactRulesDraft,
  draftProblems,
  fromContactRulesDraft,
  fromStrategyDraft,
  strategyDraft,
  type ContactRulesDraft,
  type Problems,
  type StrategyDraft,
} from '../dunning/strategy-model';
import type { DecisionTable, ReactionRule, RuleSetDocument } from './rules.types';
import { normaliseTable } from './table-model';
import { fromDrafts, toDraft, type TestDraft, type TestProblem } from './test-model';

// What the rule set editor holds while the user works: the document, with the tests as JSON
// texts and the dunning strategies and contact rules as form drafts. It becomes a document again
// when saved.

export type EditorState = {
  readonly name: string;
  readonly description: string;
  readonly decisions: readonly DecisionTable[];
  readonly reactions: readonly ReactionRule[];
  readonly tests: readonly TestDraft[];
  /** Null: the document has no strategies (none are written back). */
  readonly strategies: readonly StrategyDraft[] | null;
  /** Null: the document has none, the standard contact rules apply. */
  readonly contactRules: ContactRulesDraft | null;
};

export function editorState(document: RuleSetDocument): EditorState {
  return {
    name: document.name,
    description: document.description ?? '',
    decisions: document.decisions.map(normaliseTable),
    reactions: document.reactions,
    tests: document.tests.map(toDraft),
    strategies: document.strategies ? document.strategies.map(strategyDraft) : null,
    contactRules: document.contactRules ? contactRulesDraft(document.contactRules) : null,
  };
}

/** What the editor cannot save as it is: tests that do not read, strategy fields that do not. */
export type Unreadable = {
  readonly ok: false;
  readonly problems: Map<number, TestProblem[]>;
  readonly dunning: Problems;
};

export function toDocument(state: EditorState): { ok: true; document: RuleSetDocument } | Unreadable {
  const tests = fromDrafts(state.tests);
  const dunning = draftProblems(state.strategies, state.contactRules);
  if (!tests.ok || dunning.size > 0)
    return { ok: false, problems: tests.ok ? new Map() : tests.problems, dunning };
  const document: RuleSetDocument = {
    format: 'quittance.rules/1',
    name: state.name,
    decisions: [...state.decisions],
    reactions: [...state.reactions],
    tests: tests.tests,
  };
  if (state.description.trim() !== '') document.description = state.description;
  if (state.strategies) document.strategies = state.strategies.map(fromStrategyDraft);
  if (state.contactRules) document.contactRules = fromContactRulesDraft(state.contactRules);
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

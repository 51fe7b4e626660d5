import type { RuleTest } from './rules.types';

// Tests are edited as JSON texts (facts, event data, expected decisions and actions), which are
// invalid while the user types. The editor keeps the texts and turns them into a RuleTest only
// when the document is saved, naming the text that does not read.

export type TestDraft = {
  readonly name: string;
  readonly facts: string;
  /** Empty: the test checks the decision tables only. */
  readonly eventType: string;
  readonly eventData: string;
  readonly decisions: string;
  readonly actions: string;
};

export type TestTextField = 'facts' | 'eventData' | 'decisions' | 'actions';

export type TestProblem = { readonly field: TestTextField | 'name'; readonly message: string };

const json = (value: unknown): string => JSON.stringify(value, null, 2);

export function toDraft(test: RuleTest): TestDraft {
  return {
    name: test.name,
    facts: json(test.given.facts),
    eventType: test.given.event?.type ?? '',
    eventData: test.given.event?.data === undefined ? '' : json(test.given.event.data),
    decisions: test.expect.decisions === undefined ? '' : json(test.expect.decisions),
    actions: test.expect.actions === undefined ? '' : json(test.expect.actions),
  };
}

export function newTestDraft(name: string): TestDraft {
  return { name, facts: '{}', eventType: '', eventData: '', decisions: '{}', actions: '' };
}

type Read<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson<T>(text: string, check: (value: unknown) => value is T, expected: string): Read<T> {
  if (text.trim() === '') return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return check(value) ? { ok: true, value } : { ok: false, message: expected };
}

const isListOfObjects = (value: unknown): value is Record<string, unknown>[] =>
  Array.isArray(value) && value.every(isObject);

/** The test the draft describes, or what does not read in it (the message names no language). */
export function fromDraft(
  draft: TestDraft,
): { ok: true; test: RuleTest } | { ok: false; problems: TestProblem[] } {
  const problems: TestProblem[] = [];
  if (draft.name.trim() === '') problems.push({ field: 'name', message: 'empty' });
  const facts = readJson(draft.facts, isObject, 'object');
  const eventData = readJson(draft.eventData, isObject, 'object');
  const decisions = readJson(draft.decisions, isObject, 'object');
  const actions = readJson(draft.actions, isListOfObjects, 'list');
  const reads = { facts, eventData, decisions, actions } as const;
  for (const [field, read] of Object.entries(reads) as [TestTextField, Read<unknown>][]) {
    if (!read.ok) problems.push({ field, message: read.message });
  }
  if (problems.length > 0 || !facts.ok || !eventData.ok || !decisions.ok || !actions.ok) {
    return { ok: false, problems };
  }
  const eventType = draft.eventType.trim();
  const given: RuleTest['given'] = { facts: facts.value ?? {} };
  if (eventType !== '') {
    given.event =
      eventData.value === undefined ? { type: eventType } : { type: eventType, data: eventData.value };
  }
  const expect: RuleTest['expect'] = {};
  if (decisions.value !== undefined) expect.decisions = decisions.value;
  if (actions.value !== undefined) expect.actions = actions.value;
  return { ok: true, test: { name: draft.name, given, expect } };
}

/** Every draft as a test, or the problems of each draft by index. */
export function fromDrafts(
  drafts: readonly TestDraft[],
): { ok: true; tests: RuleTest[] } | { ok: false; problems: Map<number, TestProblem[]> } {
  const tests: RuleTest[] = [];
  const problems = new Map<number, TestProblem[]>();
  drafts.forEach((draft, i) => {
    const read = fromDraft(draft);
    if (read.ok) tests.push(read.test);
    else problems.set(i, read.problems);
  });
  return problems.size > 0 ? { ok: false, problems } : { ok: true, tests };
}

import Decimal from 'decimal.js';
import { feelEquals, feelFromJson, formatFeel } from './feel';
import type { FeelContext, FeelValue } from './feel/types';
import { decideTables, evaluateRuleSet, type DecisionResult, type Firing, type RuleError } from './evaluate';
import type { JsonValue, ResolvedAction, RuleSetDocument, RuleTest } from './model';
import type { CompiledRuleSet } from './rule-set';

// The tests embedded in a rule set (B1: rules are testable; ARCHITECTURE §5: a rule set cannot be
// published with a failing test). Each failure is one sentence a credit manager can act on:
// `decision "strategy": expected "consumer-gentle", got "business-standard" (rules matched: r4)`.

export type TestResult = {
  readonly name: string;
  readonly ok: boolean;
  readonly failures: readonly string[];
};

export type TestReport = {
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly TestResult[];
};

/** Runs every test of `doc` against the compiled rule set; a document without tests reports zero. */
export const runRuleSetTests = (rs: CompiledRuleSet, doc: RuleSetDocument = rs.document): TestReport => {
  const results = (doc.tests ?? []).map((test) => runTest(rs, doc, test));
  const passed = results.filter((r) => r.ok).length;
  return { passed, failed: results.length - passed, results };
};

/** A rule set may be published only when none of its tests fails. */
export const canPublish = (report: TestReport): boolean => report.failed === 0;

const runTest = (rs: CompiledRuleSet, doc: RuleSetDocument, test: RuleTest): TestResult => {
  const failures: string[] = [];
  const givenFacts: { readonly [k: string]: JsonValue } = test.given?.facts ?? {};
  const eventJson = test.given?.event ?? asEvent(givenFacts['event']);
  const json: { [k: string]: JsonValue } = { ...givenFacts };
  delete json['decisions'];
  if (eventJson !== undefined) json['event'] = { ...eventJson, data: eventJson.data ?? {} };
  const converted = feelFromJson(json, rs.facts);
  const facts: FeelContext = isContext(converted) ? converted : {};

  let decisions: readonly DecisionResult[];
  let firings: readonly Firing[] = [];
  let errors: readonly RuleError[] = [];
  if (eventJson === undefined) {
    decisions = decideTables(rs, facts);
    if (test.expect?.actions !== undefined) failures.push('expects actions but gives no event to react to');
  } else {
    const evaluation = evaluateRuleSet(rs, facts, { type: eventJson.type }, { name: doc.name, version: 0 });
    ({ decisions, firings, errors } = evaluation);
  }

  for (const d of decisions) {
    if (d.error !== null) failures.push(`table ${q(d.table)}: ${d.error}`);
  }
  for (const [tableId, expectedJson] of Object.entries(test.expect?.decisions ?? {})) {
    const table = rs.tables.find((t) => t.id === tableId);
    const actual = decisions.find((d) => d.table === tableId);
    if (table === undefined || actual === undefined) {
      failures.push(`decision ${q(tableId)}: there is no such table`);
      continue;
    }
    const expected = feelFromJson(expectedJson, table.outputType);
    if (!sameValue(expected, actual.output)) {
      const matched =
        actual.matchedRules.length === 0
          ? 'no rule matched'
          : `rules matched: ${actual.matchedRules.join(', ')}`;
      failures.push(
        `decision ${q(tableId)}: expected ${formatFeel(expected)}, got ${formatFeel(actual.output)} (${matched})`,
      );
    }
  }

  for (const e of errors) failures.push(`rule ${q(e.rule)} could not fire: ${e.message}`);
  if (test.expect?.actions !== undefined && eventJson !== undefined) {
    failures.push(...compareActions(test.expect.actions, firings));
  }
  return { name: test.name, ok: failures.length === 0, failures };
};

const asEvent = (
  v: JsonValue | undefined,
): { readonly type: string; readonly data?: { readonly [k: string]: JsonValue } } | undefined => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const { type, data } = v as { readonly [k: string]: JsonValue };
  if (typeof type !== 'string') return undefined;
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? { type, data: data as { readonly [k: string]: JsonValue } }
    : { type };
};

const isContext = (v: FeelValue): v is FeelContext =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

const sameValue = (a: FeelValue, b: FeelValue): boolean => {
  if (a === null || b === null) return a === b;
  return feelEquals(a, b) === true;
};

// ---------------------------------------------------------------------------------------------
// Actions: exactly the expected list, in order. A field left out of the expectation means null
// (`reason`, `assignee`); fee amounts compare as numbers (`"40"` equals `"40.00"`).

const compareActions = (expected: readonly ResolvedAction[], firings: readonly Firing[]): string[] => {
  const actual = firings.flatMap((f) => f.actions.map((action) => ({ action, rule: f.rule.id })));
  const failures: string[] = [];
  const fired =
    firings.length === 0 ? 'no rule fired' : `rules fired: ${firings.map((f) => f.rule.id).join(', ')}`;
  if (expected.length !== actual.length) {
    failures.push(`expected ${count(expected.length)}, got ${count(actual.length)} (${fired})`);
  }
  const length = Math.max(expected.length, actual.length);
  for (let i = 0; i < length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e !== undefined && a === undefined) failures.push(`missing action ${i + 1}: ${actionText(e)}`);
    else if (e === undefined && a !== undefined) {
      failures.push(`unexpected action ${i + 1}: ${actionText(a.action)} (from rule ${q(a.rule)})`);
    } else if (e !== undefined && a !== undefined && normalize(e) !== normalize(a.action)) {
      failures.push(
        `action ${i + 1}: expected ${actionText(e)}, got ${actionText(a.action)} (from rule ${q(a.rule)})`,
      );
    }
  }
  return failures;
};

const count = (n: number): string => `${n} action${n === 1 ? '' : 's'}`;

const fields = (a: ResolvedAction): [string, JsonValue][] =>
  Object.entries(a as unknown as { readonly [k: string]: JsonValue }).filter(
    ([k, v]) => k !== 'type' && v !== null && v !== undefined,
  );

/** A comparable text of an action: sorted fields, nulls dropped, fee amounts as plain decimals. */
const normalize = (a: ResolvedAction): string => {
  const entries = fields(a)
    .map(([k, v]): [string, JsonValue] => {
      if (a.type === 'addFee' && k === 'amount' && (typeof v === 'string' || typeof v === 'number')) {
        try {
          return [k, new Decimal(v).toFixed()];
        } catch {
          return [k, v];
        }
      }
      return [k, v];
    })
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return JSON.stringify([a.type, entries]);
};

const actionText = (a: ResolvedAction): string =>
  `${String(a.type)}(${fields(a)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ')})`;

const q = (s: string): string => JSON.stringify(s);

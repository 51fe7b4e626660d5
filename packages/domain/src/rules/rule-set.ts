import { compileStrategies, type CompiledStrategy } from '../dunning/strategy.compile';
import { validateContactRules } from '../dunning/strategy.compile';
import { STANDARD_CONTACT_RULES } from '../dunning/standard-strategies';
import type { ContactRules } from '../dunning/strategy';
import { CASE_EVENT_TYPES } from '../cases/case.events';
import { CASE_FACTS_SCHEMA } from './facts';
import { compileDecisionTable, type CompiledDecisionTable } from './decision-table';
import { compileExpression, compileUnaryTests } from './feel';
import type {
  CompileResult,
  CompiledExpression,
  ContextType,
  Diagnostic,
  FeelType,
  SourcePosition,
} from './feel/types';
import {
  RULE_SET_FORMAT,
  type ActionTemplate,
  type ActionType,
  type DecisionTable,
  type JsonValue,
  type ReactionRule,
  type RuleSetDocument,
  type RuleTest,
} from './model';

// Compiling a rule set checks everything a tenant can get wrong before the rules meet a case:
// the document's structure, every FEEL expression against the facts schema, the types of the
// action parameters and the shape of the embedded tests. Each diagnostic says where it is
// (`reaction "blacklist-on-write-off", action 1 (setFlag), field value`) so the back office can
// point at the cell. Nothing here throws on a bad document.

export type ParameterKind = 'string' | 'number' | 'date' | 'boolean';

export type ParameterSpec = {
  readonly name: string;
  readonly kind: ParameterKind;
  readonly required: boolean;
  /** Values a literal (and the evaluated value) must be one of. */
  readonly oneOf?: readonly string[];
};

export const PHASE_VALUES = ['prevention', 'amicable', 'default', 'legal', 'outsourced', 'closed'] as const;
export const CHANNEL_VALUES = ['email', 'sms', 'letter', 'phone'] as const;
export const PRIORITY_VALUES = ['low', 'normal', 'high', 'urgent'] as const;
export const FLAG_VALUES = ['blacklist', 'manualMode'] as const;

const p = (name: string, kind: ParameterKind, required: boolean, oneOf?: readonly string[]): ParameterSpec =>
  oneOf === undefined ? { name, kind, required } : { name, kind, required, oneOf };

/** The FEEL parameters of each action type (`setFlag.flag` is a plain value, not an expression). */
export const ACTION_PARAMETERS: { readonly [K in ActionType]: readonly ParameterSpec[] } = {
  assignManager: [p('manager', 'string', true)],
  assignTeam: [p('team', 'string', true)],
  assignPortfolio: [p('portfolio', 'string', true)],
  changePhase: [p('phase', 'string', true, PHASE_VALUES), p('reason', 'string', false)],
  startStrategy: [p('strategy', 'string', true)],
  switchStrategy: [p('strategy', 'string', true)],
  stopStrategy: [p('reason', 'string', false)],
  createTask: [
    p('title', 'string', true),
    p('taskType', 'string', false),
    p('assignee', 'string', false),
    p('dueInDays', 'number', false),
    p('due', 'date', false),
    p('priority', 'string', false, PRIORITY_VALUES),
  ],
  addFee: [p('amount', 'number', true), p('label', 'string', true)],
  setTimer: [p('name', 'string', true), p('at', 'date', false), p('afterDays', 'number', false)],
  sendMessage: [p('template', 'string', true), p('channel', 'string', true, CHANNEL_VALUES)],
  setFlag: [p('value', 'boolean', true), p('reason', 'string', false)],
  outsource: [p('partner', 'string', true), p('reason', 'string', false)],
};

const isActionType = (t: unknown): t is ActionType =>
  typeof t === 'string' && Object.prototype.hasOwnProperty.call(ACTION_PARAMETERS, t);

export type CompiledTable = {
  readonly id: string;
  readonly name: string;
  readonly compiled: CompiledDecisionTable;
  readonly outputType: FeelType;
  /** Fact paths read by the inputs, cells and outputs, `decisions.<id>` paths included. */
  readonly reads: readonly string[];
};

export type CompiledAction = {
  /** 1-based, as shown to users. */
  readonly index: number;
  readonly template: ActionTemplate;
  /** The compiled FEEL parameters present in the template, by name. */
  readonly params: Readonly<Partial<Record<string, CompiledExpression>>>;
};

export type CompiledReaction = {
  readonly rule: ReactionRule;
  readonly enabled: boolean;
  /** Null when the rule has no condition (always). */
  readonly when: CompiledExpression | null;
  readonly actions: readonly CompiledAction[];
};

export type CompiledRuleSet = {
  readonly document: RuleSetDocument;
  /** The facts schema the rule set was compiled against. */
  readonly facts: ContextType;
  /** The facts schema with `decisions` narrowed to every table's output type. */
  readonly scope: ContextType;
  /** In document order, which is evaluation order. */
  readonly tables: readonly CompiledTable[];
  readonly reactions: readonly CompiledReaction[];
  /** The dunning strategies by id, compiled against the same facts. */
  readonly strategies: ReadonlyMap<string, CompiledStrategy>;
  readonly contactRules: ContactRules;
};

const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);

const ORIGIN: SourcePosition = { line: 1, column: 1 };

const structural = (code: string, message: string, where: string): Diagnostic => ({
  severity: 'error',
  code,
  message,
  start: ORIGIN,
  end: ORIGIN,
  where,
});

/** Spans the whole text of an expression, for problems that concern all of it. */
const wholeSpan = (source: string): { start: SourcePosition; end: SourcePosition } => {
  const lines = source.split('\n');
  const last = lines[lines.length - 1] ?? '';
  return { start: ORIGIN, end: { line: lines.length, column: last.length + 1 } };
};

/** The facts schema with `decisions` replaced by a context of the given table outputs. */
export const scopeWithDecisions = (
  scope: ContextType,
  outputs: Readonly<Record<string, FeelType>>,
): ContextType => ({
  kind: 'context',
  fields: { ...scope.fields, decisions: { kind: 'context', fields: { ...outputs } } },
});

const q = (s: unknown): string => JSON.stringify(typeof s === 'string' ? s : String(s));

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

const FEEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks and compiles a rule set against the facts schema. `ok` only when there is no error;
 * the diagnostics always list every problem found, not just the first.
 */
export const compileRuleSet = (
  doc: RuleSetDocument,
  scope: ContextType = CASE_FACTS_SCHEMA,
): CompileResult<CompiledRuleSet> => {
  const diagnostics: Diagnostic[] = [];

  if ((doc as { format?: unknown }).format !== RULE_SET_FORMAT) {
    diagnostics.push(
      structural(
        'rules.format',
        `unknown format ${q((doc as { format?: unknown }).format)}, expected ${q(RULE_SET_FORMAT)}`,
        'rule set',
      ),
    );
  }
  const decisions: readonly DecisionTable[] = Array.isArray(doc.decisions) ? doc.decisions : [];
  const reactions: readonly ReactionRule[] = Array.isArray(doc.reactions) ? doc.reactions : [];
  const tests: readonly RuleTest[] = Array.isArray(doc.tests) ? doc.tests : [];
  for (const [key, value] of [
    ['decisions', doc.decisions],
    ['reactions', doc.reactions],
    ['tests', doc.tests],
  ] as const) {
    if (!Array.isArray(value)) {
      diagnostics.push(structural('rules.structure', `"${key}" must be a list`, 'rule set'));
    }
  }

  // Decision tables, in order: each one sees the outputs of those before it.
  const tables: CompiledTable[] = [];
  const outputs: Record<string, FeelType> = {};
  const tableIds = new Set<string>();
  for (const [i, table] of decisions.entries()) {
    if (!isObject(table)) {
      diagnostics.push(structural('rules.structure', `table ${i + 1} is not an object`, 'rule set'));
      continue;
    }
    const where = `table ${q(table.id ?? `#${i + 1}`)}`;
    if (typeof table.id !== 'string' || table.id === '') {
      diagnostics.push(structural('rules.missing-id', `table ${i + 1} has no id`, where));
      continue;
    }
    if (tableIds.has(table.id)) {
      diagnostics.push(structural('rules.duplicate-id', `another table has the id ${q(table.id)}`, where));
      continue;
    }
    tableIds.add(table.id);
    if (!FEEL_NAME.test(table.id)) {
      diagnostics.push({
        ...structural(
          'rules.table-id',
          `${q(table.id)} is not a FEEL name: later tables and reactions cannot read decisions.${table.id}`,
          where,
        ),
        severity: 'warning',
      });
    }
    const tableScope = scopeWithDecisions(scope, outputs);
    const result = compileDecisionTable(table, tableScope);
    // The table compiler names the table (and the rule and cell) in `where` itself.
    diagnostics.push(...result.diagnostics.map((d) => (d.where === undefined ? { ...d, where } : d)));
    if (!result.ok) {
      outputs[table.id] = { kind: 'any' };
      continue;
    }
    outputs[table.id] = result.value.outputType;
    tables.push({
      id: table.id,
      name: table.name,
      compiled: result.value,
      outputType: result.value.outputType,
      reads: tableReads(table, tableScope),
    });
  }

  const fullScope = scopeWithDecisions(scope, outputs);
  const compiledReactions: CompiledReaction[] = [];
  const reactionIds = new Set<string>();
  for (const [i, rule] of reactions.entries()) {
    if (!isObject(rule)) {
      diagnostics.push(structural('rules.structure', `reaction ${i + 1} is not an object`, 'rule set'));
      continue;
    }
    const where = `reaction ${q(rule.id ?? `#${i + 1}`)}`;
    if (typeof rule.id !== 'string' || rule.id === '') {
      diagnostics.push(structural('rules.missing-id', `reaction ${i + 1} has no id`, where));
      continue;
    }
    if (reactionIds.has(rule.id)) {
      diagnostics.push(structural('rules.duplicate-id', `another reaction has the id ${q(rule.id)}`, where));
      continue;
    }
    reactionIds.add(rule.id);
    const compiled = compileReaction(rule, fullScope, where, diagnostics);
    if (compiled !== null) compiledReactions.push(compiled);
  }

  const testNames = new Set<string>();
  for (const [i, test] of tests.entries()) {
    if (!isObject(test)) {
      diagnostics.push(structural('rules.structure', `test ${i + 1} is not an object`, 'rule set'));
      continue;
    }
    const where = `test ${q(test.name ?? `#${i + 1}`)}`;
    if (typeof test.name !== 'string' || test.name === '') {
      diagnostics.push(structural('rules.missing-name', `test ${i + 1} has no name`, where));
    } else if (testNames.has(test.name)) {
      diagnostics.push(structural('rules.duplicate-name', `another test is named ${q(test.name)}`, where));
    } else {
      testNames.add(test.name);
    }
    diagnostics.push(...checkTest(test, scope, tableIds, where));
  }

  // Dunning strategies and contact rules (C1, L6).
  let strategies: ReadonlyMap<string, CompiledStrategy> = new Map();
  if (doc.strategies !== undefined) {
    if (!Array.isArray(doc.strategies)) {
      diagnostics.push(structural('rules.structure', '"strategies" must be a list', 'rule set'));
    } else {
      const compiled = compileStrategies(doc.strategies, fullScope);
      diagnostics.push(...compiled.diagnostics);
      if (compiled.ok) strategies = compiled.value;
    }
  }
  const contactRules = doc.contactRules ?? STANDARD_CONTACT_RULES;
  diagnostics.push(...validateContactRules(contactRules));
  for (const reaction of compiledReactions) {
    reaction.rule.then.forEach((action, index) => {
      if (action.type !== 'startStrategy' && action.type !== 'switchStrategy') return;
      const literal = /^"([^"\\]*)"$/.exec(action.strategy.trim());
      if (literal && !strategies.has(literal[1]!)) {
        diagnostics.push(
          structural(
            'rules.unknown-strategy',
            `no strategy ${q(literal[1])} in this rule set`,
            `reaction ${q(reaction.rule.id)}, action ${index + 1} (${action.type}), field strategy`,
          ),
        );
      }
    });
  }

  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  return {
    ok: true,
    diagnostics,
    value: {
      document: doc,
      facts: scope,
      scope: fullScope,
      tables,
      reactions: compiledReactions,
      strategies,
      contactRules,
    },
  };
};

/**
 * Every fact path a table reads. The table compiler does not expose them, so the input, cell and
 * output texts are compiled again on their own; they have just compiled inside the table.
 */
const tableReads = (table: DecisionTable, scope: ContextType): string[] => {
  const reads = new Set<string>();
  const add = (r: CompileResult<{ readonly reads: readonly string[] }>): void => {
    if (r.ok) for (const path of r.value.reads) reads.add(path);
  };
  const inputTypes: FeelType[] = table.inputs.map((input) => {
    const r = compileExpression(input.expression, scope);
    add(r);
    return r.ok ? r.value.type : { kind: 'any' };
  });
  for (const rule of table.rules) {
    rule.inputEntries.forEach((cell, i) =>
      add(compileUnaryTests(cell, inputTypes[i] ?? { kind: 'any' }, scope)),
    );
    for (const cell of rule.outputEntries) add(compileExpression(cell, scope));
  }
  for (const output of table.outputs) {
    if (output.defaultValue !== undefined) add(compileExpression(output.defaultValue, scope));
  }
  return [...reads];
};

const compileReaction = (
  rule: ReactionRule,
  scope: ContextType,
  where: string,
  diagnostics: Diagnostic[],
): CompiledReaction | null => {
  let ok = true;
  const fail = (d: Diagnostic): void => {
    diagnostics.push(d);
    if (d.severity === 'error') ok = false;
  };

  if (typeof rule.name !== 'string' || rule.name.trim() === '') {
    fail(structural('rules.missing-field', 'the reaction has no name', where));
  }
  if (!Array.isArray(rule.on) || rule.on.length === 0) {
    fail(structural('rules.empty-on', 'the reaction reacts to no event type: "on" is empty', where));
  } else {
    for (const type of rule.on) {
      if (typeof type !== 'string' || type.trim() === '') {
        fail(structural('rules.empty-on', `event type ${q(type)} is not a name`, where));
      } else if (!KNOWN_EVENT_TYPES.has(type)) {
        const near = CASE_EVENT_TYPES.filter((known) => known.toLowerCase() === type.toLowerCase());
        fail(
          structural(
            'rules.unknown-event',
            `no case event is called ${q(type)}: the rule could never fire${near.length ? `; did you mean ${q(near[0])}?` : ''}`,
            `${where}, on`,
          ),
        );
      }
    }
  }

  let when: CompiledExpression | null = null;
  if (rule.when !== undefined) {
    const w = `${where}, when`;
    const r = compileExpression(String(rule.when), scope, { where: w });
    for (const d of r.diagnostics) fail(d);
    if (r.ok) {
      when = r.value;
      if (!accepts('boolean', r.value.type)) {
        fail({
          severity: 'error',
          code: 'rules.type-mismatch',
          message: `the condition must be a boolean, not ${typeName(r.value.type)}`,
          ...wholeSpan(r.value.source),
          where: w,
        });
      }
    } else {
      ok = false;
    }
  }

  const actions: CompiledAction[] = [];
  const then: readonly ActionTemplate[] = Array.isArray(rule.then) ? rule.then : [];
  if (!Array.isArray(rule.then))
    fail(structural('rules.structure', '"then" must be a list of actions', where));
  else if (then.length === 0) {
    diagnostics.push({
      ...structural('rules.no-action', 'the reaction has no action', where),
      severity: 'warning',
    });
  }
  for (const [i, template] of then.entries()) {
    if (!isObject(template)) {
      fail(structural('rules.structure', 'the action is not an object', `${where}, action ${i + 1}`));
      continue;
    }
    const compiled = compileAction(template, i + 1, scope, where, fail);
    if (compiled !== null) actions.push(compiled);
  }

  if (!ok) return null;
  return { rule, enabled: rule.enabled !== false, when, actions };
};

const compileAction = (
  template: ActionTemplate,
  index: number,
  scope: ContextType,
  reactionWhere: string,
  fail: (d: Diagnostic) => void,
): CompiledAction | null => {
  const type: unknown = (template as { type?: unknown }).type;
  if (!isActionType(type)) {
    fail(
      structural(
        'rules.unknown-action',
        `unknown action type ${q(type)}; known: ${Object.keys(ACTION_PARAMETERS).join(', ')}`,
        `${reactionWhere}, action ${index}`,
      ),
    );
    return null;
  }
  const where = `${reactionWhere}, action ${index} (${type})`;
  const fields = template as unknown as Readonly<Record<string, unknown>>;
  let ok = true;
  const error = (d: Diagnostic): void => {
    fail(d);
    if (d.severity === 'error') ok = false;
  };

  if (template.type === 'setFlag') {
    if (!(FLAG_VALUES as readonly unknown[]).includes(template.flag)) {
      error(
        structural(
          'rules.unknown-flag',
          `unknown flag ${q(template.flag)}; one of ${FLAG_VALUES.join(', ')}`,
          `${where}, field flag`,
        ),
      );
    }
  }
  const exclusive = (a: string, b: string, oneRequired: boolean): void => {
    if (fields[a] !== undefined && fields[b] !== undefined) {
      error(structural('rules.conflicting-fields', `give either ${a} or ${b}, not both`, where));
    } else if (oneRequired && fields[a] === undefined && fields[b] === undefined) {
      error(structural('rules.missing-field', `give ${a} (a date) or ${b} (a number of days)`, where));
    }
  };
  if (template.type === 'createTask') exclusive('due', 'dueInDays', false);
  if (template.type === 'setTimer') exclusive('at', 'afterDays', true);

  const params: Partial<Record<string, CompiledExpression>> = {};
  for (const spec of ACTION_PARAMETERS[type]) {
    const raw = fields[spec.name];
    const w = `${where}, field ${spec.name}`;
    if (raw === undefined || (typeof raw === 'string' && raw.trim() === '' && !spec.required)) {
      if (spec.required) error(structural('rules.missing-field', `${spec.name} is required`, where));
      continue;
    }
    if (typeof raw !== 'string') {
      error(structural('rules.structure', `${spec.name} must be a FEEL expression (text)`, w));
      continue;
    }
    const r = compileExpression(raw, scope, { where: w });
    for (const d of r.diagnostics) error(d);
    if (!r.ok) continue;
    params[spec.name] = r.value;
    const t = r.value.type;
    if (t.kind === 'null') {
      if (spec.required) {
        error({
          severity: 'error',
          code: 'rules.type-mismatch',
          message: `${spec.name} is always null`,
          ...wholeSpan(raw),
          where: w,
        });
      }
      continue;
    }
    if (!accepts(spec.kind, t)) {
      error({
        severity: 'error',
        code: 'rules.type-mismatch',
        message: `${spec.name} must be ${article(spec.kind)}, not ${typeName(t)}`,
        ...wholeSpan(raw),
        where: w,
      });
      continue;
    }
    if (spec.oneOf !== undefined) {
      const constant = constantString(r.value);
      if (constant !== null && !spec.oneOf.includes(constant)) {
        error({
          severity: 'error',
          code: 'rules.unknown-value',
          message: `${spec.name} ${q(constant)} is not one of ${spec.oneOf.join(', ')}`,
          ...wholeSpan(raw),
          where: w,
        });
      }
    }
  }
  return ok ? { index, template, params } : null;
};

/** The value of an expression that reads no fact, when it is a string (`"high"`). */
const constantString = (e: CompiledExpression): string | null => {
  if (e.reads.length > 0) return null;
  const v = e.evaluate({});
  return typeof v === 'string' ? v : null;
};

const accepts = (kind: ParameterKind, t: FeelType): boolean => t.kind === kind || t.kind === 'any';

const typeName = (t: FeelType): string => {
  switch (t.kind) {
    case 'list':
      return `a list of ${typeName(t.of)}`;
    case 'range':
      return `a range of ${typeName(t.of)}`;
    case 'context':
      return 'a context';
    case 'null':
      return 'null';
    case 'any':
      return 'any value';
    case 'days-duration':
      return 'a days and time duration';
    case 'years-duration':
      return 'a years and months duration';
    default:
      return article(t.kind);
  }
};

const article = (kind: string): string => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);

// ---------------------------------------------------------------------------------------------
// Tests: the facts must fit the schema, so that a typo in a fact name cannot make a test pass
// for the wrong reason.

const checkTest = (
  test: RuleTest,
  scope: ContextType,
  tableIds: ReadonlySet<string>,
  where: string,
): Diagnostic[] => {
  const out: Diagnostic[] = [];
  const problem = (code: string, message: string): void => {
    out.push(structural(code, message, where));
  };
  const given = (test as { given?: RuleTest['given'] }).given;
  const expect = (test as { expect?: RuleTest['expect'] }).expect;
  if (
    typeof given !== 'object' ||
    given === null ||
    typeof given.facts !== 'object' ||
    given.facts === null
  ) {
    problem('rules.test-facts', 'the test gives no facts (given.facts)');
  } else {
    if ('decisions' in given.facts) {
      problem('rules.test-facts', 'given.facts.decisions: decisions are computed by the tables, not given');
    }
    const rest = Object.fromEntries(Object.entries(given.facts).filter(([k]) => k !== 'decisions'));
    for (const m of checkJson(rest, scope, 'given.facts')) problem('rules.test-facts', m);
    if (given.event !== undefined) {
      if (typeof given.event.type !== 'string' || given.event.type === '') {
        problem('rules.test-event', 'given.event has no type');
      }
      if ('event' in given.facts) {
        problem('rules.test-event', 'give the event either as given.event or as given.facts.event, not both');
      }
    }
  }
  if (typeof expect !== 'object' || expect === null) {
    problem('rules.test-expect', 'the test expects nothing (expect.decisions or expect.actions)');
    return out;
  }
  if (expect.decisions === undefined && expect.actions === undefined) {
    problem('rules.test-expect', 'the test expects nothing (expect.decisions or expect.actions)');
  }
  for (const id of Object.keys(expect.decisions ?? {})) {
    if (!tableIds.has(id)) problem('rules.test-expect', `expect.decisions: there is no table ${q(id)}`);
  }
  if (expect.actions !== undefined) {
    if (
      given?.event === undefined &&
      !(typeof given?.facts?.event === 'object' && given.facts.event !== null)
    ) {
      problem('rules.test-expect', 'expect.actions needs an event (given.event) to react to');
    }
    expect.actions.forEach((a, i) => {
      if (!isActionType((a as { type?: unknown }).type)) {
        problem(
          'rules.test-expect',
          `expect.actions[${i}]: unknown action type ${q((a as { type?: unknown }).type)}`,
        );
      }
    });
  }
  return out;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Problems of a JSON value against a FEEL type, one line each with the path. */
export const checkJson = (value: JsonValue | undefined, type: FeelType, path: string): string[] => {
  if (value === null || value === undefined || type.kind === 'any') return [];
  const bad = (what: string): string[] => [`${path}: expected ${what}, got ${JSON.stringify(value)}`];
  switch (type.kind) {
    case 'context': {
      if (typeof value !== 'object' || Array.isArray(value)) return bad('an object');
      const obj = value as { readonly [k: string]: JsonValue };
      return Object.keys(obj).flatMap((k) => {
        const t = type.fields[k];
        if (t === undefined) {
          const known = Object.keys(type.fields).join(', ');
          return [`${path}.${k}: unknown fact (known here: ${known})`];
        }
        return checkJson(obj[k], t, `${path}.${k}`);
      });
    }
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && DECIMAL.test(value))
        ? []
        : bad('a number');
    case 'string':
      return typeof value === 'string' ? [] : bad('a string');
    case 'boolean':
      return typeof value === 'boolean' ? [] : bad('true or false');
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? [] : bad('a date YYYY-MM-DD');
    case 'list':
      return Array.isArray(value)
        ? value.flatMap((v: JsonValue, i) => checkJson(v, type.of, `${path}[${i}]`))
        : bad('a list');
    default:
      return [];
  }
};

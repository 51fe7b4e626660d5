import Decimal from 'decimal.js';
import { Temporal } from '@js-temporal/polyfill';
import { feelToJson } from './feel';
import type { CompiledExpression, FeelContext, FeelValue } from './feel/types';
import type { Explanation, JsonValue, ResolvedAction } from './model';
import {
  ACTION_PARAMETERS,
  PRIORITY_VALUES,
  type CompiledAction,
  type CompiledReaction,
  type CompiledRuleSet,
  type ParameterSpec,
} from './rule-set';

// Evaluating a rule set for one event (B2): the decision tables in order, each output added to
// the facts as `decisions.<id>`, then every reaction listening to the event whose condition is
// exactly true. A reaction either fires with all its actions resolved or not at all: a parameter
// that comes out null or of the wrong type turns the firing into an error entry. Never throws.

export type DecisionResult = {
  readonly table: string;
  readonly matchedRules: readonly string[];
  readonly output: FeelValue;
  readonly outputJson: JsonValue;
  readonly error: string | null;
};

export type Firing = {
  readonly rule: { readonly id: string; readonly name: string };
  readonly actions: readonly ResolvedAction[];
  readonly explanation: Explanation;
};

export type RuleError = { readonly rule: string; readonly message: string };

export type Evaluation = {
  readonly decisions: readonly DecisionResult[];
  readonly firings: readonly Firing[];
  readonly errors: readonly RuleError[];
};

export type RuleSetMeta = { readonly name: string; readonly version: number };

/** Evaluates the decision tables only, in order, as simulation compares them (B9). */
export const decideTables = (rs: CompiledRuleSet, facts: FeelContext): DecisionResult[] =>
  decide(rs, facts).decisions;

const decide = (
  rs: CompiledRuleSet,
  facts: FeelContext,
): { decisions: DecisionResult[]; context: FeelContext } => {
  const outputs: Record<string, FeelValue> = {};
  const decisions: DecisionResult[] = [];
  for (const table of rs.tables) {
    const context: FeelContext = { ...facts, decisions: { ...outputs } };
    const outcome = table.compiled.evaluate(context);
    outputs[table.id] = outcome.output;
    decisions.push({
      table: table.id,
      matchedRules: outcome.matchedRules,
      output: outcome.output,
      outputJson: feelToJson(outcome.output),
      error: outcome.error,
    });
  }
  return { decisions, context: { ...facts, decisions: outputs } };
};

/**
 * Evaluates a compiled rule set for one event: the decisions, the reactions that fire with their
 * resolved actions and explanations, and the reactions that could not fire and why.
 */
export const evaluateRuleSet = (
  rs: CompiledRuleSet,
  facts: FeelContext,
  event: { readonly type: string },
  meta: RuleSetMeta,
): Evaluation => {
  const { decisions, context } = decide(rs, facts);
  const firings: Firing[] = [];
  const errors: RuleError[] = [];
  for (const reaction of rs.reactions) {
    if (!reaction.enabled || !reaction.rule.on.includes(event.type)) continue;
    const result = react(reaction, context);
    if (result.kind === 'skip') continue;
    if (result.kind === 'error') {
      errors.push({ rule: reaction.rule.id, message: result.message });
      continue;
    }
    firings.push({
      rule: { id: reaction.rule.id, name: reaction.rule.name },
      actions: result.actions,
      explanation: explain(rs, reaction, context, decisions, meta, result.usesToday),
    });
  }
  return { decisions, firings, errors };
};

type Reaction =
  | { readonly kind: 'skip' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'fire'; readonly actions: ResolvedAction[]; readonly usesToday: boolean };

const react = (reaction: CompiledReaction, context: FeelContext): Reaction => {
  if (reaction.when !== null) {
    const v = reaction.when.evaluate(context);
    if (v === null || v === false) return { kind: 'skip' };
    if (v !== true) {
      return {
        kind: 'error',
        message: `the condition ${reaction.when.source} gave ${describe(v)}, not a boolean`,
      };
    }
  }
  const actions: ResolvedAction[] = [];
  let usesToday = false;
  for (const action of reaction.actions) {
    const r = resolveAction(action, context);
    if (!r.ok)
      return { kind: 'error', message: `action ${action.index} (${action.template.type}): ${r.message}` };
    actions.push(r.action);
    usesToday ||= r.usesToday;
  }
  return { kind: 'fire', actions, usesToday };
};

// ---------------------------------------------------------------------------------------------
// Action parameters

type Resolved =
  | { readonly ok: true; readonly action: ResolvedAction; readonly usesToday: boolean }
  | { readonly ok: false; readonly message: string };

class ParameterError extends Error {}

/** The evaluated parameters of one action, checked against their declared kind. */
const parameters = (action: CompiledAction, context: FeelContext) => {
  const specs = new Map<string, ParameterSpec>(
    ACTION_PARAMETERS[action.template.type].map((s) => [s.name, s]),
  );
  const raw = (name: string): FeelValue | undefined => {
    const e = action.params[name];
    return e === undefined ? undefined : e.evaluate(context);
  };
  const fail = (name: string, message: string): never => {
    const e = action.params[name];
    throw new ParameterError(`${name}${e === undefined ? '' : ` (${e.source})`} ${message}`);
  };
  const checkOneOf = (name: string, v: string): string => {
    const oneOf = specs.get(name)?.oneOf;
    if (oneOf !== undefined && !oneOf.includes(v))
      fail(name, `gave ${JSON.stringify(v)}, not one of ${oneOf.join(', ')}`);
    return v;
  };
  const optionalString = (name: string): string | null => {
    const v = raw(name);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') return fail(name, `gave ${describe(v)}, not a string`);
    return checkOneOf(name, v);
  };
  const string = (name: string): string => {
    const v = raw(name);
    if (v === undefined || v === null) return fail(name, 'evaluated to null');
    if (typeof v !== 'string') return fail(name, `gave ${describe(v)}, not a string`);
    return checkOneOf(name, v);
  };
  const number = (name: string): Decimal | undefined => {
    const v = raw(name);
    if (v === undefined) return undefined;
    if (v === null) return fail(name, 'evaluated to null');
    if (typeof v === 'number') return new Decimal(v);
    if (Decimal.isDecimal(v)) return v;
    return fail(name, `gave ${describe(v)}, not a number`);
  };
  const days = (name: string): number | undefined => {
    const n = number(name);
    if (n === undefined) return undefined;
    if (!n.isInteger() || n.abs().greaterThan(100_000))
      return fail(name, `gave ${n.toString()}, not a whole number of days`);
    return n.toNumber();
  };
  const date = (name: string): Temporal.PlainDate | undefined => {
    const v = raw(name);
    if (v === undefined) return undefined;
    if (v === null) return fail(name, 'evaluated to null');
    if (v instanceof Temporal.PlainDate) return v;
    return fail(name, `gave ${describe(v)}, not a date`);
  };
  const boolean = (name: string): boolean => {
    const v = raw(name);
    if (v === undefined || v === null) return fail(name, 'evaluated to null');
    if (typeof v !== 'boolean') return fail(name, `gave ${describe(v)}, not true or false`);
    return v;
  };
  return { optionalString, string, number, days, date, boolean };
};

const resolveAction = (action: CompiledAction, context: FeelContext): Resolved => {
  const today = (): Temporal.PlainDate => {
    const t = context['today'];
    if (t instanceof Temporal.PlainDate) return t;
    throw new ParameterError('needs today, which is missing from the facts');
  };
  try {
    const p = parameters(action, context);
    const t = action.template;
    switch (t.type) {
      case 'assignManager':
        return done({ type: t.type, manager: p.string('manager') });
      case 'assignTeam':
        return done({ type: t.type, team: p.string('team') });
      case 'assignPortfolio':
        return done({ type: t.type, portfolio: p.string('portfolio') });
      case 'changePhase':
        return done({ type: t.type, phase: p.string('phase'), reason: p.optionalString('reason') });
      case 'startStrategy':
        return done({ type: t.type, strategy: p.string('strategy') });
      case 'switchStrategy':
        return done({ type: t.type, strategy: p.string('strategy') });
      case 'stopStrategy':
        return done({ type: t.type, reason: p.optionalString('reason') });
      case 'createTask': {
        const title = p.string('title');
        const taskType = p.optionalString('taskType') ?? 'follow-up';
        const assignee = p.optionalString('assignee');
        const due = p.date('due') ?? today().add({ days: p.days('dueInDays') ?? 0 });
        const priority = (p.optionalString('priority') ?? 'normal') as (typeof PRIORITY_VALUES)[number];
        return done(
          {
            type: t.type,
            title,
            taskType: taskType === '' ? 'follow-up' : taskType,
            assignee: assignee === '' ? null : assignee,
            due: due.toString(),
            priority,
          },
          action.params['due'] === undefined,
        );
      }
      case 'addFee': {
        const amount = p.number('amount');
        if (amount === undefined) throw new ParameterError('amount is required');
        if (amount.lte(0)) {
          throw new ParameterError(
            `amount (${action.params['amount']?.source ?? ''}) gave ${amount.toString()}, a fee must be positive`,
          );
        }
        return done({ type: t.type, amount: amount.toFixed(), label: p.string('label') });
      }
      case 'setTimer': {
        const name = p.string('name');
        const at = p.date('at') ?? today().add({ days: p.days('afterDays') ?? 0 });
        return done({ type: t.type, name, at: at.toString() }, action.params['at'] === undefined);
      }
      case 'sendMessage':
        return done({ type: t.type, template: p.string('template'), channel: p.string('channel') });
      case 'setFlag':
        return done({
          type: t.type,
          flag: t.flag,
          value: p.boolean('value'),
          reason: p.optionalString('reason'),
        });
      case 'outsource':
        return done({ type: t.type, partner: p.string('partner'), reason: p.optionalString('reason') });
      default: {
        const never: never = t;
        return { ok: false, message: `unknown action ${JSON.stringify(never)}` };
      }
    }
  } catch (e) {
    if (e instanceof ParameterError) return { ok: false, message: e.message };
    throw e;
  }
};

const done = (action: ResolvedAction, usesToday = false): Resolved => ({ ok: true, action, usesToday });

const describe = (v: FeelValue): string => {
  if (v === null) return 'null';
  if (typeof v === 'string') return `the text ${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' || Decimal.isDecimal(v)) return `the number ${v.toString()}`;
  if (v instanceof Temporal.PlainDate) return `the date ${v.toString()}`;
  if (Array.isArray(v)) return 'a list';
  const kind = (v as { kind?: unknown }).kind;
  if (kind === 'days-duration' || kind === 'years-duration') return 'a duration';
  if (kind === 'range') return 'a range';
  return 'a context';
};

// ---------------------------------------------------------------------------------------------
// Explanations (B7)

const isDecisionPath = (path: string): boolean => path === 'decisions' || path.startsWith('decisions.');

/** The value at a dotted path of the facts; null when any step is missing. */
export const factAt = (context: FeelContext, path: string): FeelValue => {
  let current: FeelValue = context;
  for (const step of path.split('.')) {
    if (!isContext(current)) return null;
    const here: FeelContext = current;
    if (!Object.prototype.hasOwnProperty.call(here, step)) return null;
    current = here[step] ?? null;
  }
  return current;
};

const isContext = (v: FeelValue): v is FeelContext => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const explain = (
  rs: CompiledRuleSet,
  reaction: CompiledReaction,
  context: FeelContext,
  decisions: readonly DecisionResult[],
  meta: RuleSetMeta,
  usesToday: boolean,
): Explanation => {
  const expressions: CompiledExpression[] = [
    ...(reaction.when === null ? [] : [reaction.when]),
    ...reaction.actions.flatMap((a) => Object.values(a.params).filter((e) => e !== undefined)),
  ];
  const paths = new Set<string>(expressions.flatMap((e) => e.reads));
  if (usesToday) paths.add('today');

  // The tables the rule used, and the tables those used, transitively.
  const used = new Set<string>();
  const pending = [...paths];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (!isDecisionPath(path)) continue;
    const id = path.split('.')[1];
    const ids = id === undefined ? rs.tables.map((t) => t.id) : [id];
    for (const tableId of ids) {
      if (used.has(tableId)) continue;
      used.add(tableId);
      const table = rs.tables.find((t) => t.id === tableId);
      for (const read of table?.reads ?? []) {
        paths.add(read);
        pending.push(read);
      }
    }
  }

  const facts: Record<string, JsonValue> = {};
  for (const path of [...paths].filter((x) => !isDecisionPath(x)).sort()) {
    facts[path] = feelToJson(factAt(context, path));
  }
  return {
    ruleSet: { name: meta.name, version: meta.version },
    rule: { id: reaction.rule.id, name: reaction.rule.name },
    facts,
    decisions: decisions
      .filter((d) => used.has(d.table))
      .map((d) => ({ table: d.table, matchedRules: d.matchedRules, output: d.outputJson })),
  };
};

import { lowerExpression, lowerUnaryTests, type Evaluator, type UnaryTest } from './feel/compiler';
import {
  T,
  contextOf,
  isAssignable,
  isOrdered,
  listOf,
  typeFromTypeRef,
  typeToString,
  unify,
  withArticle,
} from './feel/typesystem';
import type { CompileResult, ContextType, Diagnostic, FeelContext, FeelType, FeelValue } from './feel/types';
import { compareValues, feelEquals, formatFeel } from './feel/values';
import { add, isFeelNumber } from './feel/numbers';
import type { DecisionInput, DecisionOutput, DecisionRule, DecisionTable, HitPolicy } from './model';

// DMN 1.3 decision tables (§8.2, hit policies §8.2.11), compiled once into closures.
//
// Evaluation: each input expression is evaluated once, into a scratch array reused across
// evaluations (evaluation is synchronous and a table never calls itself); then each rule's
// non-`-` cells are tested in order, stopping at the first failing cell. A rule whose outputs are
// all literals has its result object built at compile time, so a FIRST table that hits such a
// rule allocates nothing per evaluation.

export type DecisionOutcome = {
  /**
   * One output: its value; several: a context `{name: value}`. Multiple-hit policies (COLLECT,
   * RULE ORDER, OUTPUT ORDER) give a list; COLLECT with an aggregation a single value.
   * No match: the outputs' default values (null without one; COLLECT → [], COUNT → 0).
   */
  readonly output: FeelValue;
  /**
   * The rules whose outputs make the result: FIRST and PRIORITY the one chosen, UNIQUE the one
   * (all of them when several match — the error), ANY, RULE ORDER and COLLECT all matches in rule
   * order, OUTPUT ORDER all matches in output order.
   */
  readonly matchedRules: readonly string[];
  /** A hit-policy violation (UNIQUE with several matches, ANY with different outputs); output is null. */
  readonly error: string | null;
};

export type CompiledDecisionTable = {
  readonly table: DecisionTable;
  /** The type of `output` (a list for multiple-hit policies, a context for several outputs). */
  readonly outputType: FeelType;
  evaluate(context: FeelContext): DecisionOutcome;
};

const HIT_POLICIES: readonly HitPolicy[] = [
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
];
const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;

type CompiledRule = {
  readonly id: string;
  /** Tests of the cells that are not `-`, and the index of their input. */
  readonly tests: readonly UnaryTest[];
  readonly inputIndex: readonly number[];
  readonly outputs: readonly Evaluator[];
  /** The output value when every output entry is a literal. */
  readonly constantOutput: FeelValue | undefined;
  /** `[id]`, shared by every outcome this rule alone produces. */
  readonly alone: readonly string[];
  /** The whole outcome for single-hit policies when the output is constant. */
  readonly constantOutcome: DecisionOutcome | undefined;
};

const START = { line: 1, column: 1 } as const;

const quote = (s: string): string => JSON.stringify(s);

/**
 * Compile a decision table against a fact schema. Diagnostics carry `where`
 * (`table "dunning", rule r3 (row 3), input "Days past due"`) and positions inside the cell;
 * structural problems (row width, duplicate ids, hit policy settings) point at the start.
 */
export const compileDecisionTable = (
  table: DecisionTable,
  scope: ContextType,
): CompileResult<CompiledDecisionTable> => {
  const diagnostics: Diagnostic[] = [];
  const tableWhere = `table ${quote(table.id)}`;
  const structural = (code: string, message: string, where: string = tableWhere): void => {
    diagnostics.push({ severity: 'error', code, message, start: START, end: START, where });
  };
  const absorb = (ds: readonly Diagnostic[]): void => {
    diagnostics.push(...ds);
  };
  const inputs: readonly DecisionInput[] = Array.isArray(table.inputs) ? table.inputs : [];
  const outputs: readonly DecisionOutput[] = Array.isArray(table.outputs) ? table.outputs : [];
  const rules: readonly DecisionRule[] = Array.isArray(table.rules) ? table.rules : [];
  const hitPolicy = table.hitPolicy;
  const aggregation = table.aggregation;

  // --- structure ------------------------------------------------------------------------------
  if (!HIT_POLICIES.includes(hitPolicy))
    structural(
      'table.hit-policy',
      `unknown hit policy ${quote(String(hitPolicy))} (one of ${HIT_POLICIES.join(', ')})`,
    );
  if (aggregation !== undefined) {
    if (!AGGREGATIONS.includes(aggregation))
      structural(
        'table.aggregation',
        `unknown aggregation ${quote(String(aggregation))} (one of ${AGGREGATIONS.join(', ')})`,
      );
    if (hitPolicy !== 'COLLECT')
      structural(
        'table.aggregation',
        `an aggregation (${aggregation}) is only allowed with the COLLECT hit policy, not ${hitPolicy}`,
      );
    if (outputs.length > 1)
      structural(
        'table.aggregation',
        `an aggregation (${aggregation}) needs a table with one output, not ${outputs.length}`,
      );
  }
  if (outputs.length === 0) structural('table.outputs', 'a decision table needs at least one output');
  const outputNames = new Set<string>();
  for (const o of outputs) {
    if (outputNames.has(o.name))
      structural('table.duplicate-output', `two outputs are named ${quote(o.name)}`);
    outputNames.add(o.name);
  }
  if (
    (hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') &&
    !outputs.some((o) => (o.allowedValues?.length ?? 0) > 0)
  )
    structural(
      'table.priorities',
      `the ${hitPolicy} hit policy orders outputs by their allowed values: give the output allowedValues, highest priority first`,
    );
  const ruleIds = new Set<string>();
  rules.forEach((rule, r) => {
    const where = `${tableWhere}, rule ${rule.id} (row ${r + 1})`;
    if (ruleIds.has(rule.id))
      structural('table.duplicate-rule', `the rule id ${quote(rule.id)} is used twice`, where);
    ruleIds.add(rule.id);
    if (rule.inputEntries.length !== inputs.length)
      structural(
        'table.entry-count',
        `the rule has ${rule.inputEntries.length} input entries for ${inputs.length} inputs`,
        where,
      );
    if (rule.outputEntries.length !== outputs.length)
      structural(
        'table.entry-count',
        `the rule has ${rule.outputEntries.length} output entries for ${outputs.length} outputs`,
        where,
      );
  });

  // --- inputs -----------------------------------------------------------------------------------
  const typeRef = (ref: string | undefined, where: string): FeelType | null => {
    if (ref === undefined || ref.trim() === '') return null;
    const t = typeFromTypeRef(ref);
    if (t === null) structural('table.type-ref', `unknown typeRef ${quote(ref)}`, where);
    return t;
  };
  const inputTypes: FeelType[] = [];
  const inputEvs: Evaluator[] = [];
  inputs.forEach((input, i) => {
    const where = `${tableWhere}, input ${quote(input.label)}`;
    const declared = typeRef(input.typeRef, where);
    const lowered = lowerExpression(input.expression, scope, { where });
    absorb(lowered.diagnostics);
    if (!lowered.ok) {
      inputTypes[i] = declared ?? T.any;
      inputEvs[i] = () => null;
      return;
    }
    const actual = lowered.value.type;
    if (declared !== null && !isAssignable(declared, actual))
      wholeText(
        diagnostics,
        input.expression,
        where,
        'feel.type-mismatch',
        `the input is ${withArticle(actual)}, but its typeRef says ${typeToString(declared)}`,
      );
    inputTypes[i] = declared ?? actual;
    inputEvs[i] = lowered.value.evaluate;
  });

  // --- outputs: types, priorities, defaults ---------------------------------------------------
  const outputWhere = (o: DecisionOutput): string => `${tableWhere}, output ${quote(o.label ?? o.name)}`;
  const declaredOutputTypes = outputs.map((o) => typeRef(o.typeRef, outputWhere(o)));
  const allowed: (readonly FeelValue[] | null)[] = outputs.map((o, k) => {
    if (o.allowedValues === undefined || o.allowedValues.length === 0) return null;
    const where = `${outputWhere(o)}, allowed values`;
    const values: FeelValue[] = [];
    for (const text of o.allowedValues) {
      const lowered = lowerExpression(text, scope, { where });
      absorb(lowered.diagnostics);
      if (!lowered.ok) continue;
      if (!lowered.value.isConstant) {
        wholeText(diagnostics, text, where, 'table.allowed-values', 'an allowed value must be a literal');
        continue;
      }
      const declared = declaredOutputTypes[k];
      if (declared !== null && declared !== undefined && !isAssignable(declared, lowered.value.type))
        wholeText(
          diagnostics,
          text,
          where,
          'feel.type-mismatch',
          `${withArticle(lowered.value.type)} is not ${withArticle(declared)}`,
        );
      values.push(lowered.value.value);
    }
    return values;
  });
  const entryTypes: FeelType[] = outputs.map(() => T.null);
  const defaults: (Evaluator | null)[] = outputs.map((o, k) => {
    if (o.defaultValue === undefined || o.defaultValue.trim() === '') return null;
    const where = `${outputWhere(o)}, default`;
    const lowered = lowerExpression(o.defaultValue, scope, { where });
    absorb(lowered.diagnostics);
    if (!lowered.ok) return null;
    checkOutputType(lowered.value.type, k, o.defaultValue, where);
    entryTypes[k] = unify(entryTypes[k] ?? T.null, lowered.value.type);
    return lowered.value.evaluate;
  });

  function checkOutputType(actual: FeelType, k: number, text: string, where: string): void {
    const declared = declaredOutputTypes[k];
    if (declared !== null && declared !== undefined && !isAssignable(declared, actual))
      wholeText(
        diagnostics,
        text,
        where,
        'feel.type-mismatch',
        `the output is ${withArticle(actual)}, but its typeRef says ${typeToString(declared)}`,
      );
  }

  // --- rules ------------------------------------------------------------------------------------
  const compiledRules: CompiledRule[] = [];
  rules.forEach((rule, r) => {
    const ruleWhere = `${tableWhere}, rule ${rule.id} (row ${r + 1})`;
    const tests: UnaryTest[] = [];
    const inputIndex: number[] = [];
    rule.inputEntries.forEach((cell, i) => {
      const input = inputs[i];
      if (input === undefined) return;
      const where = `${ruleWhere}, input ${quote(input.label)}`;
      const lowered = lowerUnaryTests(cell, inputTypes[i] ?? T.any, scope, { where });
      absorb(lowered.diagnostics);
      if (!lowered.ok || lowered.value.matchesAnything) return;
      tests.push(lowered.value.test);
      inputIndex.push(i);
    });
    const outputEvs: Evaluator[] = [];
    const constants: FeelValue[] = [];
    let allConstant = true;
    rule.outputEntries.forEach((entry, k) => {
      const output = outputs[k];
      if (output === undefined) return;
      const where = `${ruleWhere}, output ${quote(output.label ?? output.name)}`;
      const lowered = lowerExpression(entry, scope, { where });
      absorb(lowered.diagnostics);
      if (!lowered.ok) {
        outputEvs.push(() => null);
        allConstant = false;
        return;
      }
      const v = lowered.value;
      checkOutputType(v.type, k, entry, where);
      entryTypes[k] = unify(entryTypes[k] ?? T.null, v.type);
      const values = allowed[k];
      if (
        v.isConstant &&
        values !== null &&
        values !== undefined &&
        !values.some((x) => feelEquals(x, v.value))
      )
        wholeText(
          diagnostics,
          entry,
          where,
          'table.value-not-allowed',
          `${formatFeel(v.value)} is not one of the allowed values of ${quote(output.name)}: ${values.map(formatFeel).join(', ')}`,
        );
      outputEvs.push(v.evaluate);
      if (v.isConstant) constants.push(v.value);
      else allConstant = false;
    });
    const alone = Object.freeze([rule.id]);
    const constantOutput = allConstant
      ? freeze(
          combine(
            outputs.map((o) => o.name),
            constants,
          ),
        )
      : undefined;
    compiledRules.push({
      id: rule.id,
      tests,
      inputIndex,
      outputs: outputEvs,
      constantOutput,
      alone,
      constantOutcome:
        constantOutput === undefined
          ? undefined
          : Object.freeze({ output: constantOutput, matchedRules: alone, error: null }),
    });
  });

  // --- the output type ------------------------------------------------------------------------
  const valueTypes = outputs.map((_, k) => {
    const declared = declaredOutputTypes[k];
    if (declared !== null && declared !== undefined) return declared;
    const t = entryTypes[k] ?? T.any;
    return t.kind === 'null' ? T.any : t;
  });
  const single: FeelType =
    outputs.length === 1
      ? (valueTypes[0] ?? T.any)
      : contextOf(Object.fromEntries(outputs.map((o, k) => [o.name, valueTypes[k] ?? T.any])));
  let outputType: FeelType = single;
  if (hitPolicy === 'COLLECT' && aggregation !== undefined) {
    if (aggregation === 'COUNT') outputType = T.number;
    else if (aggregation === 'SUM') {
      if (!isAssignable(T.number, single))
        structural('table.aggregation', `SUM adds numbers, but the output is ${withArticle(single)}`);
      outputType = T.number;
    } else if (!isOrdered(single))
      structural(
        'table.aggregation',
        `${aggregation} needs comparable outputs, but the output is ${withArticle(single)}`,
      );
  } else if (hitPolicy === 'COLLECT' || hitPolicy === 'RULE ORDER' || hitPolicy === 'OUTPUT ORDER') {
    outputType = listOf(single);
  }

  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const evaluate = buildEvaluator({
    table,
    outputNames: outputs.map((o) => o.name),
    inputEvs,
    rules: compiledRules,
    defaults,
    allowed,
  });
  return { ok: true, diagnostics: [], value: { table, outputType, evaluate } };
};

/** A diagnostic covering a whole cell's text. */
const wholeText = (
  diagnostics: Diagnostic[],
  text: string,
  where: string,
  code: string,
  message: string,
): void => {
  const lines = text.split(/\r\n|\r|\n/);
  diagnostics.push({
    severity: 'error',
    code,
    message,
    start: START,
    end: { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 },
    where,
  });
};

const combine = (names: readonly string[], values: readonly FeelValue[]): FeelValue => {
  if (names.length === 1) return values[0] ?? null;
  const out: Record<string, FeelValue> = {};
  names.forEach((n, k) => {
    out[n] = values[k] ?? null;
  });
  return out;
};

const freeze = <V extends FeelValue>(v: V): V => (typeof v === 'object' && v !== null ? Object.freeze(v) : v);

// ---------------------------------------------------------------------------------------------
// Evaluation

type Plan = {
  readonly table: DecisionTable;
  readonly outputNames: readonly string[];
  readonly inputEvs: readonly Evaluator[];
  readonly rules: readonly CompiledRule[];
  readonly defaults: readonly (Evaluator | null)[];
  readonly allowed: readonly (readonly FeelValue[] | null)[];
};

const NO_RULES: readonly string[] = Object.freeze([]);

const buildEvaluator = (plan: Plan): ((context: FeelContext) => DecisionOutcome) => {
  const { table, outputNames, inputEvs, rules, defaults, allowed } = plan;
  const n = inputEvs.length;
  const values: FeelValue[] = new Array<FeelValue>(n).fill(null);
  const ruleCount = rules.length;

  const readInputs = (context: FeelContext): void => {
    for (let i = 0; i < n; i++) values[i] = (inputEvs[i] as Evaluator)(context, null);
  };

  // One matcher per rule, specialised for its number of tested cells (most rules test 1–3).
  const matchers = rules.map((rule) => matcherFor(rule, values));

  const outputOf = (rule: CompiledRule, context: FeelContext): FeelValue => {
    if (rule.constantOutput !== undefined) return rule.constantOutput;
    if (rule.outputs.length === 1) return (rule.outputs[0] as Evaluator)(context, null);
    const out: Record<string, FeelValue> = {};
    for (let k = 0; k < rule.outputs.length; k++)
      out[outputNames[k] as string] = (rule.outputs[k] as Evaluator)(context, null);
    return out;
  };

  const single = (rule: CompiledRule, context: FeelContext): DecisionOutcome =>
    rule.constantOutcome ?? { output: outputOf(rule, context), matchedRules: rule.alone, error: null };

  // No match: the default output entries (DMN §8.2.11 "default output value"), else null.
  const hasDefaults = defaults.some((d) => d !== null);
  const defaultValue = (context: FeelContext): FeelValue => {
    if (!hasDefaults) return null;
    return combine(
      outputNames,
      defaults.map((d) => (d === null ? null : d(context, null))),
    );
  };
  const noMatchSingle = (context: FeelContext): DecisionOutcome =>
    hasDefaults ? { output: defaultValue(context), matchedRules: NO_RULES, error: null } : NO_MATCH;

  const allMatches = (context: FeelContext): CompiledRule[] => {
    const hits: CompiledRule[] = [];
    for (let r = 0; r < ruleCount; r++) {
      if ((matchers[r] as Matcher)(context)) hits.push(rules[r] as CompiledRule);
    }
    return hits;
  };

  const violation = (message: string, hits: readonly CompiledRule[]): DecisionOutcome => ({
    output: null,
    matchedRules: hits.map((h) => h.id),
    error: message,
  });

  /** Priority of an output value: lexicographic over the outputs that have allowed values. */
  const priorityKey = (output: FeelValue): number[] =>
    outputNames.flatMap((name, k) => {
      const list = allowed[k];
      if (list === null || list === undefined) return [];
      const v = outputNames.length === 1 ? output : ((output as FeelContext | null)?.[name] ?? null);
      const at = list.findIndex((x) => feelEquals(x, v));
      return [at === -1 ? list.length : at];
    });
  const byPriority = (a: number[], b: number[]): number => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
    return 0;
  };

  const guard =
    (f: (context: FeelContext) => DecisionOutcome) =>
    (context: FeelContext): DecisionOutcome => {
      try {
        return f(context);
      } catch (e) {
        return { output: null, matchedRules: NO_RULES, error: `table ${quote(table.id)}: ${String(e)}` };
      }
    };

  switch (table.hitPolicy) {
    case 'FIRST':
      return guard((context) => {
        readInputs(context);
        for (let r = 0; r < ruleCount; r++) {
          if ((matchers[r] as Matcher)(context)) return single(rules[r] as CompiledRule, context);
        }
        return noMatchSingle(context);
      });
    case 'UNIQUE':
      return guard((context) => {
        readInputs(context);
        const hits = allMatches(context);
        if (hits.length === 0) return noMatchSingle(context);
        if (hits.length > 1)
          return violation(
            `UNIQUE table ${quote(table.id)}: ${hits.length} rules match (${hits.map((h) => h.id).join(', ')}); only one may`,
            hits,
          );
        return single(hits[0] as CompiledRule, context);
      });
    case 'ANY':
      return guard((context) => {
        readInputs(context);
        const hits = allMatches(context);
        if (hits.length === 0) return noMatchSingle(context);
        if (hits.length === 1) return single(hits[0] as CompiledRule, context);
        const outs = hits.map((h) => outputOf(h, context));
        const first = outs[0] as FeelValue;
        const differing = outs.findIndex((o) => !feelEquals(o, first));
        if (differing !== -1)
          return violation(
            `ANY table ${quote(table.id)}: rules ${(hits[0] as CompiledRule).id} and ${(hits[differing] as CompiledRule).id} match with different outputs (${formatFeel(first)}, ${formatFeel(outs[differing] as FeelValue)})`,
            hits,
          );
        return { output: first, matchedRules: hits.map((h) => h.id), error: null };
      });
    case 'PRIORITY':
      return guard((context) => {
        readInputs(context);
        const hits = allMatches(context);
        if (hits.length === 0) return noMatchSingle(context);
        if (hits.length === 1) return single(hits[0] as CompiledRule, context);
        let best = hits[0] as CompiledRule;
        let bestOutput = outputOf(best, context);
        let bestKey = priorityKey(bestOutput);
        for (let h = 1; h < hits.length; h++) {
          const rule = hits[h] as CompiledRule;
          const output = outputOf(rule, context);
          const key = priorityKey(output);
          if (byPriority(key, bestKey) < 0) {
            best = rule;
            bestOutput = output;
            bestKey = key;
          }
        }
        return { output: bestOutput, matchedRules: best.alone, error: null };
      });
    case 'RULE ORDER':
      return guard((context) => {
        readInputs(context);
        const hits = allMatches(context);
        return {
          output: hits.map((h) => outputOf(h, context)),
          matchedRules: hits.map((h) => h.id),
          error: null,
        };
      });
    case 'OUTPUT ORDER':
      return guard((context) => {
        readInputs(context);
        const hits = allMatches(context).map((rule) => {
          const output = outputOf(rule, context);
          return { rule, output, key: priorityKey(output) };
        });
        hits.sort((a, b) => byPriority(a.key, b.key)); // stable: rule order among equals
        return { output: hits.map((h) => h.output), matchedRules: hits.map((h) => h.rule.id), error: null };
      });
    case 'COLLECT':
      return guard((context) => {
        readInputs(context);
        const hits = allMatches(context);
        const matchedRules = hits.map((h) => h.id);
        const outs = hits.map((h) => outputOf(h, context));
        return { output: aggregate(table.aggregation, outs), matchedRules, error: null };
      });
    default:
      return () => ({
        output: null,
        matchedRules: NO_RULES,
        error: `unknown hit policy ${String(table.hitPolicy)}`,
      });
  }
};

type Matcher = (context: FeelContext) => boolean;

/** Does the rule match, given the input values (read into `values` just before)? */
const matcherFor = (rule: CompiledRule, values: readonly FeelValue[]): Matcher => {
  const tests = rule.tests;
  const index = rule.inputIndex;
  switch (tests.length) {
    case 0:
      return () => true;
    case 1: {
      const t0 = tests[0] as UnaryTest;
      const i0 = index[0] as number;
      return (c) => {
        const v0 = values[i0] as FeelValue;
        return t0(v0, c, v0) === true;
      };
    }
    case 2: {
      const [t0, t1] = tests as [UnaryTest, UnaryTest];
      const [i0, i1] = index as [number, number];
      return (c) => {
        const v0 = values[i0] as FeelValue;
        if (t0(v0, c, v0) !== true) return false;
        const v1 = values[i1] as FeelValue;
        return t1(v1, c, v1) === true;
      };
    }
    case 3: {
      const [t0, t1, t2] = tests as [UnaryTest, UnaryTest, UnaryTest];
      const [i0, i1, i2] = index as [number, number, number];
      return (c) => {
        const v0 = values[i0] as FeelValue;
        if (t0(v0, c, v0) !== true) return false;
        const v1 = values[i1] as FeelValue;
        if (t1(v1, c, v1) !== true) return false;
        const v2 = values[i2] as FeelValue;
        return t2(v2, c, v2) === true;
      };
    }
    default:
      return (c) => {
        for (let k = 0; k < tests.length; k++) {
          const v = values[index[k] as number] as FeelValue;
          if ((tests[k] as UnaryTest)(v, c, v) !== true) return false;
        }
        return true;
      };
  }
};

const NO_MATCH: DecisionOutcome = Object.freeze({ output: null, matchedRules: NO_RULES, error: null });

/**
 * COLLECT aggregations. DMN 1.3 §8.2.11: "+ (sum): the result of the decision table is the sum
 * of all the outputs", "# (count): the result of the decision table is the number of outputs" —
 * every matching rule's output counts, duplicates included. (DMN 1.1 said "distinct outputs" for
 * sum and count; DMN 1.2 dropped "distinct", and 1.3 §10.3.2.x defines C+/C#/C</C> as the FEEL
 * `sum`, `count`, `min`, `max` of the list of outputs.) Null outputs are left out of SUM, MIN and
 * MAX; no match gives null for them and 0 for COUNT.
 */
const aggregate = (aggregation: DecisionTable['aggregation'], outs: readonly FeelValue[]): FeelValue => {
  switch (aggregation) {
    case undefined:
      return outs;
    case 'COUNT':
      return outs.length;
    case 'SUM': {
      let total: FeelValue = null;
      for (const o of outs) {
        if (o === null) continue;
        if (!isFeelNumber(o)) return null;
        total = total === null ? o : add(total as number, o);
        if (total === null) return null;
      }
      return total;
    }
    case 'MIN':
    case 'MAX': {
      let best: FeelValue = null;
      for (const o of outs) {
        if (o === null) continue;
        if (best === null) {
          best = o;
          continue;
        }
        const c = compareValues(o, best);
        if (c === null) return null;
        if (aggregation === 'MIN' ? c < 0 : c > 0) best = o;
      }
      return best;
    }
    default:
      return null;
  }
};

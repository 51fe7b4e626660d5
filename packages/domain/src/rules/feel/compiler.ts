import Decimal from 'decimal.js';
import type { Temporal } from '@js-temporal/polyfill';
import type { ArithmeticOp, ComparisonOp, Node, Span } from './ast';
import { BUILTINS, type ArgInfo } from './builtins';
import {
  Dec,
  add,
  compareDecimals,
  divide,
  integerBounds,
  isFeelNumber,
  multiply,
  negate,
  power,
  subtract,
  toDecimal,
  toSafeInteger,
} from './numbers';
import { parseExpression, parseUnaryTests } from './parser';
import {
  T,
  contextOf,
  isAssignable,
  isComparable,
  isEquatable,
  isOpen,
  isOrdered,
  listOf,
  rangeOf,
  suggest,
  unify,
  withArticle,
} from './typesystem';
import type {
  ContextType,
  Diagnostic,
  FeelContext,
  FeelNumber,
  FeelRange,
  FeelType,
  FeelValue,
} from './types';
import {
  addDays,
  addMonths,
  compareValues,
  daysDuration,
  epochDay,
  equalsOperator,
  feelEquals,
  inRange,
  isContext,
  isDate,
  isDaysDuration,
  isRange,
  isYearsDuration,
  setRangeParser,
  yearsDuration,
} from './values';

// Type checking and compilation in one pass over the syntax tree: every node yields its static
// type (reporting what does not fit) and a closure that computes its value. Constant sub-trees
// are evaluated at compile time. No `eval`, no `new Function`: closures only.
//
// A compiled closure takes the context (the facts) and the value of `?` (the input of a unary
// test, null elsewhere). A compiled unary test takes the tested value, the context and `?`, and
// answers true, false, or null (unknown — treated as "no match" by tables).

export type Evaluator = (context: FeelContext, input: FeelValue) => FeelValue;
export type UnaryTest = (value: FeelValue, context: FeelContext, input: FeelValue) => boolean | null;

type Lowered = {
  readonly type: FeelType;
  readonly ev: Evaluator;
  readonly isConstant: boolean;
  /** The value, when constant. */
  readonly value: FeelValue;
};

type Env = {
  readonly scope: ContextType;
  /** Names bound inside a filter (`item` and the item's fields). */
  readonly locals: ReadonlyMap<string, FeelType> | null;
  /** Type of `?`, or null where `?` is not allowed. */
  readonly inputType: FeelType | null;
  readonly diagnostics: Diagnostic[];
  readonly reads: Set<string>;
  readonly lines: readonly string[];
  readonly where: string | undefined;
};

const EMPTY: FeelContext = Object.freeze({});

const constant = (type: FeelType, value: FeelValue): Lowered => ({
  type,
  ev: () => value,
  isConstant: true,
  value,
});

const dynamic = (type: FeelType, ev: Evaluator): Lowered => ({ type, ev, isConstant: false, value: null });

/** Never let a closure's exception escape: FEEL evaluation is total. */
const safely = (ev: Evaluator, context: FeelContext, input: FeelValue): FeelValue => {
  try {
    const v = ev(context, input);
    return v === undefined ? null : v;
  } catch {
    return null;
  }
};

/** A node whose children are all constants is computed now. */
const fold = (type: FeelType, ev: Evaluator, children: readonly Lowered[]): Lowered =>
  children.every((c) => c.isConstant) ? constant(type, safely(ev, EMPTY, null)) : dynamic(type, ev);

const report = (env: Env, code: string, message: string, span: Span): void => {
  env.diagnostics.push({
    severity: 'error',
    code,
    message,
    start: span.start,
    end: span.end,
    ...(env.where === undefined ? {} : { where: env.where }),
  });
};

/** The source text of a span (single- or multi-line), for messages. */
const textOf = (env: Env, span: Span): string => {
  const { start, end } = span;
  if (start.line === end.line)
    return (env.lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  const parts = [(env.lines[start.line - 1] ?? '').slice(start.column - 1)];
  for (let l = start.line + 1; l < end.line; l++) parts.push(env.lines[l - 1] ?? '');
  parts.push((env.lines[end.line - 1] ?? '').slice(0, end.column - 1));
  return parts.join('\n').replace(/\s+/g, ' ');
};

const mismatch = (env: Env, span: Span, message: string): void =>
  report(env, 'feel.type-mismatch', `\`${textOf(env, span)}\`: ${message}`, span);

// ---------------------------------------------------------------------------------------------
// Property access

/** Names an object inherits (`constructor`, `toString`…): read them as own properties only. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

type Step = (v: FeelValue) => FeelValue;

const ownField =
  (name: string): Step =>
  (v) => {
    if (typeof v !== 'object' || v === null) return null;
    if (!Object.prototype.hasOwnProperty.call(v, name)) return null;
    const r = (v as FeelContext)[name];
    return r === undefined ? null : r;
  };

/** A field of a value typed as a context. */
const contextField = (name: string): Step => {
  if (INHERITED.has(name)) return ownField(name);
  return (v) => {
    if (typeof v !== 'object' || v === null) return null;
    const r = (v as FeelContext)[name];
    return r === undefined ? null : r;
  };
};

const DATE_MEMBERS: Readonly<Record<string, (d: Temporal.PlainDate) => FeelValue>> = {
  year: (d) => d.year,
  month: (d) => d.month,
  day: (d) => d.day,
  weekday: (d) => ((((epochDay(d) + 3) % 7) + 7) % 7) + 1,
};

/** A member of a value of unknown type: contexts, lists (mapped), dates, durations, ranges. */
const anyMember = (name: string): Step => {
  const field = ownField(name);
  const step: Step = (v) => {
    if (typeof v !== 'object' || v === null) return null;
    if (Array.isArray(v)) return (v as readonly FeelValue[]).map(step);
    if (v instanceof Decimal) return null;
    if (isDate(v)) {
      const m = DATE_MEMBERS[name];
      return m === undefined ? null : m(v);
    }
    if (isDaysDuration(v)) return name === 'days' ? v.days : null;
    if (isYearsDuration(v))
      return name === 'years'
        ? Math.trunc(v.months / 12) + 0
        : name === 'months'
          ? (v.months % 12) + 0
          : null;
    if (isRange(v)) return name === 'start' ? v.start : name === 'end' ? v.end : null;
    return field(v);
  };
  return step;
};

// ---------------------------------------------------------------------------------------------
// Operators at run time

const arithmetic = (op: ArithmeticOp, a: FeelValue, b: FeelValue): FeelValue => {
  if (a === null || b === null) return null;
  const an = isFeelNumber(a);
  const bn = isFeelNumber(b);
  if (an && bn) {
    switch (op) {
      case '+':
        return add(a, b);
      case '-':
        return subtract(a, b);
      case '*':
        return multiply(a, b);
      case '/':
        return divide(a, b);
      case '**':
        return power(a, b);
    }
  }
  switch (op) {
    case '+':
      if (typeof a === 'string') return typeof b === 'string' ? a + b : null;
      if (isDate(a))
        return isDaysDuration(b) ? addDays(a, b.days) : isYearsDuration(b) ? addMonths(a, b.months) : null;
      if (isDate(b))
        return isDaysDuration(a) ? addDays(b, a.days) : isYearsDuration(a) ? addMonths(b, a.months) : null;
      if (isDaysDuration(a) && isDaysDuration(b)) return safeDays(a.days + b.days);
      if (isYearsDuration(a) && isYearsDuration(b)) return safeMonths(a.months + b.months);
      return null;
    case '-':
      if (isDate(a)) {
        if (isDate(b)) return daysDuration(epochDay(a) - epochDay(b));
        if (isDaysDuration(b)) return addDays(a, -b.days);
        if (isYearsDuration(b)) return addMonths(a, -b.months);
        return null;
      }
      if (isDaysDuration(a) && isDaysDuration(b)) return safeDays(a.days - b.days);
      if (isYearsDuration(a) && isYearsDuration(b)) return safeMonths(a.months - b.months);
      return null;
    case '*':
      if (bn && isDaysDuration(a)) return scaleDuration(a.days, b, daysDuration);
      if (an && isDaysDuration(b)) return scaleDuration(b.days, a, daysDuration);
      if (bn && isYearsDuration(a)) return scaleDuration(a.months, b, yearsDuration);
      if (an && isYearsDuration(b)) return scaleDuration(b.months, a, yearsDuration);
      return null;
    case '/':
      if (isDaysDuration(a)) {
        if (isDaysDuration(b)) return divide(a.days, b.days);
        if (bn) return shrinkDuration(a.days, b, daysDuration);
      }
      if (isYearsDuration(a)) {
        if (isYearsDuration(b)) return divide(a.months, b.months);
        if (bn) return shrinkDuration(a.months, b, yearsDuration);
      }
      return null;
    default:
      return null;
  }
};

const safeDays = (n: number): FeelValue => (Number.isSafeInteger(n) ? daysDuration(n) : null);
const safeMonths = (n: number): FeelValue => (Number.isSafeInteger(n) ? yearsDuration(n) : null);

/** Durations are whole days / whole months here: a fractional result is null. */
const scaleDuration = (amount: number, factor: FeelNumber, make: (n: number) => FeelValue): FeelValue => {
  const r = multiply(amount, factor);
  const n = r === null ? null : toSafeInteger(r);
  return n === null ? null : make(n);
};
const shrinkDuration = (amount: number, divisor: FeelNumber, make: (n: number) => FeelValue): FeelValue => {
  const r = divide(amount, divisor);
  const n = r === null ? null : toSafeInteger(r);
  return n === null ? null : make(n);
};

const ordering = (op: ComparisonOp, c: number): boolean => {
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
  }
};

/** `a op b` with FEEL semantics (equality with null defined, ordering with null → null). */
const compareOperator = (op: ComparisonOp, a: FeelValue, b: FeelValue): boolean | null => {
  if (op === '=') return equalsOperator(a, b);
  if (op === '!=') {
    const e = equalsOperator(a, b);
    return e === null ? null : !e;
  }
  const c = compareValues(a, b);
  return c === null ? null : ordering(op, c);
};

const asBoolean = (v: FeelValue): boolean | null => (typeof v === 'boolean' ? v : null);

// ---------------------------------------------------------------------------------------------
// Unary tests against constants, specialised for the kinds that occur in decision tables.

/** `v = k` for a constant `k`, as a plain boolean (null only equals null). */
const equalsConstant = (k: FeelValue): UnaryTest => {
  if (k === null) return (v) => v === null;
  if (typeof k === 'string' || typeof k === 'boolean') return (v) => v === k;
  if (typeof k === 'number') {
    const kd = new Dec(k);
    return (v) => (typeof v === 'number' ? v === k : v instanceof Decimal && compareDecimals(v, kd) === 0);
  }
  if (k instanceof Decimal) {
    const kd = new Dec(k);
    return (v) => v instanceof Decimal && compareDecimals(v, kd) === 0;
  }
  if (isDate(k)) {
    const day = epochDay(k);
    return (v) => isDate(v) && epochDay(v) === day;
  }
  return (v) => feelEquals(v, k);
};

/** `v op k` for a constant `k` (`< 5`, `>= date("2026-01-01")`). Null when not comparable. */
const compareWithConstant = (op: ComparisonOp, k: FeelValue): UnaryTest => {
  if (op === '=') return equalsConstant(k);
  if (op === '!=') {
    const eq = equalsConstant(k);
    return (v, c, q) => !eq(v, c, q);
  }
  if (k === null) return () => null;
  if (isFeelNumber(k)) return compareWithNumber(op, k);
  if (typeof k === 'string') {
    switch (op) {
      case '<':
        return (v) => (typeof v === 'string' ? v < k : null);
      case '<=':
        return (v) => (typeof v === 'string' ? v <= k : null);
      case '>':
        return (v) => (typeof v === 'string' ? v > k : null);
      default:
        return (v) => (typeof v === 'string' ? v >= k : null);
    }
  }
  if (isDate(k)) {
    const day = epochDay(k);
    switch (op) {
      case '<':
        return (v) => (isDate(v) ? epochDay(v) < day : null);
      case '<=':
        return (v) => (isDate(v) ? epochDay(v) <= day : null);
      case '>':
        return (v) => (isDate(v) ? epochDay(v) > day : null);
      default:
        return (v) => (isDate(v) ? epochDay(v) >= day : null);
    }
  }
  return (v) => {
    const c = compareValues(v, k);
    return c === null ? null : ordering(op, c);
  };
};

/**
 * `v op k` for a constant number. A safe-integer `v` compares natively: against an integral `k`
 * directly, else against floor/ceil of `k` (exact for integers). A Decimal `v` compares without
 * allocating.
 */
const compareWithNumber = (op: ComparisonOp, k: FeelNumber): UnaryTest => {
  const kd = new Dec(toDecimal(k));
  const { floor, ceil, integral } = integerBounds(k);
  const slow = (v: FeelValue): number | null => {
    if (typeof v === 'number') return compareDecimals(new Dec(v), kd);
    if (v instanceof Decimal) {
      const c = compareDecimals(v, kd);
      return Number.isNaN(c) ? null : c;
    }
    return null;
  };
  if (integral) {
    const n = floor;
    switch (op) {
      case '<':
        return (v) => {
          if (typeof v === 'number') return v < n;
          const c = slow(v);
          return c === null ? null : c < 0;
        };
      case '<=':
        return (v) => {
          if (typeof v === 'number') return v <= n;
          const c = slow(v);
          return c === null ? null : c <= 0;
        };
      case '>':
        return (v) => {
          if (typeof v === 'number') return v > n;
          const c = slow(v);
          return c === null ? null : c > 0;
        };
      default:
        return (v) => {
          if (typeof v === 'number') return v >= n;
          const c = slow(v);
          return c === null ? null : c >= 0;
        };
    }
  }
  // A non-integral bound: integers compare against floor/ceil, anything else exactly.
  const bound = op === '<' || op === '>=' ? ceil : floor;
  const native: (v: number) => boolean =
    op === '<'
      ? (v) => v < bound
      : op === '<='
        ? (v) => v <= bound
        : op === '>'
          ? (v) => v > bound
          : (v) => v >= bound;
  return (v) => {
    if (typeof v === 'number' && Number.isInteger(v)) return native(v);
    const c = slow(v);
    return c === null ? null : ordering(op, c);
  };
};

/** Both bounds hold: false if either is false, null if either is unknown. */
const both =
  (lo: UnaryTest, hi: UnaryTest): UnaryTest =>
  (v, c, q) => {
    const a = lo(v, c, q);
    if (a === false) return false;
    const b = hi(v, c, q);
    if (b === false) return false;
    return a === null || b === null ? null : true;
  };

const rangeTest = (r: FeelRange): UnaryTest => {
  const { start, end, startIncluded, endIncluded } = r;
  // The common case: integral numeric bounds and a safe-integer input.
  if (typeof start === 'number' && typeof end === 'number') {
    const generic = both(
      compareWithNumber(startIncluded ? '>=' : '>', start),
      compareWithNumber(endIncluded ? '<=' : '<', end),
    );
    if (startIncluded && endIncluded)
      return (v, c, q) => (typeof v === 'number' ? v >= start && v <= end : generic(v, c, q));
    if (startIncluded) return (v, c, q) => (typeof v === 'number' ? v >= start && v < end : generic(v, c, q));
    if (endIncluded) return (v, c, q) => (typeof v === 'number' ? v > start && v <= end : generic(v, c, q));
    return (v, c, q) => (typeof v === 'number' ? v > start && v < end : generic(v, c, q));
  }
  const lo: UnaryTest | null = start === null ? null : compareWithConstant(startIncluded ? '>=' : '>', start);
  const hi: UnaryTest | null = end === null ? null : compareWithConstant(endIncluded ? '<=' : '<', end);
  if (lo === null && hi === null) return (v) => (v === null ? null : true);
  if (lo === null) return hi as UnaryTest;
  if (hi === null) return lo;
  return both(lo, hi);
};

/** Canonical key of a number for Set lookups: the number itself when a safe integer. */
const numberKey = (v: FeelNumber): number | string => {
  if (typeof v === 'number') return v;
  const n = toSafeInteger(v);
  return n === null ? v.toFixed() : n;
};

/** `v` is one of the constant values. */
const memberOfConstants = (values: readonly FeelValue[]): UnaryTest => {
  const hasNull = values.includes(null);
  const rest = values.filter((x) => x !== null);
  if (rest.every((x) => typeof x === 'string')) {
    const strings = rest as string[];
    if (strings.length <= 3) {
      const [s0, s1, s2] = strings;
      if (strings.length === 1) return (v) => v === s0 || (hasNull && v === null);
      if (strings.length === 2) return (v) => v === s0 || v === s1 || (hasNull && v === null);
      return (v) => v === s0 || v === s1 || v === s2 || (hasNull && v === null);
    }
    const set = new Set(strings);
    return (v) => (typeof v === 'string' ? set.has(v) : hasNull && v === null);
  }
  if (rest.every(isFeelNumber)) {
    const set = new Set(rest.map((x) => numberKey(x as FeelNumber)));
    return (v) => {
      if (typeof v === 'number') return set.has(v);
      if (v instanceof Decimal) return set.has(numberKey(v));
      return hasNull && v === null;
    };
  }
  return (v) => values.some((x) => feelEquals(v, x));
};

const anyOf = (tests: readonly UnaryTest[]): UnaryTest => {
  if (tests.length === 1) return tests[0] as UnaryTest;
  if (tests.length === 2) {
    const [t0, t1] = tests as [UnaryTest, UnaryTest];
    return (v, c, q) => {
      const a = t0(v, c, q);
      if (a === true) return true;
      const b = t1(v, c, q);
      if (b === true) return true;
      return a === null || b === null ? null : false;
    };
  }
  return (v, c, q) => {
    let unknown = false;
    for (let i = 0; i < tests.length; i++) {
      const r = (tests[i] as UnaryTest)(v, c, q);
      if (r === true) return true;
      if (r === null) unknown = true;
    }
    return unknown ? null : false;
  };
};

// ---------------------------------------------------------------------------------------------
// Lowering expressions

const ARITHMETIC_RULES: Readonly<Record<ArithmeticOp, readonly (readonly [string, string, FeelType])[]>> = {
  '+': [
    ['number', 'number', T.number],
    ['string', 'string', T.string],
    ['date', 'days-duration', T.date],
    ['date', 'years-duration', T.date],
    ['days-duration', 'date', T.date],
    ['years-duration', 'date', T.date],
    ['days-duration', 'days-duration', T.daysDuration],
    ['years-duration', 'years-duration', T.yearsDuration],
  ],
  '-': [
    ['number', 'number', T.number],
    ['date', 'date', T.daysDuration],
    ['date', 'days-duration', T.date],
    ['date', 'years-duration', T.date],
    ['days-duration', 'days-duration', T.daysDuration],
    ['years-duration', 'years-duration', T.yearsDuration],
  ],
  '*': [
    ['number', 'number', T.number],
    ['days-duration', 'number', T.daysDuration],
    ['number', 'days-duration', T.daysDuration],
    ['years-duration', 'number', T.yearsDuration],
    ['number', 'years-duration', T.yearsDuration],
  ],
  '/': [
    ['number', 'number', T.number],
    ['days-duration', 'number', T.daysDuration],
    ['days-duration', 'days-duration', T.number],
    ['years-duration', 'number', T.yearsDuration],
    ['years-duration', 'years-duration', T.number],
  ],
  '**': [['number', 'number', T.number]],
};

const VERBS: Readonly<Record<ArithmeticOp, string>> = {
  '+': 'add',
  '-': 'subtract',
  '*': 'multiply',
  '/': 'divide',
  '**': 'raise to a power',
};

const usesInput = (node: Node): boolean => {
  switch (node.kind) {
    case 'input':
      return true;
    case 'path':
      return usesInput(node.target);
    case 'filter':
      return usesInput(node.target) || usesInput(node.filter);
    case 'call':
      return node.args.some(usesInput);
    case 'negate':
      return usesInput(node.operand);
    case 'arithmetic':
    case 'comparison':
    case 'logic':
      return usesInput(node.left) || usesInput(node.right);
    case 'between':
      return usesInput(node.value) || usesInput(node.low) || usesInput(node.high);
    case 'in':
      return usesInput(node.value) || usesInput(node.test);
    case 'if':
      return usesInput(node.condition) || usesInput(node.then) || usesInput(node.otherwise);
    case 'list':
      return node.items.some(usesInput);
    case 'range':
      return usesInput(node.start) || usesInput(node.end);
    case 'context':
      return node.entries.some((e) => usesInput(e.value));
    case 'compare-test':
      return usesInput(node.operand);
    case 'tests':
      return node.tests.some(usesInput);
    default:
      return false;
  }
};

const isFact = (env: Env, name: string): boolean =>
  !(env.locals?.has(name) ?? false) && Object.prototype.hasOwnProperty.call(env.scope.fields, name);

const lowerName = (node: Extract<Node, { kind: 'name' }>, env: Env, record: boolean): Lowered => {
  const { name } = node;
  const local = env.locals?.get(name);
  const fact = local === undefined && Object.prototype.hasOwnProperty.call(env.scope.fields, name);
  const type = local ?? (fact ? env.scope.fields[name] : undefined);
  if (type === undefined) {
    if (BUILTINS.has(name)) {
      report(
        env,
        'feel.syntax',
        `\`${name}\` is a function: call it with its arguments, \`${name}(…)\``,
        node.span,
      );
    } else {
      const candidates = [...Object.keys(env.scope.fields), ...(env.locals?.keys() ?? [])];
      const guess = suggest(name, candidates);
      report(
        env,
        'feel.unknown-name',
        `unknown name \`${name}\`${guess === null ? '' : `; did you mean \`${guess}\`?`}`,
        node.span,
      );
    }
    return dynamic(T.any, () => null);
  }
  if (fact && record) env.reads.add(name);
  if (INHERITED.has(name)) {
    const get = ownField(name);
    return dynamic(type, (c) => get(c));
  }
  return dynamic(type, (c) => {
    const v = c[name];
    return v === undefined ? null : v;
  });
};

/** The static type of `.name` on a value of type `t`; null when there is no such member. */
const memberType = (t: FeelType, name: string): FeelType | null => {
  switch (t.kind) {
    case 'context': {
      const f = Object.prototype.hasOwnProperty.call(t.fields, name) ? t.fields[name] : undefined;
      return f ?? null;
    }
    case 'any':
    case 'null':
      return T.any;
    case 'list': {
      const m = memberType(t.of, name);
      return m === null ? null : listOf(m);
    }
    case 'date':
      return Object.prototype.hasOwnProperty.call(DATE_MEMBERS, name) ? T.number : null;
    case 'days-duration':
      return name === 'days' ? T.number : null;
    case 'years-duration':
      return name === 'years' || name === 'months' ? T.number : null;
    case 'range':
      return name === 'start' || name === 'end' ? t.of : null;
    default:
      return null;
  }
};

const membersOf = (t: FeelType): string[] => {
  switch (t.kind) {
    case 'context':
      return Object.keys(t.fields);
    case 'list':
      return membersOf(t.of);
    case 'date':
      return Object.keys(DATE_MEMBERS);
    case 'days-duration':
      return ['days'];
    case 'years-duration':
      return ['years', 'months'];
    case 'range':
      return ['start', 'end'];
    default:
      return [];
  }
};

/**
 * `a.b.c`: the whole chain at once, so that a path of facts reads as one fact path
 * (`case.overdue.amount`, recorded in `reads`) and compiles to one closure.
 */
const lowerPath = (node: Extract<Node, { kind: 'path' }>, env: Env): Lowered => {
  const segments: Extract<Node, { kind: 'path' }>[] = [];
  let root: Node = node;
  while (root.kind === 'path') {
    segments.unshift(root);
    root = root.target;
  }
  const rootIsFact = root.kind === 'name' && isFact(env, root.name);
  const base = root.kind === 'name' ? lowerName(root, env, false) : lower(root, env);
  let factPath: string | null = rootIsFact && root.kind === 'name' ? root.name : null;
  let type = base.type;
  const steps: Step[] = [];
  const fieldNames: string[] = [];
  let allContextFields = rootIsFact;
  let failed = false;
  for (const seg of segments) {
    const m = failed ? T.any : memberType(type, seg.field);
    if (m === null) {
      const owner = textOf(env, { start: node.span.start, end: seg.target.span.end });
      const guess = suggest(seg.field, membersOf(type));
      const detail =
        type.kind === 'context'
          ? `no field \`${seg.field}\` in \`${owner}\``
          : `${withArticle(type)} has no field \`${seg.field}\``;
      report(
        env,
        'feel.unknown-field',
        `\`${owner}.${seg.field}\` — ${detail}${guess === null ? '' : `; did you mean \`${guess}\`?`}`,
        seg.fieldSpan,
      );
      failed = true;
      type = T.any;
      steps.push(() => null);
      factPath = null;
      continue;
    }
    const continuesFact = type.kind === 'context' || type.kind === 'any' || type.kind === 'list';
    if (factPath !== null) factPath = continuesFact ? `${factPath}.${seg.field}` : factPath;
    if (!continuesFact) {
      if (factPath !== null) env.reads.add(factPath);
      factPath = null;
    }
    if (type.kind === 'context') {
      steps.push(contextField(seg.field));
      fieldNames.push(seg.field);
    } else {
      steps.push(anyMember(seg.field));
      allContextFields = false;
    }
    type = m;
  }
  if (factPath !== null) env.reads.add(factPath);
  if (failed) return dynamic(T.any, () => null);

  // Fused accessors for the usual fact paths (`case.overdue.daysPastDue`).
  if (
    allContextFields &&
    root.kind === 'name' &&
    !INHERITED.has(root.name) &&
    !fieldNames.some((f) => INHERITED.has(f))
  ) {
    const r = root.name;
    if (fieldNames.length === 1) {
      const [f1] = fieldNames as [string];
      return dynamic(type, (c) => {
        const a = c[r];
        if (typeof a !== 'object' || a === null) return null;
        const v = (a as FeelContext)[f1];
        return v === undefined ? null : v;
      });
    }
    if (fieldNames.length === 2) {
      const [f1, f2] = fieldNames as [string, string];
      return dynamic(type, (c) => {
        const a = c[r];
        if (typeof a !== 'object' || a === null) return null;
        const b = (a as FeelContext)[f1];
        if (typeof b !== 'object' || b === null) return null;
        const v = (b as FeelContext)[f2];
        return v === undefined ? null : v;
      });
    }
  }
  const baseEv = base.ev;
  return dynamic(type, (c, q) => {
    let v = baseEv(c, q);
    for (let i = 0; i < steps.length; i++) {
      if (v === null) return null;
      v = (steps[i] as Step)(v);
    }
    return v;
  });
};

const lowerFilter = (node: Extract<Node, { kind: 'filter' }>, env: Env): Lowered => {
  const target = lower(node.target, env);
  const t = target.type;
  const element = t.kind === 'list' ? t.of : isOpen(t) ? T.any : t;
  const locals = new Map(env.locals ?? []);
  if (element.kind === 'context') for (const [k, v] of Object.entries(element.fields)) locals.set(k, v);
  locals.set('item', element);
  const filter = lower(node.filter, { ...env, locals });
  const fev = filter.ev;
  const tev = target.ev;
  const listType = t.kind === 'list' ? t : listOf(element);
  if (filter.type.kind === 'number') {
    // `list[1]`, `list[-1]`: an index, 1-based, negative from the end.
    return fold(
      element,
      (c, q) => {
        const l = tev(c, q);
        if (l === null) return null;
        const arr = Array.isArray(l) ? (l as readonly FeelValue[]) : [l];
        const iv = fev(c, q);
        const i = isFeelNumber(iv) ? toSafeInteger(iv) : null;
        if (i === null || i === 0) return null;
        const at = i > 0 ? i - 1 : arr.length + i;
        return at >= 0 && at < arr.length ? (arr[at] ?? null) : null;
      },
      [target, filter],
    );
  }
  if (filter.type.kind !== 'boolean' && !isOpen(filter.type)) {
    mismatch(
      env,
      node.filter.span,
      `a filter is a condition (boolean) or an index (number), not ${withArticle(filter.type)}`,
    );
    return dynamic(listType, () => null);
  }
  return dynamic(listType, (c, q) => {
    const l = tev(c, q);
    if (l === null) return null;
    const arr = Array.isArray(l) ? (l as readonly FeelValue[]) : [l];
    const out: FeelValue[] = [];
    for (const item of arr) {
      const scope: FeelContext = isContext(item) ? { ...c, ...item, item } : { ...c, item };
      if (fev(scope, q) === true) out.push(item);
    }
    return out;
  });
};

const lowerCall = (node: Extract<Node, { kind: 'call' }>, env: Env): Lowered => {
  const args = node.args.map((a) => lower(a, env));
  if (node.callee.kind !== 'name') {
    report(env, 'feel.syntax', 'only built-in functions can be called', node.callee.span);
    return dynamic(T.any, () => null);
  }
  const name = node.callee.name;
  const builtin = BUILTINS.get(name);
  if (builtin === undefined) {
    if (isFact(env, name)) {
      report(
        env,
        'feel.syntax',
        `\`${name}\` is a fact, not a function: write \`${name}\` without \`(…)\``,
        node.span,
      );
      return dynamic(T.any, () => null);
    }
    const guess = suggest(name, BUILTINS.keys());
    report(
      env,
      'feel.unknown-function',
      `unknown function \`${name}\`${guess === null ? '' : `; did you mean \`${guess}\`?`}`,
      node.callee.span,
    );
    return dynamic(T.any, () => null);
  }
  if (args.length < builtin.minArgs || args.length > builtin.maxArgs) {
    const expected =
      builtin.minArgs === builtin.maxArgs
        ? `${builtin.minArgs}`
        : builtin.maxArgs === Infinity
          ? `at least ${builtin.minArgs}`
          : `${builtin.minArgs} to ${builtin.maxArgs}`;
    report(
      env,
      'feel.arity',
      `\`${name}\` takes ${expected} argument${expected === '1' ? '' : 's'}, not ${args.length} (${builtin.signature})`,
      node.span,
    );
    return dynamic(T.any, () => null);
  }
  const infos: ArgInfo[] = args.map((a) => ({ type: a.type, constant: a.isConstant, value: a.value }));
  let typeErrors = false;
  const type = builtin.check(infos, (i, message) => {
    typeErrors = true;
    const argNode = node.args[i] ?? node;
    report(env, 'feel.type-mismatch', message, argNode.span);
  });
  if (typeErrors) return dynamic(type, () => null);
  const fn = builtin.fn;
  const evs = args.map((a) => a.ev);
  let ev: Evaluator;
  if (evs.length === 1) {
    const [e0] = evs as [Evaluator];
    ev = (c, q) => fn([e0(c, q)]);
  } else if (evs.length === 2) {
    const [e0, e1] = evs as [Evaluator, Evaluator];
    ev = (c, q) => fn([e0(c, q), e1(c, q)]);
  } else {
    ev = (c, q) => fn(evs.map((e) => e(c, q)));
  }
  const result = fold(type, ev, args);
  // A literal that does not parse is a mistake worth reporting now: `date("2026-02-30")`.
  if (
    result.isConstant &&
    result.value === null &&
    (name === 'date' || name === 'duration') &&
    args.length === 1 &&
    typeof args[0]?.value === 'string'
  ) {
    const expected =
      name === 'date' ? 'a date `YYYY-MM-DD`' : 'an ISO 8601 duration such as `P14D` or `P1Y2M`';
    report(
      env,
      'feel.invalid-literal',
      `\`${textOf(env, node.span)}\`: "${args[0].value}" is not ${expected}`,
      (node.args[0] as Node).span,
    );
  }
  return result;
};

const lowerArithmetic = (node: Extract<Node, { kind: 'arithmetic' }>, env: Env): Lowered => {
  const l = lower(node.left, env);
  const r = lower(node.right, env);
  const rules = ARITHMETIC_RULES[node.op].filter(
    ([lk, rk]) => (isOpen(l.type) || l.type.kind === lk) && (isOpen(r.type) || r.type.kind === rk),
  );
  if (rules.length === 0) {
    mismatch(env, node.span, `cannot ${VERBS[node.op]} ${withArticle(l.type)} and ${withArticle(r.type)}`);
    return dynamic(T.any, () => null);
  }
  const results = rules.map(([, , t]) => t);
  const type = results.every((t) => t.kind === (results[0] as FeelType).kind)
    ? (results[0] as FeelType)
    : T.any;
  const le = l.ev;
  const re = r.ev;
  const op = node.op;
  let ev: Evaluator;
  if (op === '+' || op === '-' || op === '*') {
    const native =
      op === '+'
        ? (a: number, b: number) => a + b
        : op === '-'
          ? (a: number, b: number) => a - b
          : (a: number, b: number) => a * b;
    ev = (c, q) => {
      const a = le(c, q);
      const b = re(c, q);
      if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) && Number.isInteger(b)) {
        const s = native(a, b);
        if (Number.isSafeInteger(s)) return s + 0;
      }
      return arithmetic(op, a, b);
    };
  } else {
    ev = (c, q) => arithmetic(op, le(c, q), re(c, q));
  }
  return fold(type, ev, [l, r]);
};

const lowerComparison = (node: Extract<Node, { kind: 'comparison' }>, env: Env): Lowered => {
  const l = lower(node.left, env);
  const r = lower(node.right, env);
  const op = node.op;
  const equality = op === '=' || op === '!=';
  const ok = equality ? isEquatable(l.type, r.type) : isComparable(l.type, r.type);
  if (!ok) {
    mismatch(env, node.span, `cannot compare ${withArticle(l.type)} with ${withArticle(r.type)}`);
    return dynamic(T.boolean, () => null);
  }
  const le = l.ev;
  if (r.isConstant && !l.isConstant && !equality) {
    // `x > 5`: the same specialised test as a table cell `> 5`.
    const test = compareWithConstant(op, r.value);
    return dynamic(T.boolean, (c, q) => test(le(c, q), c, q));
  }
  const re = r.ev;
  return fold(T.boolean, (c, q) => compareOperator(op, le(c, q), re(c, q)), [l, r]);
};

const expectBoolean = (env: Env, lowered: Lowered, span: Span, what: string): void => {
  if (!isAssignable(T.boolean, lowered.type))
    mismatch(env, span, `${what} must be a boolean, not ${withArticle(lowered.type)}`);
};

const lowerLogic = (node: Extract<Node, { kind: 'logic' }>, env: Env): Lowered => {
  const l = lower(node.left, env);
  const r = lower(node.right, env);
  expectBoolean(env, l, node.left.span, `the operand of \`${node.op}\``);
  expectBoolean(env, r, node.right.span, `the operand of \`${node.op}\``);
  const le = l.ev;
  const re = r.ev;
  const ev: Evaluator =
    node.op === 'and'
      ? (c, q) => {
          const a = le(c, q);
          if (a === false) return false;
          const b = re(c, q);
          if (b === false) return false;
          return a === true && b === true ? true : null;
        }
      : (c, q) => {
          const a = le(c, q);
          if (a === true) return true;
          const b = re(c, q);
          if (b === true) return true;
          return a === false && b === false ? false : null;
        };
  return fold(T.boolean, ev, [l, r]);
};

const lowerRange = (node: Extract<Node, { kind: 'range' }>, env: Env): Lowered => {
  const s = lower(node.start, env);
  const e = lower(node.end, env);
  if (!isOrdered(s.type) || !isOrdered(e.type) || !isComparable(s.type, e.type)) {
    mismatch(
      env,
      node.span,
      `a range needs two bounds of one ordered kind, not ${withArticle(s.type)} and ${withArticle(e.type)}`,
    );
    return dynamic(rangeOf(T.any), () => null);
  }
  const { startIncluded, endIncluded } = node;
  const se = s.ev;
  const ee = e.ev;
  return fold(
    rangeOf(unify(s.type, e.type)),
    (c, q): FeelRange => ({ kind: 'range', start: se(c, q), end: ee(c, q), startIncluded, endIncluded }),
    [s, e],
  );
};

const lowerTestsOutsideIn = (node: Node, env: Env): Lowered => {
  report(
    env,
    'feel.syntax',
    node.kind === 'tests'
      ? 'a list of unary tests `(…, …)` is only allowed after `in` or in a decision table cell'
      : 'a test such as `< 5` is only allowed after `in` or in a decision table cell',
    node.span,
  );
  return dynamic(T.any, () => null);
};

const lower = (node: Node, env: Env): Lowered => {
  switch (node.kind) {
    case 'number':
      return constant(T.number, node.value);
    case 'string':
      return constant(T.string, node.value);
    case 'boolean':
      return constant(T.boolean, node.value);
    case 'null':
      return constant(T.null, null);
    case 'input': {
      const t = env.inputType;
      if (t === null) {
        report(env, 'feel.unknown-name', '`?` (the input value) is only allowed in unary tests', node.span);
        return dynamic(T.any, () => null);
      }
      return dynamic(t, (_c, q) => q);
    }
    case 'name':
      return lowerName(node, env, true);
    case 'path':
      return lowerPath(node, env);
    case 'filter':
      return lowerFilter(node, env);
    case 'call':
      return lowerCall(node, env);
    case 'negate': {
      const o = lower(node.operand, env);
      const k = o.type.kind;
      if (!isOpen(o.type) && k !== 'number' && k !== 'days-duration' && k !== 'years-duration') {
        mismatch(env, node.span, `cannot negate ${withArticle(o.type)}`);
        return dynamic(T.any, () => null);
      }
      const oe = o.ev;
      return fold(
        isOpen(o.type) ? T.any : o.type,
        (c, q) => {
          const v = oe(c, q);
          if (isFeelNumber(v)) return negate(v);
          if (isDaysDuration(v)) return daysDuration(-v.days);
          if (isYearsDuration(v)) return yearsDuration(-v.months);
          return null;
        },
        [o],
      );
    }
    case 'arithmetic':
      return lowerArithmetic(node, env);
    case 'comparison':
      return lowerComparison(node, env);
    case 'logic':
      return lowerLogic(node, env);
    case 'between': {
      const v = lower(node.value, env);
      const lo = lower(node.low, env);
      const hi = lower(node.high, env);
      if (
        !isComparable(v.type, lo.type) ||
        !isComparable(v.type, hi.type) ||
        !isComparable(lo.type, hi.type)
      ) {
        mismatch(
          env,
          node.span,
          `cannot compare ${withArticle(v.type)} with bounds of type ${withArticle(lo.type)} and ${withArticle(hi.type)}`,
        );
        return dynamic(T.boolean, () => null);
      }
      const ve = v.ev;
      const le = lo.ev;
      const he = hi.ev;
      return fold(
        T.boolean,
        (c, q) => {
          const x = ve(c, q);
          const a = compareOperator('>=', x, le(c, q));
          if (a === false) return false;
          const b = compareOperator('<=', x, he(c, q));
          if (b === false) return false;
          return a === null || b === null ? null : true;
        },
        [v, lo, hi],
      );
    }
    case 'in': {
      const v = lower(node.value, env);
      const test = lowerTest(node.test, v.type, env, false);
      const ve = v.ev;
      return dynamic(T.boolean, (c, q) => test(ve(c, q), c, q));
    }
    case 'if': {
      const cond = lower(node.condition, env);
      expectBoolean(env, cond, node.condition.span, 'the condition of `if`');
      const th = lower(node.then, env);
      const el = lower(node.otherwise, env);
      const ce = cond.ev;
      const te = th.ev;
      const ee = el.ev;
      const type = unify(th.type, el.type);
      if (cond.isConstant) return cond.value === true ? { ...th, type } : { ...el, type };
      return dynamic(type, (c, q) => (ce(c, q) === true ? te(c, q) : ee(c, q)));
    }
    case 'list': {
      const items = node.items.map((i) => lower(i, env));
      const type = listOf(items.reduce<FeelType>((t, i) => unify(t, i.type), T.null));
      const evs = items.map((i) => i.ev);
      return fold(
        type.kind === 'list' && type.of.kind === 'null' && items.length === 0 ? listOf(T.any) : type,
        (c, q) => evs.map((e) => e(c, q)),
        items,
      );
    }
    case 'range':
      return lowerRange(node, env);
    case 'context': {
      const seen = new Set<string>();
      const entries = node.entries.map((e) => {
        if (seen.has(e.key))
          report(env, 'feel.duplicate-key', `the key \`${e.key}\` appears twice`, e.keySpan);
        seen.add(e.key);
        return { key: e.key, lowered: lower(e.value, env) };
      });
      const fields: Record<string, FeelType> = {};
      for (const e of entries) fields[e.key] = e.lowered.type;
      return fold(
        contextOf(fields),
        (c, q) => {
          const out: Record<string, FeelValue> = {};
          for (const e of entries) out[e.key] = e.lowered.ev(c, q);
          return out;
        },
        entries.map((e) => e.lowered),
      );
    }
    case 'compare-test':
    case 'tests':
      return lowerTestsOutsideIn(node, env);
  }
};

// ---------------------------------------------------------------------------------------------
// Lowering unary tests

/**
 * One positive unary test against an input of type `inputType`. At cell level (`cell`), an
 * expression that uses `?` is a condition, and a boolean expression against a non-boolean input
 * is a condition too (DMN 1.3 §10.3.2.12); otherwise a value is compared for equality, a list
 * tests membership and a range inclusion.
 */
const lowerTest = (node: Node, inputType: FeelType, env: Env, cell: boolean): UnaryTest => {
  switch (node.kind) {
    case 'compare-test': {
      const operand = lower(node.operand, env);
      const equality = node.op === '=' || node.op === '!=';
      const ok = equality ? isEquatable(inputType, operand.type) : isComparable(inputType, operand.type);
      if (!ok) {
        mismatch(
          env,
          node.span,
          `cannot compare ${withArticle(inputType)} input with ${withArticle(operand.type)}`,
        );
        return () => null;
      }
      const op = node.op;
      if (operand.isConstant) return compareWithConstant(op, operand.value);
      const oe = operand.ev;
      return (v, c, q) => compareOperator(op, v, oe(c, q));
    }
    case 'tests': {
      const tests = node.tests.map((t) => lowerTest(t, inputType, env, cell));
      return anyOf(tests);
    }
    case 'null':
      return (v) => v === null;
    case 'range': {
      const r = lowerRange(node, env);
      if (r.type.kind === 'range' && !isComparable(inputType, r.type.of)) {
        mismatch(
          env,
          node.span,
          `cannot compare ${withArticle(inputType)} input with a range of ${withArticle(r.type.of)}`,
        );
        return () => null;
      }
      if (r.isConstant && isRange(r.value)) return rangeTest(r.value);
      const re = r.ev;
      return (v, c, q) => {
        const range = re(c, q);
        return isRange(range) ? inRange(v, range) : null;
      };
    }
    default:
      break;
  }
  if (cell && usesInput(node)) {
    const condition = lower(node, env);
    expectBoolean(env, condition, node.span, 'a test that uses `?`');
    const ce = condition.ev;
    return (_v, c, q) => asBoolean(ce(c, q));
  }
  const lowered = lower(node, env);
  const t = lowered.type;
  const le = lowered.ev;
  if (t.kind === 'range') {
    if (!isComparable(inputType, t.of)) {
      mismatch(
        env,
        node.span,
        `cannot compare ${withArticle(inputType)} input with a range of ${withArticle(t.of)}`,
      );
      return () => null;
    }
    if (lowered.isConstant && isRange(lowered.value)) return rangeTest(lowered.value);
    return (v, c, q) => {
      const range = le(c, q);
      return isRange(range) ? inRange(v, range) : null;
    };
  }
  if (t.kind === 'list' && inputType.kind !== 'list') {
    if (!isEquatable(inputType, t.of)) {
      mismatch(env, node.span, `${withArticle(inputType)} input cannot be one of ${withArticle(t)}`);
      return () => null;
    }
    if (lowered.isConstant && Array.isArray(lowered.value))
      return memberOfConstants(lowered.value as readonly FeelValue[]);
    return (v, c, q) => {
      const l = le(c, q);
      if (!Array.isArray(l)) return l === null ? v === null : feelEquals(v, l);
      return (l as readonly FeelValue[]).some((x) => feelEquals(v, x));
    };
  }
  if (cell && t.kind === 'boolean' && !isOpen(inputType) && inputType.kind !== 'boolean') {
    return (_v, c, q) => asBoolean(le(c, q));
  }
  if (isOpen(t) && !lowered.isConstant) {
    // Decide at run time what the value is: a range, a list, a condition, or a value to equal.
    return (v, c, q) => {
      const k = le(c, q);
      if (isRange(k)) return inRange(v, k);
      if (Array.isArray(k) && !Array.isArray(v))
        return (k as readonly FeelValue[]).some((x) => feelEquals(v, x));
      if (cell && typeof k === 'boolean' && typeof v !== 'boolean' && v !== null) return k;
      return feelEquals(v, k);
    };
  }
  if (!isEquatable(inputType, t)) {
    mismatch(env, node.span, `${withArticle(t)} cannot match ${withArticle(inputType)} input`);
    return () => null;
  }
  if (lowered.isConstant) return equalsConstant(lowered.value);
  return (v, c, q) => feelEquals(v, le(c, q));
};

// ---------------------------------------------------------------------------------------------
// Entry points (internal: the public API wraps these in `index.ts`)

export type CompileOptions = {
  /** Added to every diagnostic: where the text sits in a larger document. */
  readonly where?: string;
  /** Type of `?` when the expression is evaluated with an input (table cells); `?` is refused otherwise. */
  readonly inputType?: FeelType;
};

export type LoweredExpression = {
  readonly type: FeelType;
  readonly evaluate: Evaluator;
  readonly reads: readonly string[];
  readonly isConstant: boolean;
  readonly value: FeelValue;
};

export type LoweredUnaryTests = {
  /** `-`: matches anything, costs nothing. */
  readonly matchesAnything: boolean;
  readonly test: UnaryTest;
  readonly reads: readonly string[];
};

export type Lowering<T> =
  | { readonly ok: true; readonly value: T; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

const newEnv = (source: string, scope: ContextType, options: CompileOptions): Env => ({
  scope,
  locals: null,
  inputType: options.inputType ?? null,
  diagnostics: [],
  reads: new Set(),
  lines: source.split(/\r\n|\r|\n/),
  where: options.where,
});

const withWhere = (diagnostics: readonly Diagnostic[], where: string | undefined): Diagnostic[] =>
  where === undefined ? [...diagnostics] : diagnostics.map((d) => ({ ...d, where }));

export const lowerExpression = (
  source: string,
  scope: ContextType,
  options: CompileOptions = {},
): Lowering<LoweredExpression> => {
  const parsed = parseExpression(source);
  if (!parsed.ok) return { ok: false, diagnostics: withWhere(parsed.diagnostics, options.where) };
  const env = newEnv(source, scope, options);
  const lowered = lower(parsed.value, env);
  if (env.diagnostics.length > 0) return { ok: false, diagnostics: env.diagnostics };
  return {
    ok: true,
    diagnostics: [],
    value: {
      type: lowered.type,
      evaluate: lowered.ev,
      reads: [...env.reads],
      isConstant: lowered.isConstant,
      value: lowered.value,
    },
  };
};

export const lowerUnaryTests = (
  source: string,
  inputType: FeelType,
  scope: ContextType,
  options: Omit<CompileOptions, 'inputType'> = {},
): Lowering<LoweredUnaryTests> => {
  const parsed = parseUnaryTests(source);
  if (!parsed.ok) return { ok: false, diagnostics: withWhere(parsed.diagnostics, options.where) };
  const ast = parsed.value;
  if (ast.kind === 'any')
    return { ok: true, diagnostics: [], value: { matchesAnything: true, test: () => true, reads: [] } };
  const env = newEnv(source, scope, { ...options, inputType });
  const inner = anyOf(ast.tests.map((t) => lowerTest(t, inputType, env, true)));
  if (env.diagnostics.length > 0) return { ok: false, diagnostics: env.diagnostics };
  const test: UnaryTest = ast.negated
    ? (v, c, q) => {
        const r = inner(v, c, q);
        return r === null ? null : !r;
      }
    : inner;
  return { ok: true, diagnostics: [], value: { matchesAnything: false, test, reads: [...env.reads] } };
};

// Ranges in JSON facts (`"[1..30]"`) are read with the parser.
setRangeParser((text) => {
  const r = lowerExpression(text, contextOf({}));
  return r.ok && r.value.isConstant && isRange(r.value.value) ? r.value.value : null;
});

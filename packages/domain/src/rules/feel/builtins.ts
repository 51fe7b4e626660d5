import Decimal from 'decimal.js';
import {
  Dec,
  add,
  divide,
  formatNumber,
  isFeelNumber,
  normalize,
  parseNumber,
  subtract,
  toDecimal,
  toSafeInteger,
} from './numbers';
import { T, isAssignable, isOpen, isOrdered, listOf, unify, withArticle } from './typesystem';
import type { FeelType, FeelValue } from './types';
import {
  compareValues,
  dateFromParts,
  daysDuration,
  epochDay,
  feelEquals,
  formatDate,
  formatDuration,
  formatFeel,
  isDate,
  isDaysDuration,
  isYearsDuration,
  kindOf,
  monthsBetween,
  parseDate,
  parseDuration,
  yearsDuration,
} from './values';

// The built-in functions of the FEEL subset (DMN 1.3 §10.3.4, a few from 1.4). Each one has a
// static check (argument types → result type, reporting mismatches) and a total implementation:
// arguments of the wrong kind at run time give null, never an exception.

export type ArgInfo = {
  readonly type: FeelType;
  /** The value when the argument is a compile-time constant. */
  readonly constant: boolean;
  readonly value: FeelValue;
};

export type Builtin = {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** One line for the editor's completion list. */
  readonly signature: string;
  /** The result type; calls `fail` for each argument that cannot be accepted. */
  readonly check: (args: readonly ArgInfo[], fail: (argIndex: number, message: string) => void) => FeelType;
  readonly fn: (args: readonly FeelValue[]) => FeelValue;
};

const a = withArticle;

/** A function with fixed parameter types (the last `optional` ones may be left out). */
const fixed = (
  name: string,
  params: readonly FeelType[],
  optional: number,
  result: FeelType | ((args: readonly ArgInfo[]) => FeelType),
  fn: (args: readonly FeelValue[]) => FeelValue,
  paramNames: readonly string[],
): Builtin => ({
  name,
  minArgs: params.length - optional,
  maxArgs: params.length,
  signature: `${name}(${paramNames.map((p, i) => (i >= params.length - optional ? `${p}?` : p)).join(', ')})`,
  check: (args, fail) => {
    args.forEach((arg, i) => {
      const expected = params[i];
      if (expected !== undefined && !isAssignable(expected, arg.type))
        fail(
          i,
          `\`${name}\`: argument ${i + 1} (${paramNames[i] ?? '?'}) must be ${a(expected)}, not ${a(arg.type)}`,
        );
    });
    return typeof result === 'function' ? result(args) : result;
  },
  fn,
});

const str = (v: FeelValue): v is string => typeof v === 'string';
const codePoints = (s: string): string[] => Array.from(s);

// --- numbers -----------------------------------------------------------------------------------

const roundTo = (n: FeelValue, scale: FeelValue, mode: Decimal.Rounding): FeelValue => {
  if (!isFeelNumber(n)) return null;
  const s = scale === undefined || scale === null ? 0 : isFeelNumber(scale) ? toSafeInteger(scale) : null;
  if (s === null || s < -6111 || s > 6176) return null;
  const d = toDecimal(n);
  if (s >= 0) return normalize(new Dec(d).toDecimalPlaces(s, mode));
  const factor = Dec.pow(10, -s);
  return normalize(Dec.div(d, factor).toDecimalPlaces(0, mode).times(factor));
};

const rounding = (name: string, mode: Decimal.Rounding, scaleOptional: boolean): Builtin =>
  fixed(
    name,
    [T.number, T.number],
    scaleOptional ? 1 : 0,
    T.number,
    ([n, scale]) => roundTo(n ?? null, scale ?? null, mode),
    ['n', 'scale'],
  );

// --- lists ---------------------------------------------------------------------------------------

/** `f(list)` or `f(a, b, c)`: the items, or null when the single argument is not a list. */
const items = (args: readonly FeelValue[]): readonly FeelValue[] | null => {
  if (args.length === 1) {
    const only = args[0] ?? null;
    return Array.isArray(only) ? (only as readonly FeelValue[]) : only === null ? null : [only];
  }
  return args;
};

const itemTypes = (args: readonly ArgInfo[]): FeelType[] => {
  if (args.length === 1) {
    const t = (args[0] as ArgInfo).type;
    if (t.kind === 'list') return [t.of];
    if (isOpen(t)) return [T.any];
  }
  return args.map((x) => x.type);
};

const listOrVarargs = (
  name: string,
  element: 'number' | 'ordered' | 'boolean',
  result: (elementType: FeelType) => FeelType,
  fn: (values: readonly FeelValue[]) => FeelValue,
): Builtin => ({
  name,
  minArgs: 1,
  maxArgs: Infinity,
  signature: `${name}(list)`,
  check: (args, fail) => {
    const types = itemTypes(args);
    let elementType: FeelType = T.null;
    types.forEach((t, i) => {
      const ok =
        element === 'number'
          ? isAssignable(T.number, t)
          : element === 'boolean'
            ? isAssignable(T.boolean, t)
            : isOrdered(t) && (isOpen(elementType) || isOpen(t) || t.kind === elementType.kind);
      if (!ok) {
        const what = element === 'ordered' ? 'comparable values of one kind' : `${element}s`;
        fail(args.length === 1 ? 0 : i, `\`${name}\` expects a list of ${what}, not ${a(t)}`);
      }
      elementType = unify(elementType, t);
    });
    return result(elementType.kind === 'null' ? T.any : elementType);
  },
  fn: (args) => {
    const values = items(args);
    return values === null ? null : fn(values);
  },
});

const numbersOnly = (values: readonly FeelValue[]): readonly (number | Decimal)[] | null =>
  values.every(isFeelNumber) ? (values as readonly (number | Decimal)[]) : null;

const sum = (values: readonly FeelValue[]): FeelValue => {
  const ns = numbersOnly(values);
  if (ns === null || ns.length === 0) return null;
  let total: number | Decimal | null = 0;
  for (const n of ns) {
    total = add(total, n);
    if (total === null) return null;
  }
  return total;
};

const extreme =
  (sign: 1 | -1) =>
  (values: readonly FeelValue[]): FeelValue => {
    if (values.length === 0) return null;
    let best = values[0] ?? null;
    for (let i = 1; i < values.length; i++) {
      const v = values[i] ?? null;
      const c = compareValues(v, best);
      if (c === null) return null;
      if (c * sign > 0) best = v;
    }
    return compareValues(best, best) === null ? null : best;
  };

const listArg = (v: FeelValue | undefined): readonly FeelValue[] | null =>
  Array.isArray(v) ? (v as readonly FeelValue[]) : null;

const listParam = listOf(T.any);

// --- conversions ---------------------------------------------------------------------------------

const stringOf = (v: FeelValue): FeelValue => {
  if (v === null) return null;
  switch (kindOf(v)) {
    case 'string':
      return v;
    case 'number':
      return formatNumber(v as number);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'date':
      return formatDate(v as never);
    case 'days-duration':
    case 'years-duration':
      return formatDuration(v as never);
    default:
      return formatFeel(v);
  }
};

const dateOf = (args: readonly FeelValue[]): FeelValue => {
  if (args.length === 1) {
    const v = args[0] ?? null;
    if (isDate(v)) return v;
    return str(v) ? parseDate(v) : null;
  }
  const [y, m, d] = args.map((v) => (isFeelNumber(v ?? null) ? toSafeInteger(v as number) : null));
  if (y === null || m === null || d === null || y === undefined || m === undefined || d === undefined)
    return null;
  return dateFromParts(y, m, d);
};

const durationResultType = (args: readonly ArgInfo[]): FeelType => {
  const arg = args[0];
  if (arg !== undefined && arg.constant && typeof arg.value === 'string') {
    const d = parseDuration(arg.value);
    if (d !== null) return d.kind === 'days-duration' ? T.daysDuration : T.yearsDuration;
  }
  return T.any;
};

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

// --- the table -----------------------------------------------------------------------------------

const definitions: Builtin[] = [
  // boolean
  fixed('not', [T.boolean], 0, T.boolean, ([b]) => (typeof b === 'boolean' ? !b : null), ['negand']),

  // strings
  fixed(
    'contains',
    [T.string, T.string],
    0,
    T.boolean,
    ([s, m]) => (str(s ?? null) && str(m ?? null) ? (s as string).includes(m as string) : null),
    ['string', 'match'],
  ),
  fixed(
    'starts with',
    [T.string, T.string],
    0,
    T.boolean,
    ([s, m]) => (str(s ?? null) && str(m ?? null) ? (s as string).startsWith(m as string) : null),
    ['string', 'match'],
  ),
  fixed(
    'ends with',
    [T.string, T.string],
    0,
    T.boolean,
    ([s, m]) => (str(s ?? null) && str(m ?? null) ? (s as string).endsWith(m as string) : null),
    ['string', 'match'],
  ),
  fixed(
    'upper case',
    [T.string],
    0,
    T.string,
    ([s]) => (str(s ?? null) ? (s as string).toUpperCase() : null),
    ['string'],
  ),
  fixed(
    'lower case',
    [T.string],
    0,
    T.string,
    ([s]) => (str(s ?? null) ? (s as string).toLowerCase() : null),
    ['string'],
  ),
  fixed(
    'string length',
    [T.string],
    0,
    T.number,
    ([s]) => (str(s ?? null) ? codePoints(s as string).length : null),
    ['string'],
  ),
  fixed(
    'substring',
    [T.string, T.number, T.number],
    1,
    T.string,
    ([s, start, length]) => {
      if (!str(s ?? null) || !isFeelNumber(start ?? null)) return null;
      const chars = codePoints(s as string);
      const from = toSafeInteger(start as number);
      if (from === null) return null;
      const begin = from > 0 ? from - 1 : from < 0 ? Math.max(0, chars.length + from) : 0;
      if (length === undefined || length === null) return chars.slice(begin).join('');
      const n = isFeelNumber(length) ? toSafeInteger(length) : null;
      if (n === null || n < 0) return null;
      return chars.slice(begin, begin + n).join('');
    },
    ['string', 'start position', 'length'],
  ),
  fixed(
    'substring before',
    [T.string, T.string],
    0,
    T.string,
    ([s, m]) => {
      if (!str(s ?? null) || !str(m ?? null)) return null;
      const i = (s as string).indexOf(m as string);
      return i < 0 ? '' : (s as string).slice(0, i);
    },
    ['string', 'match'],
  ),
  fixed(
    'substring after',
    [T.string, T.string],
    0,
    T.string,
    ([s, m]) => {
      if (!str(s ?? null) || !str(m ?? null)) return null;
      const i = (s as string).indexOf(m as string);
      return i < 0 ? '' : (s as string).slice(i + (m as string).length);
    },
    ['string', 'match'],
  ),
  fixed(
    'string join',
    [listOf(T.string), T.string],
    1,
    T.string,
    ([list, delimiter]) => {
      const l = listArg(list);
      if (l === null) return null;
      if (delimiter !== undefined && delimiter !== null && !str(delimiter)) return null;
      if (!l.every((x) => x === null || str(x))) return null;
      return l.filter(str).join((delimiter as string | null | undefined) ?? '');
    },
    ['list', 'delimiter'],
  ),
  fixed('string', [T.any], 0, T.string, ([v]) => stringOf(v ?? null), ['from']),
  fixed('number', [T.string], 0, T.number, ([s]) => (str(s ?? null) ? parseNumber(s as string) : null), [
    'from',
  ]),

  // numbers
  fixed(
    'abs',
    [T.any],
    0,
    (args) => {
      const t = (args[0] as ArgInfo).type;
      return t.kind === 'days-duration' || t.kind === 'years-duration' ? t : T.number;
    },
    ([n]) => {
      const v = n ?? null;
      if (typeof v === 'number') return Math.abs(v);
      if (v instanceof Decimal) return normalize(v.abs());
      if (isDaysDuration(v)) return daysDuration(Math.abs(v.days));
      if (isYearsDuration(v)) return yearsDuration(Math.abs(v.months));
      return null;
    },
    ['n'],
  ),
  rounding('decimal', Decimal.ROUND_HALF_EVEN, false),
  rounding('floor', Decimal.ROUND_FLOOR, true),
  rounding('ceiling', Decimal.ROUND_CEIL, true),
  rounding('round up', Decimal.ROUND_UP, false),
  rounding('round down', Decimal.ROUND_DOWN, false),
  rounding('round half up', Decimal.ROUND_HALF_UP, false),
  rounding('round half down', Decimal.ROUND_HALF_DOWN, false),
  fixed(
    'modulo',
    [T.number, T.number],
    0,
    T.number,
    ([x, y]) => {
      if (!isFeelNumber(x ?? null) || !isFeelNumber(y ?? null)) return null;
      const q = divide(x as number, y as number);
      if (q === null) return null;
      const f = normalize(toDecimal(q).floor());
      if (f === null) return null;
      const product = normalize(Dec.mul(y as number, f));
      return product === null ? null : subtract(x as number, product);
    },
    ['dividend', 'divisor'],
  ),
  fixed(
    'odd',
    [T.number],
    0,
    T.boolean,
    ([n]) =>
      isFeelNumber(n ?? null)
        ? toDecimal(n as number)
            .mod(2)
            .abs()
            .eq(1)
        : null,
    ['n'],
  ),
  fixed(
    'even',
    [T.number],
    0,
    T.boolean,
    ([n]) =>
      isFeelNumber(n ?? null)
        ? toDecimal(n as number)
            .mod(2)
            .isZero()
        : null,
    ['n'],
  ),

  // dates and durations
  {
    name: 'date',
    minArgs: 1,
    maxArgs: 3,
    signature: 'date(from) · date(year, month, day)',
    check: (args, fail) => {
      if (args.length === 2)
        fail(1, '`date` takes one argument (a `YYYY-MM-DD` string) or three (year, month, day)');
      if (args.length === 1) {
        const t = (args[0] as ArgInfo).type;
        if (!isOpen(t) && t.kind !== 'string' && t.kind !== 'date')
          fail(0, `\`date\` expects a string \`YYYY-MM-DD\`, not ${a(t)}`);
      } else
        args.forEach((arg, i) => {
          if (!isAssignable(T.number, arg.type))
            fail(i, `\`date\` expects numbers (year, month, day), not ${a(arg.type)}`);
        });
      return T.date;
    },
    fn: dateOf,
  },
  fixed(
    'duration',
    [T.string],
    0,
    durationResultType,
    ([s]) => (str(s ?? null) ? parseDuration(s as string) : null),
    ['from'],
  ),
  fixed(
    'years and months duration',
    [T.date, T.date],
    0,
    T.yearsDuration,
    ([from, to]) => (isDate(from) && isDate(to) ? yearsDuration(monthsBetween(from, to)) : null),
    ['from', 'to'],
  ),
  fixed(
    'day of week',
    [T.date],
    0,
    T.string,
    ([d]) => {
      if (!isDate(d)) return null;
      const n = epochDay(d); // 1970-01-01 was a Thursday
      return DAY_NAMES[(((n + 3) % 7) + 7) % 7] ?? null;
    },
    ['date'],
  ),
  fixed(
    'day of year',
    [T.date],
    0,
    T.number,
    ([d]) => {
      if (!isDate(d)) return null;
      const jan1 = dateFromParts(d.year, 1, 1);
      return jan1 === null ? null : epochDay(d) - epochDay(jan1) + 1;
    },
    ['date'],
  ),

  // lists
  {
    name: 'count',
    minArgs: 1,
    maxArgs: 1,
    signature: 'count(list)',
    check: (args, fail) => {
      const t = (args[0] as ArgInfo).type;
      if (t.kind !== 'list' && !isOpen(t)) fail(0, `\`count\` expects a list, not ${a(t)}`);
      return T.number;
    },
    fn: ([list]) => {
      const l = listArg(list);
      return l === null ? null : l.length;
    },
  },
  listOrVarargs('sum', 'number', () => T.number, sum),
  listOrVarargs(
    'mean',
    'number',
    () => T.number,
    (values) => {
      const total = sum(values);
      return total === null ? null : divide(total as number, values.length);
    },
  ),
  listOrVarargs('min', 'ordered', (t) => t, extreme(-1)),
  listOrVarargs('max', 'ordered', (t) => t, extreme(1)),
  listOrVarargs(
    'all',
    'boolean',
    () => T.boolean,
    (values) => {
      if (values.some((v) => v === false)) return false;
      return values.every((v) => v === true) ? true : null;
    },
  ),
  listOrVarargs(
    'any',
    'boolean',
    () => T.boolean,
    (values) => {
      if (values.some((v) => v === true)) return true;
      return values.every((v) => v === false) ? false : null;
    },
  ),
  fixed(
    'list contains',
    [listParam, T.any],
    0,
    T.boolean,
    ([list, element]) => {
      const l = listArg(list);
      return l === null ? null : l.some((x) => feelEquals(x, element ?? null));
    },
    ['list', 'element'],
  ),
  {
    name: 'append',
    minArgs: 1,
    maxArgs: Infinity,
    signature: 'append(list, item…)',
    check: (args, fail) => {
      const t = (args[0] as ArgInfo).type;
      if (t.kind !== 'list' && !isOpen(t)) fail(0, `\`append\` expects a list, not ${a(t)}`);
      let element = t.kind === 'list' ? t.of : T.null;
      for (const arg of args.slice(1)) element = unify(element, arg.type);
      return listOf(element.kind === 'null' ? T.any : element);
    },
    fn: ([list, ...rest]) => {
      const l = listArg(list);
      return l === null ? null : [...l, ...rest];
    },
  },
  {
    name: 'concatenate',
    minArgs: 1,
    maxArgs: Infinity,
    signature: 'concatenate(list…)',
    check: (args, fail) => {
      let element: FeelType = T.null;
      args.forEach((arg, i) => {
        if (arg.type.kind === 'list') element = unify(element, arg.type.of);
        else if (isOpen(arg.type)) element = T.any;
        else fail(i, `\`concatenate\` expects lists, not ${a(arg.type)}`);
      });
      return listOf(element.kind === 'null' ? T.any : element);
    },
    fn: (args) => {
      const out: FeelValue[] = [];
      for (const arg of args) {
        const l = listArg(arg);
        if (l === null) return null;
        out.push(...l);
      }
      return out;
    },
  },
  fixed(
    'distinct values',
    [listParam],
    0,
    (args) => (args[0] as ArgInfo).type,
    ([list]) => {
      const l = listArg(list);
      if (l === null) return null;
      const out: FeelValue[] = [];
      for (const x of l) if (!out.some((y) => feelEquals(x, y))) out.push(x);
      return out;
    },
    ['list'],
  ),
  fixed(
    'index of',
    [listParam, T.any],
    0,
    listOf(T.number),
    ([list, match]) => {
      const l = listArg(list);
      if (l === null) return null;
      const out: number[] = [];
      l.forEach((x, i) => {
        if (feelEquals(x, match ?? null)) out.push(i + 1);
      });
      return out;
    },
    ['list', 'match'],
  ),
  fixed(
    'reverse',
    [listParam],
    0,
    (args) => (args[0] as ArgInfo).type,
    ([list]) => {
      const l = listArg(list);
      return l === null ? null : [...l].reverse();
    },
    ['list'],
  ),
  fixed(
    'flatten',
    [listParam],
    0,
    listOf(T.any),
    ([list]) => {
      const l = listArg(list);
      if (l === null) return null;
      const out: FeelValue[] = [];
      const walk = (xs: readonly FeelValue[]): void => {
        for (const x of xs)
          if (Array.isArray(x)) walk(x as readonly FeelValue[]);
          else out.push(x);
      };
      walk(l);
      return out;
    },
    ['list'],
  ),
];

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(definitions.map((b) => [b.name, b]));

/** Built-in function names and signatures, for editors (completion, help). */
export const feelBuiltins = (): readonly { readonly name: string; readonly signature: string }[] =>
  definitions.map((b) => ({ name: b.name, signature: b.signature }));

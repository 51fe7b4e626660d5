import type { ContextType, FeelType } from './types';

// Static types: the named constants, how two types combine, whether a value of one type may
// stand where another is expected, their display text and the DMN typeRef names.

export const T = {
  number: { kind: 'number' },
  string: { kind: 'string' },
  boolean: { kind: 'boolean' },
  date: { kind: 'date' },
  daysDuration: { kind: 'days-duration' },
  yearsDuration: { kind: 'years-duration' },
  null: { kind: 'null' },
  any: { kind: 'any' },
} as const satisfies Record<string, FeelType>;

export const listOf = (of: FeelType): FeelType => ({ kind: 'list', of });
export const rangeOf = (of: FeelType): FeelType => ({ kind: 'range', of });
export const contextOf = (fields: Record<string, FeelType>): ContextType => ({ kind: 'context', fields });

/** `any` or `null`: a type that says nothing about the value (null fits everywhere). */
export const isOpen = (t: FeelType): boolean => t.kind === 'any' || t.kind === 'null';

export const sameType = (a: FeelType, b: FeelType): boolean => {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'list':
    case 'range':
      return sameType(a.of, (b as typeof a).of);
    case 'context': {
      const bf = (b as ContextType).fields;
      const ak = Object.keys(a.fields);
      if (ak.length !== Object.keys(bf).length) return false;
      return ak.every((k) => {
        const x = a.fields[k];
        const y = bf[k];
        return x !== undefined && y !== undefined && sameType(x, y);
      });
    }
    default:
      return true;
  }
};

/** The type of a value that is either an `a` or a `b` (if/else branches, list items). */
export const unify = (a: FeelType, b: FeelType): FeelType => {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === 'any' || b.kind === 'any') return T.any;
  if (sameType(a, b)) return a;
  if (a.kind === 'list' && b.kind === 'list') return listOf(unify(a.of, b.of));
  if (a.kind === 'range' && b.kind === 'range') return rangeOf(unify(a.of, b.of));
  if (a.kind === 'context' && b.kind === 'context') {
    const fields: Record<string, FeelType> = {};
    for (const k of new Set([...Object.keys(a.fields), ...Object.keys(b.fields)])) {
      const x = a.fields[k];
      const y = b.fields[k];
      fields[k] = x !== undefined && y !== undefined ? unify(x, y) : T.any;
    }
    return contextOf(fields);
  }
  return T.any;
};

/** May a value of type `actual` be used where `expected` is wanted? (`any` and `null` fit.) */
export const isAssignable = (expected: FeelType, actual: FeelType): boolean => {
  if (isOpen(expected) || isOpen(actual)) return true;
  if (expected.kind !== actual.kind) return false;
  switch (expected.kind) {
    case 'list':
    case 'range':
      return isAssignable(expected.of, (actual as typeof expected).of);
    case 'context': {
      const af = (actual as ContextType).fields;
      return Object.entries(expected.fields).every(([k, t]) => {
        const a = af[k];
        return a === undefined || isAssignable(t, a);
      });
    }
    default:
      return true;
  }
};

/** Can values of these two types be compared with `=`? */
export const isEquatable = (a: FeelType, b: FeelType): boolean => isAssignable(a, b) || isAssignable(b, a);

/** Ordered kinds: `<`, `>`, ranges, min/max, sort. */
export const isOrdered = (t: FeelType): boolean =>
  t.kind === 'number' ||
  t.kind === 'string' ||
  t.kind === 'date' ||
  t.kind === 'days-duration' ||
  t.kind === 'years-duration' ||
  isOpen(t);

/** Can `a < b` be meaningful? */
export const isComparable = (a: FeelType, b: FeelType): boolean =>
  isOrdered(a) && isOrdered(b) && (isOpen(a) || isOpen(b) || a.kind === b.kind);

export const typeToString = (t: FeelType): string => {
  switch (t.kind) {
    case 'days-duration':
      return 'days and time duration';
    case 'years-duration':
      return 'years and months duration';
    case 'list':
      return `list<${typeToString(t.of)}>`;
    case 'range':
      return `range<${typeToString(t.of)}>`;
    case 'context': {
      const entries = Object.entries(t.fields);
      if (entries.length > 4)
        return `context<${entries
          .slice(0, 4)
          .map(([k]) => k)
          .join(', ')}, …>`;
      return `context<${entries.map(([k, v]) => `${k}: ${typeToString(v)}`).join(', ')}>`;
    }
    case 'any':
      return 'Any';
    default:
      return t.kind;
  }
};

/** `a number`, `an Any`, `a list<string>`: a type in a sentence. */
export const withArticle = (t: FeelType): string => {
  if (t.kind === 'null') return 'null';
  const s = typeToString(t);
  return /^[aeiouAEIOU]/.test(s) ? `an ${s}` : `a ${s}`;
};

const TYPE_REFS: Readonly<Record<string, FeelType>> = {
  number: T.number,
  integer: T.number,
  int: T.number,
  long: T.number,
  double: T.number,
  decimal: T.number,
  float: T.number,
  string: T.string,
  boolean: T.boolean,
  date: T.date,
  'days and time duration': T.daysDuration,
  daytimeduration: T.daysDuration,
  duration: T.daysDuration,
  'years and months duration': T.yearsDuration,
  yearmonthduration: T.yearsDuration,
  any: T.any,
  context: { kind: 'context', fields: {} },
  list: listOf(T.any),
};

/**
 * A DMN typeRef as a type: `number` (and `integer`, `long`, `double`), `string`, `boolean`,
 * `date`, `days and time duration`, `years and months duration`, `Any`; an optional `feel:`
 * prefix; case-insensitive. Null for a name we do not know (item definitions are not supported).
 */
export const typeFromTypeRef = (typeRef: string): FeelType | null => {
  const key = typeRef
    .trim()
    .replace(/^feel:/i, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  return Object.prototype.hasOwnProperty.call(TYPE_REFS, key) ? (TYPE_REFS[key] ?? null) : null;
};

/** Levenshtein distance, for "did you mean" suggestions. */
export const editDistance = (a: string, b: string): number => {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[n] as number;
};

/** The closest candidate to a misspelt name, if close enough to be a plausible typo. */
export const suggest = (name: string, candidates: Iterable<string>): string | null => {
  let best: string | null = null;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return bestDistance <= limit ? best : null;
};

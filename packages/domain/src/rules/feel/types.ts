import type { Decimal } from 'decimal.js';
import type { Temporal } from '@js-temporal/polyfill';

// The public shapes of the FEEL subset (DMN 1.3/1.4). The engine is in this folder; the rest of
// the rules package only depends on these types and on the functions exported by `index.ts`.

/** Static type of an expression or of a fact. Every value may also be `null` at run time. */
export type FeelType =
  | { readonly kind: 'number' }
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'date' }
  | { readonly kind: 'days-duration' }
  | { readonly kind: 'years-duration' }
  | { readonly kind: 'list'; readonly of: FeelType }
  | { readonly kind: 'range'; readonly of: FeelType }
  | { readonly kind: 'context'; readonly fields: Readonly<Record<string, FeelType>> }
  | { readonly kind: 'null' }
  /** Unknown shape (e.g. an event payload): any path below it type-checks as `any`. */
  | { readonly kind: 'any' };

export type ContextType = Extract<FeelType, { kind: 'context' }>;

/**
 * A FEEL number at run time: a JavaScript `number` only when it holds a safe integer, otherwise a
 * `Decimal`. Arithmetic is exact; an integer result that leaves the safe range becomes a Decimal.
 */
export type FeelNumber = number | Decimal;

/** `days and time duration` is kept in whole days here; `years and months duration` in months. */
export type FeelDuration =
  | { readonly kind: 'days-duration'; readonly days: number }
  | { readonly kind: 'years-duration'; readonly months: number };

export type FeelRange = {
  readonly kind: 'range';
  readonly start: FeelValue;
  readonly end: FeelValue;
  readonly startIncluded: boolean;
  readonly endIncluded: boolean;
};

export type FeelValue =
  | null
  | boolean
  | string
  | FeelNumber
  | Temporal.PlainDate
  | FeelDuration
  | FeelRange
  | readonly FeelValue[]
  | FeelContext;

export type FeelContext = { readonly [name: string]: FeelValue };

/** 1-based line and column inside the source text of one expression or table cell. */
export type SourcePosition = { readonly line: number; readonly column: number };

export type Diagnostic = {
  readonly severity: 'error' | 'warning';
  /** Stable machine code, e.g. `feel.syntax`, `feel.unknown-name`, `feel.type-mismatch`. */
  readonly code: string;
  readonly message: string;
  /** The first character of the offending text. */
  readonly start: SourcePosition;
  /** Just after the last character of the offending text (like an editor marker's end). */
  readonly end: SourcePosition;
  /** Where the text sits in a larger document: `table "strategy", rule r3, input "Days past due"`. */
  readonly where?: string;
};

export type CompileResult<T> =
  | { readonly ok: true; readonly value: T; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export type CompiledExpression = {
  readonly source: string;
  readonly type: FeelType;
  /** Dotted fact paths the expression reads (`case.overdue.amount`), for explanations. */
  readonly reads: readonly string[];
  /** Never throws: a run-time type problem evaluates to `null`, as FEEL specifies. */
  evaluate(context: FeelContext): FeelValue;
};

export type CompiledUnaryTests = {
  readonly source: string;
  readonly reads: readonly string[];
  /** `input` is the value of the table input; `context` serves names used inside the tests. */
  test(input: FeelValue, context: FeelContext): boolean;
};

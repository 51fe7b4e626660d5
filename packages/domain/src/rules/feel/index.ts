import { lowerExpression, lowerUnaryTests } from './compiler';
import type {
  CompileResult,
  CompiledExpression,
  CompiledUnaryTests,
  ContextType,
  FeelContext,
  FeelType,
  FeelValue,
} from './types';

// The FEEL subset (DMN 1.3/1.4) used by rule sets: parse (chevrotain), type-check against the
// fact schema, compile to closures. See README-level notes in `compiler.ts` and `parser.ts`.
//
// Diagnostics: `start` is the first character of the offending text, `end` the position just
// after its last character (1-based lines and columns, like editor markers).

export type {
  CompileResult,
  CompiledExpression,
  CompiledUnaryTests,
  ContextType,
  Diagnostic,
  FeelContext,
  FeelDuration,
  FeelNumber,
  FeelRange,
  FeelType,
  FeelValue,
  SourcePosition,
} from './types';

export {
  feelEquals,
  feelFromJson,
  feelToJson,
  formatFeel,
  formatDate as formatFeelDate,
  formatDuration as formatFeelDuration,
  parseDate as parseFeelDate,
  parseDuration as parseFeelDuration,
  compareValues as compareFeelValues,
} from './values';
export {
  Dec as FeelDecimal,
  isFeelNumber,
  parseNumber as parseFeelNumber,
  fromJsNumber as feelNumberFromJs,
  formatNumber as formatFeelNumber,
} from './numbers';
export {
  typeFromTypeRef,
  typeToString,
  isAssignable,
  unify as unifyTypes,
  T as FeelTypes,
} from './typesystem';
export { feelBuiltins } from './builtins';
export { MULTI_WORD_FUNCTIONS as FEEL_MULTI_WORD_FUNCTIONS } from './parser';

export type CompileFeelOptions = {
  /** Added to every diagnostic (`table "strategy", rule r3 (row 3), output "action"`). */
  readonly where?: string;
};

/**
 * Compile a FEEL expression checked against `scope` (e.g. `CASE_FACTS_SCHEMA`). `reads` lists
 * the fact paths it reads (deepest static path). `evaluate` never throws: a run-time type problem
 * gives null.
 */
export const compileExpression = (
  source: string,
  scope: ContextType,
  options: CompileFeelOptions = {},
): CompileResult<CompiledExpression> => {
  const lowered = lowerExpression(source, scope, options);
  if (!lowered.ok) return lowered;
  const { type, reads, evaluate: ev, isConstant, value } = lowered.value;
  const evaluate = isConstant
    ? () => value
    : (context: FeelContext): FeelValue => {
        try {
          const v = ev(context, null);
          return v === undefined ? null : v;
        } catch {
          return null;
        }
      };
  return { ok: true, diagnostics: [], value: { source, type, reads, evaluate } };
};

/**
 * Compile a cell of DMN unary tests for an input of type `inputType`: `-`, `"FR","DE"`,
 * `not("FR")`, `>= 1000`, `[1..30]`, `null`, `? > 10 and ? < 20`, or an expression whose value
 * the input must equal (a list: be one of; a range: be inside). `test` is true only on a match
 * (an unknown result — e.g. `< 5` against null — is no match).
 */
export const compileUnaryTests = (
  source: string,
  inputType: FeelType,
  scope: ContextType,
  options: CompileFeelOptions = {},
): CompileResult<CompiledUnaryTests> => {
  const lowered = lowerUnaryTests(source, inputType, scope, options);
  if (!lowered.ok) return lowered;
  const { test: t, reads } = lowered.value;
  const test = (input: FeelValue, context: FeelContext): boolean => {
    try {
      return t(input, context, input) === true;
    } catch {
      return false;
    }
  };
  return { ok: true, diagnostics: [], value: { source, reads, test } };
};

import type { FeelNumber, SourcePosition } from './types';

// The syntax tree of a FEEL expression or of a cell of unary tests. Every node knows the text
// span it came from (1-based lines and columns; `end` is the position just after the last
// character), for diagnostics.

export type Span = { readonly start: SourcePosition; readonly end: SourcePosition };

export type ArithmeticOp = '+' | '-' | '*' | '/' | '**';
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Node =
  | { readonly kind: 'number'; readonly value: FeelNumber; readonly span: Span }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'null'; readonly span: Span }
  /** A name looked up in the scope; built-in function names (`string length`) too. */
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  /** `?`, the input value inside unary tests. */
  | { readonly kind: 'input'; readonly span: Span }
  | {
      readonly kind: 'path';
      readonly target: Node;
      readonly field: string;
      readonly fieldSpan: Span;
      readonly span: Span;
    }
  | { readonly kind: 'filter'; readonly target: Node; readonly filter: Node; readonly span: Span }
  | { readonly kind: 'call'; readonly callee: Node; readonly args: readonly Node[]; readonly span: Span }
  | { readonly kind: 'negate'; readonly operand: Node; readonly span: Span }
  | {
      readonly kind: 'arithmetic';
      readonly op: ArithmeticOp;
      readonly left: Node;
      readonly right: Node;
      readonly opSpan: Span;
      readonly span: Span;
    }
  | {
      readonly kind: 'comparison';
      readonly op: ComparisonOp;
      readonly left: Node;
      readonly right: Node;
      readonly opSpan: Span;
      readonly span: Span;
    }
  | {
      readonly kind: 'logic';
      readonly op: 'and' | 'or';
      readonly left: Node;
      readonly right: Node;
      readonly span: Span;
    }
  | {
      readonly kind: 'between';
      readonly value: Node;
      readonly low: Node;
      readonly high: Node;
      readonly span: Span;
    }
  /** `value in test`: the test is an expression, a comparison test (`< 5`) or a `tests` list. */
  | { readonly kind: 'in'; readonly value: Node; readonly test: Node; readonly span: Span }
  | {
      readonly kind: 'if';
      readonly condition: Node;
      readonly then: Node;
      readonly otherwise: Node;
      readonly span: Span;
    }
  | { readonly kind: 'list'; readonly items: readonly Node[]; readonly span: Span }
  | {
      readonly kind: 'range';
      readonly start: Node;
      readonly end: Node;
      readonly startIncluded: boolean;
      readonly endIncluded: boolean;
      readonly span: Span;
    }
  | {
      readonly kind: 'context';
      readonly entries: readonly { readonly key: string; readonly keySpan: Span; readonly value: Node }[];
      readonly span: Span;
    }
  /** A simple positive unary test `< 5`, `>= date("2026-01-01")`, `!= "X"` (tests and `in` only). */
  | { readonly kind: 'compare-test'; readonly op: ComparisonOp; readonly operand: Node; readonly span: Span }
  /** `(t1, t2, …)`: a parenthesised list of unary tests, only meaningful after `in`. */
  | { readonly kind: 'tests'; readonly tests: readonly Node[]; readonly span: Span };

/** A cell of unary tests: `-`, `t1, t2`, `not(t1, t2)`. */
export type UnaryTestsAst =
  | { readonly kind: 'any'; readonly span: Span }
  | {
      readonly kind: 'tests';
      readonly negated: boolean;
      readonly tests: readonly Node[];
      readonly span: Span;
    };

export const joinSpans = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });

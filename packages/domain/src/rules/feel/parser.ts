import {
  EmbeddedActionsParser,
  EOF,
  Lexer,
  createToken,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import { parseNumber } from './numbers';
import type { ArithmeticOp, ComparisonOp, Node, Span, UnaryTestsAst } from './ast';
import { joinSpans } from './ast';
import type { Diagnostic, SourcePosition } from './types';

// The FEEL lexer and parser (chevrotain). One parser instance is built lazily and reused; the
// grammar follows the precedence of DMN 1.3 §10.3.1.2: if/then/else, `or`, `and`, comparisons
// (`=`, `!=`, `<`, `<=`, `>`, `>=`, `between`, `in`), `+ -`, `* /`, `**`, unary minus, then the
// postfix forms (path `.name`, filter `[…]`, invocation `(…)`).

/**
 * Built-in function names made of several words. FEEL names may contain spaces; we recognise
 * exactly these, and only when an argument list follows, so that they never swallow ordinary names.
 */
export const MULTI_WORD_FUNCTIONS = [
  'years and months duration',
  'substring before',
  'substring after',
  'round half down',
  'round half up',
  'distinct values',
  'list contains',
  'string length',
  'string join',
  'starts with',
  'ends with',
  'upper case',
  'lower case',
  'day of week',
  'day of year',
  'round down',
  'round up',
  'index of',
] as const;

const multiWordPattern = new RegExp(
  `(?:${[...MULTI_WORD_FUNCTIONS]
    .sort((a, b) => b.length - a.length)
    .map((name) => name.split(' ').join('\\s+'))
    .join('|')})(?![A-Za-z0-9_])(?=\\s*\\()`,
);

const Identifier = createToken({
  name: 'Identifier',
  label: 'a name',
  pattern: /[A-Za-z_\u00C0-\u024F][A-Za-z0-9_\u00C0-\u024F]*/,
});
const keyword = (word: string): TokenType =>
  createToken({
    name: word.charAt(0).toUpperCase() + word.slice(1),
    label: `\`${word}\``,
    pattern: new RegExp(word),
    longer_alt: Identifier,
  });

const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /\s+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });
const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
const MultiWordName = createToken({
  name: 'MultiWordName',
  label: 'a function name',
  pattern: multiWordPattern,
  line_breaks: true,
  start_chars_hint: [...new Set(MULTI_WORD_FUNCTIONS.map((n) => n[0] as string))],
});
const True = keyword('true');
const False = keyword('false');
const Null = keyword('null');
const And = keyword('and');
const Or = keyword('or');
const If = keyword('if');
const Then = keyword('then');
const Else = keyword('else');
const Between = keyword('between');
const In = keyword('in');
const NumberLiteral = createToken({
  name: 'NumberLiteral',
  label: 'a number',
  pattern: /\d+(?:\.\d+)?|\.\d+/,
});
const StringLiteral = createToken({
  name: 'StringLiteral',
  label: 'a string',
  pattern: /"(?:[^"\\]|\\[\s\S])*"/,
  line_breaks: true,
});
const punct = (name: string, text: string): TokenType =>
  createToken({
    name,
    label: `\`${text}\``,
    pattern: new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  });
const DotDot = punct('DotDot', '..');
const Dot = punct('Dot', '.');
const Comma = punct('Comma', ',');
const Colon = punct('Colon', ':');
const LParen = punct('LParen', '(');
const RParen = punct('RParen', ')');
const LBracket = punct('LBracket', '[');
const RBracket = punct('RBracket', ']');
const LBrace = punct('LBrace', '{');
const RBrace = punct('RBrace', '}');
const StarStar = punct('StarStar', '**');
const Star = punct('Star', '*');
const Slash = punct('Slash', '/');
const Plus = punct('Plus', '+');
const Minus = punct('Minus', '-');
const LessEq = punct('LessEq', '<=');
const Less = punct('Less', '<');
const GreaterEq = punct('GreaterEq', '>=');
const Greater = punct('Greater', '>');
const NotEquals = punct('NotEquals', '!=');
const Equals = punct('Equals', '=');
const Question = punct('Question', '?');

const KEYWORDS = [True, False, Null, And, Or, If, Then, Else, Between, In];

const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  MultiWordName,
  ...KEYWORDS,
  Identifier,
  NumberLiteral,
  StringLiteral,
  DotDot,
  Dot,
  Comma,
  Colon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  StarStar,
  Star,
  Slash,
  Plus,
  Minus,
  LessEq,
  Less,
  GreaterEq,
  Greater,
  NotEquals,
  Equals,
  Question,
];

const COMPARISON_TOKENS: readonly [TokenType, ComparisonOp][] = [
  [Equals, '='],
  [NotEquals, '!='],
  [LessEq, '<='],
  [Less, '<'],
  [GreaterEq, '>='],
  [Greater, '>'],
];

// ---------------------------------------------------------------------------------------------
// Positions

const tokenSpan = (t: IToken): Span => ({
  start: { line: t.startLine ?? 1, column: t.startColumn ?? 1 },
  end: { line: t.endLine ?? t.startLine ?? 1, column: (t.endColumn ?? t.startColumn ?? 0) + 1 },
});

/** Where the text ends (for errors at the end of input). */
export const endPosition = (source: string): SourcePosition => {
  const lines = source.split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
};

const isRealToken = (t: IToken | undefined): t is IToken =>
  t !== undefined && t.tokenType !== EOF && Number.isFinite(t.startOffset) && t.startLine !== undefined;

// ---------------------------------------------------------------------------------------------
// Literal text

const unescapeString = (image: string): string =>
  image.slice(1, -1).replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|[\s\S])/g, (_, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const hex = e.startsWith('u{') ? e.slice(2, -1) : e.slice(1);
        const code = parseInt(hex, 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      default:
        return e;
    }
  });

const describeToken = (t: IToken | undefined): string => {
  if (!isRealToken(t)) return 'the end of the expression';
  return `\`${t.image}\``;
};

const tokenLabel = (t: TokenType): string => t.LABEL ?? t.name;

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    `expected ${tokenLabel(expected)} but found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ actual, ruleName }) => {
    const what =
      ruleName === 'primary' || ruleName === 'testItem' || ruleName === 'unaryTestsRule'
        ? 'a value or an expression'
        : 'an expression';
    return `expected ${what} but found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage: ({ actual }) => `unexpected ${describeToken(actual[0])}`,
};

// ---------------------------------------------------------------------------------------------
// Grammar

class FeelParser extends EmbeddedActionsParser {
  /** > 0 while parsing the end of a range, where `[` closes the range instead of opening a filter. */
  private rangeEndDepth = 0;

  constructor() {
    super(allTokens, { maxLookahead: 2, errorMessageProvider: errorMessages, recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  resetState(): void {
    this.rangeEndDepth = 0;
  }

  public expression = this.RULE('expression', (): Node => this.SUBRULE(this.disjunction));

  private disjunction = this.RULE('disjunction', (): Node => {
    let left = this.SUBRULE(this.conjunction);
    this.MANY(() => {
      this.CONSUME(Or);
      const right = this.SUBRULE2(this.conjunction);
      left = this.ACTION(() => ({
        kind: 'logic',
        op: 'or',
        left,
        right,
        span: joinSpans(left.span, right.span),
      }));
    });
    return left;
  });

  private conjunction = this.RULE('conjunction', (): Node => {
    let left = this.SUBRULE(this.comparison);
    this.MANY(() => {
      this.CONSUME(And);
      const right = this.SUBRULE2(this.comparison);
      left = this.ACTION(() => ({
        kind: 'logic',
        op: 'and',
        left,
        right,
        span: joinSpans(left.span, right.span),
      }));
    });
    return left;
  });

  private comparison = this.RULE('comparison', (): Node => {
    let result = this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            const operator = this.SUBRULE(this.comparisonOperator);
            const right = this.SUBRULE2(this.additive);
            const left = result;
            result = this.ACTION(() => ({
              kind: 'comparison',
              op: operator.op,
              left,
              right,
              opSpan: tokenSpan(operator.token),
              span: joinSpans(left.span, right.span),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(Between);
            const low = this.SUBRULE3(this.additive);
            this.CONSUME(And);
            const high = this.SUBRULE4(this.additive);
            const value = result;
            result = this.ACTION(() => ({
              kind: 'between',
              value,
              low,
              high,
              span: joinSpans(value.span, high.span),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(In);
            const test = this.SUBRULE(this.testItem);
            const value = result;
            result = this.ACTION(() => ({ kind: 'in', value, test, span: joinSpans(value.span, test.span) }));
          },
        },
      ]);
    });
    return result;
  });

  private comparisonOperator = this.RULE('comparisonOperator', (): { token: IToken; op: ComparisonOp } =>
    this.OR(
      COMPARISON_TOKENS.map(([tokenType, op]) => ({
        ALT: () => ({ token: this.CONSUME(tokenType), op }),
      })),
    ),
  );

  /** A positive unary test: `< 5`, or an expression (a value, a range, a list, a condition on `?`). */
  public testItem = this.RULE('testItem', (): Node =>
    this.OR([
      {
        ALT: () => {
          const operator = this.SUBRULE(this.comparisonOperator);
          const operand = this.SUBRULE(this.additive);
          return this.ACTION((): Node => ({
            kind: 'compare-test',
            op: operator.op,
            operand,
            span: joinSpans(tokenSpan(operator.token), operand.span),
          }));
        },
      },
      { ALT: () => this.SUBRULE(this.expression) },
    ]),
  );

  /** The `(t1, t2, …)` of a cell `not(t1, t2, …)` (the `not` itself is checked before). */
  public negatedTests = this.RULE('negatedTests', (): Node[] => {
    this.CONSUME(LParen);
    const tests = this.SUBRULE(this.positiveUnaryTests);
    this.CONSUME(RParen);
    return tests;
  });

  /** A cell: `t1, t2, …`. */
  public positiveUnaryTests = this.RULE('positiveUnaryTests', (): Node[] => {
    const tests: Node[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const t = this.SUBRULE(this.testItem);
        this.ACTION(() => tests.push(t));
      },
    });
    return tests;
  });

  private additive = this.RULE('additive', (): Node => {
    let left = this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      const opToken = this.OR([{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }]);
      const right = this.SUBRULE2(this.multiplicative);
      left = this.ACTION(() => ({
        kind: 'arithmetic',
        op: opToken.image as ArithmeticOp,
        left,
        right,
        opSpan: tokenSpan(opToken),
        span: joinSpans(left.span, right.span),
      }));
    });
    return left;
  });

  private multiplicative = this.RULE('multiplicative', (): Node => {
    let left = this.SUBRULE(this.exponentiation);
    this.MANY(() => {
      const opToken = this.OR([{ ALT: () => this.CONSUME(Star) }, { ALT: () => this.CONSUME(Slash) }]);
      const right = this.SUBRULE2(this.exponentiation);
      left = this.ACTION(() => ({
        kind: 'arithmetic',
        op: opToken.image as ArithmeticOp,
        left,
        right,
        opSpan: tokenSpan(opToken),
        span: joinSpans(left.span, right.span),
      }));
    });
    return left;
  });

  private exponentiation = this.RULE('exponentiation', (): Node => {
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const opToken = this.CONSUME(StarStar);
      const right = this.SUBRULE2(this.unary);
      left = this.ACTION(() => ({
        kind: 'arithmetic',
        op: '**',
        left,
        right,
        opSpan: tokenSpan(opToken),
        span: joinSpans(left.span, right.span),
      }));
    });
    return left;
  });

  private unary = this.RULE('unary', (): Node =>
    this.OR([
      {
        ALT: () => {
          const minus = this.CONSUME(Minus);
          const operand = this.SUBRULE(this.unary);
          return this.ACTION((): Node => {
            const span = joinSpans(tokenSpan(minus), operand.span);
            // Fold `-3` into a literal, so that `-3` reads as the number it is.
            if (operand.kind === 'number') {
              const v = operand.value;
              return { kind: 'number', value: typeof v === 'number' ? -v + 0 : v.neg(), span };
            }
            return { kind: 'negate', operand, span };
          });
        },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]),
  );

  private postfix = this.RULE('postfix', (): Node => {
    let target = this.SUBRULE(this.primary);
    this.MANY({
      // Inside the end of a range, `[` closes the range (`]1..30[`) rather than opening a filter.
      GATE: () => this.rangeEndDepth === 0 || this.LA(1).tokenType !== LBracket,
      DEF: () =>
        this.OR([
          {
            ALT: () => {
              this.CONSUME(Dot);
              const name = this.OR2([
                { ALT: () => this.CONSUME(Identifier) },
                ...KEYWORDS.map((k) => ({ ALT: () => this.CONSUME(k) })),
              ]);
              const base = target;
              target = this.ACTION(() => ({
                kind: 'path',
                target: base,
                field: name.image,
                fieldSpan: tokenSpan(name),
                span: joinSpans(base.span, tokenSpan(name)),
              }));
            },
          },
          {
            ALT: () => {
              this.CONSUME(LBracket);
              const filter = this.SUBRULE(this.nested);
              const close = this.CONSUME(RBracket);
              const base = target;
              target = this.ACTION(() => ({
                kind: 'filter',
                target: base,
                filter,
                span: joinSpans(base.span, tokenSpan(close)),
              }));
            },
          },
          {
            ALT: () => {
              this.CONSUME(LParen);
              const args: Node[] = [];
              this.MANY_SEP({
                SEP: Comma,
                DEF: () => {
                  const arg = this.SUBRULE2(this.nested);
                  this.ACTION(() => args.push(arg));
                },
              });
              const close = this.CONSUME(RParen);
              const callee = target;
              target = this.ACTION(() => ({
                kind: 'call',
                callee,
                args,
                span: joinSpans(callee.span, tokenSpan(close)),
              }));
            },
          },
        ]),
    });
    return target;
  });

  /** An expression inside brackets or parentheses: a `[` there opens a filter again. */
  private nested = this.RULE('nested', (): Node => {
    let saved = 0;
    this.ACTION(() => {
      saved = this.rangeEndDepth;
      this.rangeEndDepth = 0;
    });
    const e = this.SUBRULE(this.expression);
    this.ACTION(() => {
      this.rangeEndDepth = saved;
    });
    return e;
  });

  /** The end of a range, then its closing bracket: `]` includes the end, `)` and `[` exclude it. */
  private rangeEnd = this.RULE('rangeEnd', (): { end: Node; included: boolean; close: IToken } => {
    this.ACTION(() => {
      this.rangeEndDepth++;
    });
    const end = this.SUBRULE(this.additive);
    this.ACTION(() => {
      this.rangeEndDepth--;
    });
    const close = this.OR([
      { ALT: () => this.CONSUME(RBracket) },
      { ALT: () => this.CONSUME(RParen) },
      { ALT: () => this.CONSUME2(LBracket) },
    ]);
    return { end, included: close.tokenType === RBracket, close };
  });

  private primary = this.RULE('primary', (): Node =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(NumberLiteral);
          return this.ACTION((): Node => ({
            kind: 'number',
            value: parseNumber(t.image) ?? 0,
            span: tokenSpan(t),
          }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(StringLiteral);
          return this.ACTION((): Node => ({
            kind: 'string',
            value: unescapeString(t.image),
            span: tokenSpan(t),
          }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(True);
          return this.ACTION((): Node => ({ kind: 'boolean', value: true, span: tokenSpan(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(False);
          return this.ACTION((): Node => ({ kind: 'boolean', value: false, span: tokenSpan(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(Null);
          return this.ACTION((): Node => ({ kind: 'null', span: tokenSpan(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(Identifier);
          return this.ACTION((): Node => ({ kind: 'name', name: t.image, span: tokenSpan(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(MultiWordName);
          return this.ACTION((): Node => ({
            kind: 'name',
            name: t.image.split(/\s+/).join(' '),
            span: tokenSpan(t),
          }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(Question);
          return this.ACTION((): Node => ({ kind: 'input', span: tokenSpan(t) }));
        },
      },
      { ALT: () => this.SUBRULE(this.ifExpression) },
      { ALT: () => this.SUBRULE(this.bracketed) },
      { ALT: () => this.SUBRULE(this.openStartRange) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.contextLiteral) },
    ]),
  );

  private ifExpression = this.RULE('ifExpression', (): Node => {
    const start = this.CONSUME(If);
    const condition = this.SUBRULE(this.expression);
    this.CONSUME(Then);
    const then = this.SUBRULE2(this.expression);
    this.CONSUME(Else);
    const otherwise = this.SUBRULE3(this.expression);
    return this.ACTION(() => ({
      kind: 'if',
      condition,
      then,
      otherwise,
      span: joinSpans(tokenSpan(start), otherwise.span),
    }));
  });

  /** `[` … : a list `[1, 2]`, `[]`, or a range `[1..30]`, `[1..30)`, `[1..30[`. */
  private bracketed = this.RULE('bracketed', (): Node => {
    const open = this.CONSUME(LBracket);
    return this.OR([
      {
        // `[]` is the empty list (not the start of `[]1..2[]`, which nobody writes).
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          const close = this.CONSUME(RBracket);
          return this.ACTION((): Node => ({
            kind: 'list',
            items: [],
            span: joinSpans(tokenSpan(open), tokenSpan(close)),
          }));
        },
      },
      {
        ALT: () => {
          const first = this.SUBRULE(this.nested);
          return this.OR2([
            {
              ALT: () => {
                this.CONSUME(DotDot);
                const { end, included, close } = this.SUBRULE(this.rangeEnd);
                return this.ACTION((): Node => ({
                  kind: 'range',
                  start: first,
                  end,
                  startIncluded: true,
                  endIncluded: included,
                  span: joinSpans(tokenSpan(open), tokenSpan(close)),
                }));
              },
            },
            {
              ALT: () => {
                const items: Node[] = [first];
                this.MANY(() => {
                  this.CONSUME(Comma);
                  const item = this.SUBRULE2(this.nested);
                  this.ACTION(() => items.push(item));
                });
                const close = this.CONSUME2(RBracket);
                return this.ACTION((): Node => ({
                  kind: 'list',
                  items,
                  span: joinSpans(tokenSpan(open), tokenSpan(close)),
                }));
              },
            },
          ]);
        },
      },
    ]);
  });

  /** `]1..30[` and `]1..30]`: a range that excludes its start. */
  private openStartRange = this.RULE('openStartRange', (): Node => {
    const open = this.CONSUME(RBracket);
    const start = this.SUBRULE(this.nested);
    this.CONSUME(DotDot);
    const { end, included, close } = this.SUBRULE(this.rangeEnd);
    return this.ACTION(() => ({
      kind: 'range',
      start,
      end,
      startIncluded: false,
      endIncluded: included,
      span: joinSpans(tokenSpan(open), tokenSpan(close)),
    }));
  });

  /** `(e)`, a range `(1..30)`, or a list of unary tests `(1, 2, < 0)` (after `in`). */
  private parenthesized = this.RULE('parenthesized', (): Node => {
    const open = this.CONSUME(LParen);
    let saved = 0;
    this.ACTION(() => {
      saved = this.rangeEndDepth;
      this.rangeEndDepth = 0;
    });
    const first = this.SUBRULE(this.testItem);
    const result = this.OR([
      {
        ALT: () => {
          this.CONSUME(DotDot);
          this.ACTION(() => {
            this.rangeEndDepth = saved;
          });
          const { end, included, close } = this.SUBRULE(this.rangeEnd);
          return this.ACTION((): Node => ({
            kind: 'range',
            start: first,
            end,
            startIncluded: false,
            endIncluded: included,
            span: joinSpans(tokenSpan(open), tokenSpan(close)),
          }));
        },
      },
      {
        ALT: () => {
          const tests: Node[] = [first];
          this.MANY(() => {
            this.CONSUME(Comma);
            const t = this.SUBRULE2(this.testItem);
            this.ACTION(() => tests.push(t));
          });
          const close = this.CONSUME(RParen);
          this.ACTION(() => {
            this.rangeEndDepth = saved;
          });
          return this.ACTION((): Node => {
            const span = joinSpans(tokenSpan(open), tokenSpan(close));
            const only = tests[0] as Node;
            if (tests.length === 1 && only.kind !== 'compare-test') return { ...only, span } as Node;
            return { kind: 'tests', tests, span };
          });
        },
      },
    ]);
    return result;
  });

  private contextLiteral = this.RULE('contextLiteral', (): Node => {
    const open = this.CONSUME(LBrace);
    const entries: { key: string; keySpan: Span; value: Node }[] = [];
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const keyToken = this.OR([
          { ALT: () => this.CONSUME(Identifier) },
          { ALT: () => this.CONSUME(StringLiteral) },
          ...KEYWORDS.map((k) => ({ ALT: () => this.CONSUME(k) })),
        ]);
        this.CONSUME(Colon);
        const value = this.SUBRULE(this.nested);
        this.ACTION(() =>
          entries.push({
            key: keyToken.tokenType === StringLiteral ? unescapeString(keyToken.image) : keyToken.image,
            keySpan: tokenSpan(keyToken),
            value,
          }),
        );
      },
    });
    const close = this.CONSUME(RBrace);
    return this.ACTION(() => ({
      kind: 'context',
      entries,
      span: joinSpans(tokenSpan(open), tokenSpan(close)),
    }));
  });
}

// ---------------------------------------------------------------------------------------------
// Entry points

const lexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
let parserInstance: FeelParser | null = null;
const parser = (): FeelParser => (parserInstance ??= new FeelParser());

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

const syntaxError = (message: string, start: SourcePosition, end: SourcePosition): Diagnostic => ({
  severity: 'error',
  code: 'feel.syntax',
  message,
  start,
  end,
});

const tokenize = (source: string): ParseResult<IToken[]> => {
  const result = lexer.tokenize(source);
  const first = result.errors[0];
  if (first !== undefined) {
    const line = first.line ?? 1;
    const column = first.column ?? 1;
    const ch = source.charAt(first.offset);
    const message =
      ch === '"' ? 'unterminated string: a closing `"` is missing' : `unexpected character \`${ch}\``;
    return {
      ok: false,
      diagnostics: [
        syntaxError(
          message,
          { line, column },
          ch === '"' ? endPosition(source) : { line, column: column + 1 },
        ),
      ],
    };
  }
  return { ok: true, value: result.tokens };
};

const recognitionError = (e: IRecognitionException, source: string): Diagnostic => {
  const t = e.token;
  if (isRealToken(t)) {
    const span = tokenSpan(t);
    return syntaxError(e.message, span.start, span.end);
  }
  // At the end of input: point just after the last character.
  const end = endPosition(source);
  return syntaxError(e.message, end, end);
};

const run = <T>(tokens: IToken[], source: string, rule: (p: FeelParser) => T): ParseResult<T> => {
  const p = parser();
  p.resetState();
  p.input = tokens;
  const value = rule(p);
  const errors = p.errors;
  const first = errors[0];
  if (first !== undefined) return { ok: false, diagnostics: [recognitionError(first, source)] };
  return { ok: true, value };
};

const emptyDiagnostic = (source: string, what: string): Diagnostic => {
  const end = endPosition(source);
  return syntaxError(`${what} is empty`, { line: 1, column: 1 }, end);
};

/** Parse a FEEL expression. */
export const parseExpression = (source: string): ParseResult<Node> => {
  const tokens = tokenize(source);
  if (!tokens.ok) return tokens;
  if (tokens.value.length === 0)
    return { ok: false, diagnostics: [emptyDiagnostic(source, 'the expression')] };
  return run(tokens.value, source, (p) => p.expression());
};

/** Parse a cell of DMN unary tests: `-`, `t1, t2, …`, `not(t1, t2, …)`. */
export const parseUnaryTests = (source: string): ParseResult<UnaryTestsAst> => {
  const lexed = tokenize(source);
  if (!lexed.ok) return lexed;
  const tokens = lexed.value;
  if (tokens.length === 0) return { ok: false, diagnostics: [emptyDiagnostic(source, 'the cell')] };
  const first = tokens[0] as IToken;
  const last = tokens[tokens.length - 1] as IToken;
  const whole = joinSpans(tokenSpan(first), tokenSpan(last));
  if (tokens.length === 1 && first.tokenType === Minus)
    return { ok: true, value: { kind: 'any', span: whole } };
  // `not(…)` around the whole cell negates the tests; `not(x) and y` is an ordinary expression.
  let negatedFailure: Diagnostic[] | null = null;
  if (
    tokens.length === 3 &&
    first.image === 'not' &&
    tokens[1]?.tokenType === LParen &&
    last.tokenType === RParen
  ) {
    const span = joinSpans(tokenSpan(tokens[1]), tokenSpan(last));
    return { ok: false, diagnostics: [syntaxError('`not()` needs at least one test', span.start, span.end)] };
  }
  if (first.tokenType === Identifier && first.image === 'not' && tokens[1]?.tokenType === LParen) {
    const negated = run(tokens.slice(1), source, (p) => p.negatedTests());
    if (negated.ok)
      return { ok: true, value: { kind: 'tests', negated: true, tests: negated.value, span: whole } };
    negatedFailure = negated.diagnostics;
  }
  const parsed = run(tokens, source, (p) => p.positiveUnaryTests());
  if (!parsed.ok) {
    // Both readings failed: report the error found further into the text.
    if (negatedFailure !== null && isAfter(negatedFailure[0], parsed.diagnostics[0]))
      return { ok: false, diagnostics: negatedFailure };
    return parsed;
  }
  return { ok: true, value: { kind: 'tests', negated: false, tests: parsed.value, span: whole } };
};

const isAfter = (a: Diagnostic | undefined, b: Diagnostic | undefined): boolean =>
  a !== undefined &&
  b !== undefined &&
  (a.start.line > b.start.line || (a.start.line === b.start.line && a.start.column > b.start.column));

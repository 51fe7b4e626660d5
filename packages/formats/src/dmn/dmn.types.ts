// Decision tables as a DMN file carries them. The shapes are structurally identical to the
// domain's `DecisionTable` (packages/domain/src/rules/model.ts), field for field, so that the
// server can hand one for the other; they are repeated here because a format reader imports no
// rules code.

export type DmnHitPolicy =
  'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type DmnCollectAggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export type DmnDecisionInput = {
  readonly id: string;
  readonly label: string;
  /** FEEL expression (the `inputExpression` text). */
  readonly expression: string;
  readonly typeRef?: string;
};

export type DmnDecisionOutput = {
  readonly id: string;
  readonly name: string;
  readonly label?: string;
  readonly typeRef?: string;
  /** The `outputValues` FEEL literals, in the order written. */
  readonly allowedValues?: readonly string[];
  /** The `defaultOutputEntry` FEEL expression. */
  readonly defaultValue?: string;
};

export type DmnDecisionRule = {
  readonly id: string;
  /** One FEEL unary-tests cell per input; an empty cell is `-`. */
  readonly inputEntries: readonly string[];
  /** One FEEL expression per output. */
  readonly outputEntries: readonly string[];
  readonly description?: string;
};

export type DmnDecisionTable = {
  /** The `decision` id. */
  readonly id: string;
  /** The `decision` name. */
  readonly name: string;
  readonly hitPolicy: DmnHitPolicy;
  /** Only with COLLECT. */
  readonly aggregation?: DmnCollectAggregation;
  readonly inputs: readonly DmnDecisionInput[];
  readonly outputs: readonly DmnDecisionOutput[];
  readonly rules: readonly DmnDecisionRule[];
};

export type DmnDefinitions = {
  readonly id?: string;
  readonly name: string;
  readonly decisions: readonly DmnDecisionTable[];
};

export type DmnParseResult =
  | {
      readonly ok: true;
      readonly name: string;
      readonly decisions: DmnDecisionTable[];
      readonly warnings: string[];
    }
  | { readonly ok: false; readonly errors: string[] };

/** The MODEL namespace of each DMN version we read; we write 1.3. */
export const DMN_MODEL_NAMESPACES = {
  '1.1': 'http://www.omg.org/spec/DMN/20151101/dmn.xsd',
  '1.2': 'http://www.omg.org/spec/DMN/20180521/MODEL/',
  '1.3': 'https://www.omg.org/spec/DMN/20191111/MODEL/',
  '1.4': 'https://www.omg.org/spec/DMN/20211108/MODEL/',
  '1.5': 'https://www.omg.org/spec/DMN/20230324/MODEL/',
} as const;

export type DmnVersion = keyof typeof DMN_MODEL_NAMESPACES;

export const DMN_13_NAMESPACE = DMN_MODEL_NAMESPACES['1.3'];

export const DMN_HIT_POLICIES: readonly DmnHitPolicy[] = [
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
];

export const DMN_AGGREGATIONS: readonly DmnCollectAggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];

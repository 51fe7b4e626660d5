import type {
  ActionTemplateDto,
  DiagnosticDto,
  HitPolicy as HitPolicySchema,
  RuleSetDetailDto,
  RuleSetDocumentDto,
  RuleSetStatus as RuleSetStatusSchema,
} from '@quittance/api-contract';

// The rule set shapes the screens edit, taken from the contract's zod schemas as types only (the
// web bundle never imports zod). A document is what `PUT /rule-sets/{version}` takes.

/** A zod schema's parsed type, without importing zod. */
type Output<Schema extends { _zod: { output: unknown } }> = Schema['_zod']['output'];

export type RuleSetDocument = RuleSetDocumentDto;
export type DecisionTable = RuleSetDocument['decisions'][number];
export type DecisionInput = DecisionTable['inputs'][number];
export type DecisionOutput = DecisionTable['outputs'][number];
export type DecisionRule = DecisionTable['rules'][number];
export type HitPolicy = Output<typeof HitPolicySchema>;
export type Aggregation = NonNullable<DecisionTable['aggregation']>;
export type ReactionRule = RuleSetDocument['reactions'][number];
export type ActionTemplate = Output<typeof ActionTemplateDto>;
export type ActionType = ActionTemplate['type'];
export type RuleTest = RuleSetDocument['tests'][number];
export type Diagnostic = Output<typeof DiagnosticDto>;
export type RuleSetStatus = Output<typeof RuleSetStatusSchema>;
export type TestReport = NonNullable<RuleSetDetailDto['testReport']>;

/** The API paths of the rule sets (B1–B9). */
export const RULE_SETS_PATH = '/rule-sets';
export const ruleSetPath = (version: number): string => `${RULE_SETS_PATH}/${version}`;
export const ruleSetHref = (version: number): string => `/app/rules/${version}`;
export const RULES_HREF = '/app/rules';

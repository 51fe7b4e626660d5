import type { ContactRules, Strategy } from '../dunning/strategy';

// The data model of a tenant's rule set (PRODUCT.md B1–B9, ARCHITECTURE.md §5). Everything a
// user authors is plain JSON: FEEL expressions are strings, compiled once by `compileRuleSet`.

/** A FEEL expression, as authored. */
export type Expr = string;

// ---------------------------------------------------------------------------------------------
// Decision tables (DMN 1.3 decision tables, the subset we support)

export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type CollectAggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export type DecisionInput = {
  readonly id: string;
  readonly label: string;
  /** FEEL expression over the facts, e.g. `case.overdue.daysPastDue`. */
  readonly expression: Expr;
  /** DMN typeRef (`number`, `string`, `boolean`, `date`, …); inferred from the expression if absent. */
  readonly typeRef?: string;
};

export type DecisionOutput = {
  readonly id: string;
  /** Name of the output in the result context (`action`, `strategy`, …). */
  readonly name: string;
  readonly label?: string;
  readonly typeRef?: string;
  /** FEEL literals in priority order, for PRIORITY and OUTPUT ORDER (`"legal"`, `"R3"`, …). */
  readonly allowedValues?: readonly Expr[];
  /** FEEL expression returned when no rule matches (DMN default output entry). */
  readonly defaultValue?: Expr;
};

export type DecisionRule = {
  readonly id: string;
  /** One FEEL unary-tests cell per input (`-`, `>= 1000`, `[1..30]`, `"FR","DE"`, `not("X")`). */
  readonly inputEntries: readonly Expr[];
  /** One FEEL expression per output. */
  readonly outputEntries: readonly Expr[];
  readonly description?: string;
};

export type DecisionTable = {
  readonly id: string;
  readonly name: string;
  readonly hitPolicy: HitPolicy;
  /** Only with COLLECT. */
  readonly aggregation?: CollectAggregation;
  readonly inputs: readonly DecisionInput[];
  readonly outputs: readonly DecisionOutput[];
  readonly rules: readonly DecisionRule[];
};

// ---------------------------------------------------------------------------------------------
// Reaction rules: on event types, when a condition holds, then actions (typed commands whose
// parameters are FEEL expressions).

export type Flag = 'blacklist' | 'manualMode';
export type Channel = 'email' | 'sms' | 'letter' | 'phone';

export type ActionTemplate =
  | { readonly type: 'assignManager'; readonly manager: Expr }
  | { readonly type: 'assignTeam'; readonly team: Expr }
  | { readonly type: 'assignPortfolio'; readonly portfolio: Expr }
  | { readonly type: 'changePhase'; readonly phase: Expr; readonly reason?: Expr }
  | { readonly type: 'startStrategy'; readonly strategy: Expr }
  | { readonly type: 'switchStrategy'; readonly strategy: Expr }
  | { readonly type: 'stopStrategy'; readonly reason?: Expr }
  | {
      readonly type: 'createTask';
      readonly title: Expr;
      readonly taskType?: Expr;
      /** Empty → the case manager. */
      readonly assignee?: Expr;
      /** Deadline in days from today (a number), or `due` a date expression. */
      readonly dueInDays?: Expr;
      readonly due?: Expr;
      readonly priority?: Expr;
    }
  /** `amount` is a number in the case currency, rounded half-up to its minor unit. */
  | { readonly type: 'addFee'; readonly amount: Expr; readonly label: Expr }
  /** A durable timer: fires a `TimerFired` event on the case at `at` (a date) or after `afterDays`. */
  | { readonly type: 'setTimer'; readonly name: Expr; readonly at?: Expr; readonly afterDays?: Expr }
  | { readonly type: 'sendMessage'; readonly template: Expr; readonly channel: Expr }
  | { readonly type: 'setFlag'; readonly flag: Flag; readonly value: Expr; readonly reason?: Expr }
  | { readonly type: 'outsource'; readonly partner: Expr; readonly reason?: Expr };

export type ActionType = ActionTemplate['type'];

export type ReactionRule = {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** Event types that trigger the rule (`FinancialItemAdded`, `TimerFired`, `NoteAdded`, …). */
  readonly on: readonly string[];
  /** FEEL boolean; absent means always. */
  readonly when?: Expr;
  readonly then: readonly ActionTemplate[];
  /** Defaults to true. */
  readonly enabled?: boolean;
};

/** An action with its parameters evaluated: JSON values only (dates as `YYYY-MM-DD`, amounts as decimal strings). */
export type ResolvedAction =
  | { readonly type: 'assignManager'; readonly manager: string }
  | { readonly type: 'assignTeam'; readonly team: string }
  | { readonly type: 'assignPortfolio'; readonly portfolio: string }
  | { readonly type: 'changePhase'; readonly phase: string; readonly reason: string | null }
  | { readonly type: 'startStrategy'; readonly strategy: string }
  | { readonly type: 'switchStrategy'; readonly strategy: string }
  | { readonly type: 'stopStrategy'; readonly reason: string | null }
  | {
      readonly type: 'createTask';
      readonly title: string;
      readonly taskType: string;
      readonly assignee: string | null;
      readonly due: string;
      readonly priority: 'low' | 'normal' | 'high' | 'urgent';
    }
  | { readonly type: 'addFee'; readonly amount: string; readonly label: string }
  | { readonly type: 'setTimer'; readonly name: string; readonly at: string }
  | { readonly type: 'sendMessage'; readonly template: string; readonly channel: string }
  | { readonly type: 'setFlag'; readonly flag: Flag; readonly value: boolean; readonly reason: string | null }
  | { readonly type: 'outsource'; readonly partner: string; readonly reason: string | null };

// ---------------------------------------------------------------------------------------------
// Tests embedded in a rule set: given facts (and an event), expected decisions and actions.

export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };

export type RuleTest = {
  readonly name: string;
  readonly given: {
    /** The facts as JSON: dates `YYYY-MM-DD`, numbers as JSON numbers or decimal strings. */
    readonly facts: { readonly [k: string]: JsonValue };
    /** The triggering event; without it only the decision tables are checked. */
    readonly event?: { readonly type: string; readonly data?: { readonly [k: string]: JsonValue } };
  };
  readonly expect: {
    /** Output per decision table id, as JSON (a context for several outputs, null for no match). */
    readonly decisions?: { readonly [tableId: string]: JsonValue };
    /** Exactly the actions expected, in order (rule order, then action order). */
    readonly actions?: readonly ResolvedAction[];
  };
};

// ---------------------------------------------------------------------------------------------

export const RULE_SET_FORMAT = 'quittance.rules/1';

/** The document a tenant edits, stores per version and exchanges as a YAML or JSON file. */
export type RuleSetDocument = {
  readonly format: typeof RULE_SET_FORMAT;
  readonly name: string;
  readonly description?: string;
  /** Evaluated in order; a table can use the outputs of earlier ones as `decisions.<id>`. */
  readonly decisions: readonly DecisionTable[];
  readonly reactions: readonly ReactionRule[];
  readonly tests: readonly RuleTest[];
  /** Dunning strategies (C1): the ids `startStrategy` and the strategy tables name. */
  readonly strategies?: readonly Strategy[];
  /** When and how often debtors may be contacted (L6); the standard rules when absent. */
  readonly contactRules?: ContactRules;
};

/** Why an automated decision was taken (B7): stored with the command it caused. */
export type Explanation = {
  readonly ruleSet: { readonly name: string; readonly version: number };
  readonly rule: { readonly id: string; readonly name: string };
  /** Fact path → JSON value of every fact the rule's condition and actions (and the tables they used) read. */
  readonly facts: { readonly [path: string]: JsonValue };
  /** The decision tables consulted, with the rules that matched. */
  readonly decisions: readonly {
    readonly table: string;
    readonly matchedRules: readonly string[];
    readonly output: JsonValue;
  }[];
};

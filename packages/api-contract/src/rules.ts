import { z } from 'zod';
import { IsoDate } from './common';

// The Expert System on the wire (PRODUCT.md B1–B9): rule set documents (the same shape as the
// `quittance.rules/1` YAML/JSON file), versions, diagnostics, test reports, diffs, simulation,
// and the explanation stored with every automated decision.

const Expr = z.string().meta({ description: 'A FEEL expression' });
const Id = z.string().trim().min(1).max(100);

const JsonValue: z.ZodType<unknown> = z.unknown();

export const HitPolicy = z.enum([
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
]);

export const DecisionTableDto = z
  .object({
    id: Id,
    name: z.string(),
    hitPolicy: HitPolicy,
    aggregation: z.enum(['SUM', 'MIN', 'MAX', 'COUNT']).optional(),
    inputs: z.array(
      z.object({ id: Id, label: z.string(), expression: Expr, typeRef: z.string().optional() }),
    ),
    outputs: z.array(
      z.object({
        id: Id,
        name: z.string().min(1),
        label: z.string().optional(),
        typeRef: z.string().optional(),
        allowedValues: z.array(Expr).optional(),
        defaultValue: Expr.optional(),
      }),
    ),
    rules: z.array(
      z.object({
        id: Id,
        inputEntries: z.array(z.string()),
        outputEntries: z.array(z.string()),
        description: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'DecisionTable' });

const action = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...shape });

export const ActionTemplateDto = z.discriminatedUnion('type', [
  action('assignManager', { manager: Expr }),
  action('assignTeam', { team: Expr }),
  action('assignPortfolio', { portfolio: Expr }),
  action('changePhase', { phase: Expr, reason: Expr.optional() }),
  action('startStrategy', { strategy: Expr }),
  action('switchStrategy', { strategy: Expr }),
  action('stopStrategy', { reason: Expr.optional() }),
  action('createTask', {
    title: Expr,
    taskType: Expr.optional(),
    assignee: Expr.optional(),
    dueInDays: Expr.optional(),
    due: Expr.optional(),
    priority: Expr.optional(),
  }),
  action('addFee', { amount: Expr, label: Expr }),
  action('setTimer', { name: Expr, at: Expr.optional(), afterDays: Expr.optional() }),
  action('sendMessage', { template: Expr, channel: Expr }),
  action('setFlag', { flag: z.enum(['blacklist', 'manualMode']), value: Expr, reason: Expr.optional() }),
  action('outsource', { partner: Expr, reason: Expr.optional() }),
]);

export const ReactionRuleDto = z
  .object({
    id: Id,
    name: z.string().min(1),
    description: z.string().optional(),
    on: z.array(z.string().min(1)).min(1),
    when: Expr.optional(),
    then: z.array(ActionTemplateDto).min(1),
    enabled: z.boolean().optional(),
  })
  .meta({ id: 'ReactionRule' });

export const RuleTestDto = z
  .object({
    name: z.string().min(1),
    given: z.object({
      facts: z.record(z.string(), JsonValue),
      event: z.object({ type: z.string(), data: z.record(z.string(), JsonValue).optional() }).optional(),
    }),
    expect: z.object({
      decisions: z.record(z.string(), JsonValue).optional(),
      actions: z.array(z.record(z.string(), JsonValue)).optional(),
    }),
  })
  .meta({ id: 'RuleTest' });

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal with a dot, e.g. "2.50"');
const Channel = z.enum(['email', 'sms', 'letter', 'phone']);

export const DunningStepDto = z
  .object({
    id: Id,
    level: z.enum(['prevention', 'R1', 'R2', 'R3', 'R4', 'R5', 'final', 'thank-you']),
    offsetDays: z.number().int(),
    from: z.enum(['due', 'previous']),
    condition: Expr.optional(),
    channels: z.array(Channel),
    template: z.string(),
    cost: Decimal.optional(),
    fee: Decimal.optional(),
    after: z.enum(['wait', 'legal', 'agency']).optional(),
    script: z.string().optional(),
  })
  .meta({ id: 'DunningStep' });

export const StrategyDto = z
  .object({
    id: Id,
    name: z.string().min(1),
    mode: z.enum(['account', 'item']),
    minimumAmount: Decimal,
    includeUnmaturedCreditNotes: z.boolean().optional(),
    thankYouTemplate: z.string().optional(),
    steps: z.array(DunningStepDto),
    challengers: z.array(z.object({ strategy: z.string(), share: z.number().min(0).max(100) })).optional(),
  })
  .meta({ id: 'Strategy' });
export type StrategyDto = z.infer<typeof StrategyDto>;

export const ContactRulesDto = z
  .object({
    quietHours: z.object({ from: z.string(), to: z.string() }).optional(),
    quietDays: z.array(z.number().int().min(1).max(7)).optional(),
    caps: z
      .array(
        z.object({
          channel: Channel,
          customerType: z.enum(['business', 'consumer']).optional(),
          max: z.number().int().min(0),
          days: z.number().int().min(1),
        }),
      )
      .optional(),
    defaultTimeZone: z.string(),
  })
  .meta({ id: 'ContactRules' });

export const RuleSetDocumentDto = z
  .object({
    format: z.literal('quittance.rules/1'),
    name: z.string().trim().min(1),
    description: z.string().optional(),
    decisions: z.array(DecisionTableDto).default([]),
    reactions: z.array(ReactionRuleDto).default([]),
    tests: z.array(RuleTestDto).default([]),
    strategies: z.array(StrategyDto).optional(),
    contactRules: ContactRulesDto.optional(),
  })
  .meta({ id: 'RuleSetDocument' });
export type RuleSetDocumentDto = z.infer<typeof RuleSetDocumentDto>;

export const DiagnosticDto = z
  .object({
    severity: z.enum(['error', 'warning']),
    code: z.string(),
    message: z.string(),
    start: z.object({ line: z.number().int(), column: z.number().int() }),
    end: z.object({ line: z.number().int(), column: z.number().int() }),
    where: z.string().optional(),
  })
  .meta({ id: 'Diagnostic' });

export const TestReportDto = z
  .object({
    passed: z.number().int(),
    failed: z.number().int(),
    results: z.array(z.object({ name: z.string(), ok: z.boolean(), failures: z.array(z.string()) })),
  })
  .meta({ id: 'TestReport' });
export type TestReportDto = z.infer<typeof TestReportDto>;

export const RuleSetStatus = z.enum(['draft', 'published', 'retired']);

export const RuleSetSummaryDto = z
  .object({
    version: z.number().int(),
    name: z.string(),
    status: RuleSetStatus,
    basedOn: z.number().int().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    publishedBy: z.string().nullable(),
    publishedAt: z.string().nullable(),
    counts: z.object({ decisions: z.number().int(), reactions: z.number().int(), tests: z.number().int() }),
  })
  .meta({ id: 'RuleSetSummary' });
export type RuleSetSummaryDto = z.infer<typeof RuleSetSummaryDto>;

export const RuleSetListDto = z.object({ items: z.array(RuleSetSummaryDto) }).meta({ id: 'RuleSetList' });

export const RuleSetDetailDto = RuleSetSummaryDto.extend({
  document: RuleSetDocumentDto,
  diagnostics: z.array(DiagnosticDto),
  testReport: TestReportDto.nullable(),
}).meta({ id: 'RuleSetDetail' });
export type RuleSetDetailDto = z.infer<typeof RuleSetDetailDto>;

export const CreateRuleSetRequest = z
  .object({
    from: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: 'Copy this version (default: the published one)' }),
    document: RuleSetDocumentDto.optional(),
  })
  .meta({ id: 'CreateRuleSetRequest' });

const ChangeKind = z.enum(['added', 'removed', 'changed']);
const ChangeCounts = z.object({
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(),
});

export const RuleSetDiffDto = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    document: z.array(z.string()),
    tables: z.array(
      z.object({ kind: ChangeKind, id: z.string(), name: z.string(), details: z.array(z.string()) }),
    ),
    reactions: z.array(
      z.object({
        kind: ChangeKind,
        id: z.string(),
        name: z.string(),
        fields: z.array(z.string()),
        details: z.array(z.string()),
      }),
    ),
    tests: z.array(z.object({ kind: ChangeKind, name: z.string(), details: z.array(z.string()) })),
    summary: z.object({
      tables: ChangeCounts,
      reactions: ChangeCounts,
      tests: ChangeCounts,
      identical: z.boolean(),
    }),
  })
  .meta({ id: 'RuleSetDiff' });
export type RuleSetDiffDto = z.infer<typeof RuleSetDiffDto>;

export const SimulationReportDto = z
  .object({
    draft: z.number().int(),
    published: z.number().int().nullable(),
    asOf: IsoDate,
    casesEvaluated: z.number().int(),
    decisions: z.array(
      z.object({
        table: z.string(),
        changed: z.number().int(),
        cases: z.array(
          z.object({ caseId: z.string(), number: z.string(), before: JsonValue, after: JsonValue }),
        ),
      }),
    ),
    actions: z.array(
      z.object({
        action: z.string(),
        published: z.number().int(),
        draft: z.number().int(),
        cases: z.array(
          z.object({ caseId: z.string(), number: z.string(), change: z.enum(['added', 'removed']) }),
        ),
      }),
    ),
    errors: z.array(z.object({ caseId: z.string(), number: z.string(), message: z.string() })),
  })
  .meta({ id: 'SimulationReport' });
export type SimulationReportDto = z.infer<typeof SimulationReportDto>;

export const ExplanationDto = z
  .object({
    ruleSet: z.object({ name: z.string(), version: z.number().int() }),
    rule: z.object({ id: z.string(), name: z.string() }),
    facts: z.record(z.string(), JsonValue),
    decisions: z.array(z.object({ table: z.string(), matchedRules: z.array(z.string()), output: JsonValue })),
  })
  .meta({ id: 'Explanation' });
export type ExplanationDto = z.infer<typeof ExplanationDto>;

export const RuleDecisionDto = z
  .object({
    id: z.string(),
    caseId: z.string(),
    triggerEventId: z.string(),
    triggerType: z.string(),
    ruleSetVersion: z.number().int(),
    ruleId: z.string(),
    ruleName: z.string(),
    status: z.enum(['applied', 'failed', 'stopped']),
    error: z.string().nullable(),
    actions: z.array(z.record(z.string(), JsonValue)),
    eventIds: z.array(z.string()),
    explanation: ExplanationDto,
    decidedAt: z.string(),
  })
  .meta({ id: 'RuleDecision' });
export type RuleDecisionDto = z.infer<typeof RuleDecisionDto>;

export const RuleDecisionListDto = z
  .object({ items: z.array(RuleDecisionDto) })
  .meta({ id: 'RuleDecisionList' });

export const TaskDto = z
  .object({
    id: z.string(),
    caseId: z.string(),
    caseNumber: z.string(),
    title: z.string(),
    taskType: z.string(),
    assignee: z.string().nullable(),
    due: IsoDate,
    priority: z.enum(['low', 'normal', 'high', 'urgent']),
    status: z.enum(['open', 'done']),
    overdue: z.boolean(),
    createdBy: z.object({ kind: z.string(), id: z.string() }),
  })
  .meta({ id: 'Task' });
export type TaskDto = z.infer<typeof TaskDto>;
export const TaskListDto = z.object({ items: z.array(TaskDto) }).meta({ id: 'TaskList' });

export const ManualModeRequest = z
  .object({ manual: z.boolean(), reason: z.string().max(500).optional() })
  .meta({ id: 'ManualModeRequest' });

export const CreateTaskRequest = z
  .object({
    title: z.string().trim().min(1).max(300),
    taskType: z.string().trim().min(1).default('follow-up'),
    assignee: z.string().trim().optional(),
    due: IsoDate,
    priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
  })
  .meta({ id: 'CreateTaskRequest' });

export const ProcessRulesResult = z
  .object({
    events: z.number().int(),
    decisions: z.number().int(),
    timersFired: z.number().int(),
    tasksEscalated: z.number().int(),
  })
  .meta({ id: 'ProcessRulesResult' });
export type ProcessRulesResult = z.infer<typeof ProcessRulesResult>;

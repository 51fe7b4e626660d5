import { API_BASE } from '../api/client';
import type { RuleSetDocument } from '../rules/rules.types';

// The dunning API (packages/server/src/http/dunning.routes.ts) is not in the api-contract yet:
// these types mirror its zod schemas. The strategies themselves are part of the rule set
// document and come from the contract.

export type Strategy = NonNullable<RuleSetDocument['strategies']>[number];
export type DunningStep = Strategy['steps'][number];
export type DunningLevel = DunningStep['level'];
export type StepChannel = DunningStep['channels'][number];
export type ContactRules = NonNullable<RuleSetDocument['contactRules']>;
export type ContactCap = NonNullable<ContactRules['caps']>[number];

export const DUNNING_LEVELS: readonly DunningLevel[] = [
  'prevention',
  'R1',
  'R2',
  'R3',
  'R4',
  'R5',
  'final',
  'thank-you',
];
/** The levels a step may have (a thank-you is the strategy's thankYouTemplate, not a step). */
export const STEP_LEVELS: readonly DunningLevel[] = DUNNING_LEVELS.filter((l) => l !== 'thank-you');
export const STEP_CHANNELS: readonly StepChannel[] = ['email', 'sms', 'letter', 'phone'];
export const AFTER_VALUES = ['wait', 'legal', 'agency'] as const;
export type After = (typeof AFTER_VALUES)[number];

/** What an action of a run came to (`POST /dunning/runs`, `GET /dunning/actions`). */
export const ACTION_STATUSES = [
  'requested',
  'sent',
  'failed',
  'postponed',
  'task',
  'printed',
  'handed-over',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** One line of `POST /dunning/runs`. */
export type RunAction = {
  case: string;
  caseId: string;
  customer: string | null;
  invoices: string[];
  strategy: string;
  step: string;
  /** `email`, `sms`, `letter`, `phone`, or `none` (a hand-over, a thank-you without message). */
  channel: string;
  status: string;
  reason?: string;
  messageId?: string;
};

export type PrintBatch = { documentId: string; letters: number };

export type RunReport = {
  asOf: string;
  casesEvaluated: number;
  actions: RunAction[];
  printBatch: PrintBatch | null;
  warnings: string[];
};

export type DeliveryReport = { sent: number; failed: number; printed: number; printBatch: PrintBatch | null };

/** One row of `GET /dunning/actions`. */
export type DunningAction = {
  id: string;
  caseId: string;
  caseNumber: string;
  customer: string | null;
  runOn: string;
  strategy: string;
  variant: string | null;
  stepId: string;
  level: string;
  channel: string;
  status: string;
  messageId: string | null;
  documentId: string | null;
  invoices: string[];
  total: string | null;
  currency: string;
  cost: string | null;
  postponedUntil: string | null;
  reason: string | null;
};
export type DunningActionList = { items: DunningAction[] };

export type TemplateOrigin = 'standard' | 'tenant';
export type TemplateSummary = { id: string; languages: { language: string; origin: TemplateOrigin }[] };
export type TemplateList = { items: TemplateSummary[] };
export type TemplateText = { id: string; language: string; text: string; origin: TemplateOrigin };

/** `POST /dunning/templates/preview`. */
export type RenderedTemplate = {
  templateId: string;
  language: string;
  subject: string;
  text: string;
  html: string;
  sms: string;
  /** The template had no file in this language: English was used. */
  fallback: boolean;
  warning?: string;
};

export type Interval = { low: number; high: number };

/** One row of `GET /dunning/variants`: a variant in one currency. */
export type VariantReport = {
  variant: string;
  currency: string;
  cases: number;
  dunned: string;
  recovered: string;
  cost: string;
  recoveryRate: string | null;
  recoveryRateCi: Interval | null;
  paidInFull: number;
  paidInFullRate: number | null;
  paidInFullCi: Interval | null;
  daysToPay: { mean: number; ci: Interval | null; cases: number } | null;
  costPerUnitRecovered: string | null;
  costPerUnitRecoveredCi: Interval | null;
};
export type VariantList = { items: VariantReport[] };

export const DUNNING_HREF = '/app/dunning';
export const TEMPLATES_HREF = '/app/dunning/templates';
export const templateHref = (id: string, language: string): string =>
  `${TEMPLATES_HREF}/${encodeURIComponent(id)}/${encodeURIComponent(language)}`;
export const templatePath = (id: string, language: string): string =>
  `/dunning/templates/${encodeURIComponent(id)}/${encodeURIComponent(language)}`;
/** A stored document (letter PDF, print batch, email or SMS as JSON), served inline. */
export const documentHref = (id: string): string => `${API_BASE}/documents/${encodeURIComponent(id)}`;
export const caseActionsPath = (caseId: string): string =>
  `/dunning/actions?caseId=${encodeURIComponent(caseId)}`;
export const dayActionsPath = (runOn: string): string =>
  `/dunning/actions?runOn=${encodeURIComponent(runOn)}`;

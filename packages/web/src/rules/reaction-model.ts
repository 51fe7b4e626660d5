import type { CaseEventType } from '@quittance/domain';
import type { ActionTemplate, ActionType, ReactionRule } from './rules.types';

// Reaction rules as forms: which fields each action type has, how an action changes type, and
// the case event types a rule can react to. Every action field is a FEEL expression except
// `setFlag.flag`, which is one of two plain values.

type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;

export const ACTION_TYPES = [
  'assignManager',
  'assignTeam',
  'assignPortfolio',
  'changePhase',
  'startStrategy',
  'switchStrategy',
  'stopStrategy',
  'createTask',
  'addFee',
  'setTimer',
  'sendMessage',
  'setFlag',
  'outsource',
] as const satisfies readonly ActionType[];
const _allActionTypes: Missing<ActionType, (typeof ACTION_TYPES)[number]> = true;

export const FLAGS = ['blacklist', 'manualMode'] as const;
export type Flag = (typeof FLAGS)[number];

/** The fields of an action of type K, other than `type`. */
type FieldOf<K extends ActionType> = Exclude<keyof Extract<ActionTemplate, { type: K }>, 'type'>;

export type ActionField = { readonly name: string; readonly required: boolean };

const f = <K extends ActionType>(name: FieldOf<K>, required: boolean): ActionField => ({
  name: name as string,
  required,
});

/** Fields in the order the form shows them (as ActionTemplate in the domain model). */
export const ACTION_FIELDS: { readonly [K in ActionType]: readonly ActionField[] } = {
  assignManager: [f<'assignManager'>('manager', true)],
  assignTeam: [f<'assignTeam'>('team', true)],
  assignPortfolio: [f<'assignPortfolio'>('portfolio', true)],
  changePhase: [f<'changePhase'>('phase', true), f<'changePhase'>('reason', false)],
  startStrategy: [f<'startStrategy'>('strategy', true)],
  switchStrategy: [f<'switchStrategy'>('strategy', true)],
  stopStrategy: [f<'stopStrategy'>('reason', false)],
  createTask: [
    f<'createTask'>('title', true),
    f<'createTask'>('taskType', false),
    f<'createTask'>('assignee', false),
    f<'createTask'>('dueInDays', false),
    f<'createTask'>('due', false),
    f<'createTask'>('priority', false),
  ],
  addFee: [f<'addFee'>('amount', true), f<'addFee'>('label', true)],
  setTimer: [f<'setTimer'>('name', true), f<'setTimer'>('at', false), f<'setTimer'>('afterDays', false)],
  sendMessage: [f<'sendMessage'>('template', true), f<'sendMessage'>('channel', true)],
  setFlag: [f<'setFlag'>('flag', true), f<'setFlag'>('value', true), f<'setFlag'>('reason', false)],
  outsource: [f<'outsource'>('partner', true), f<'outsource'>('reason', false)],
};

export function isActionType(value: string): value is ActionType {
  return (ACTION_TYPES as readonly string[]).includes(value);
}

export function isFlag(value: string): value is Flag {
  return (FLAGS as readonly string[]).includes(value);
}

/** The value of one field of an action, '' when absent. */
export function actionValue(action: ActionTemplate, field: string): string {
  const value = (action as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : '';
}

/**
 * An action of `type` from field values: required fields are always present (possibly empty,
 * which the compiler then reports), optional ones only when filled in.
 */
export function buildAction(type: ActionType, values: Readonly<Record<string, string>>): ActionTemplate {
  const action: Record<string, string> = { type };
  for (const field of ACTION_FIELDS[type]) {
    const value = values[field.name] ?? '';
    if (field.required || value.trim() !== '') action[field.name] = value;
  }
  if (type === 'setFlag' && !isFlag(action.flag ?? '')) action.flag = 'manualMode';
  // The fields were taken from ACTION_FIELDS, which the compiler checks against ActionTemplate.
  return action as unknown as ActionTemplate;
}

/** The action with one field changed. */
export function setActionField(action: ActionTemplate, field: string, value: string): ActionTemplate {
  return buildAction(action.type, { ...currentValues(action), [field]: value });
}

/** Another type for the action: the fields both types have keep their values. */
export function changeActionType(action: ActionTemplate, type: ActionType): ActionTemplate {
  return buildAction(type, currentValues(action));
}

function currentValues(action: ActionTemplate): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(action)) {
    if (key !== 'type' && typeof value === 'string') values[key] = value;
  }
  return values;
}

/** A new reaction with a fresh id, reacting to invoices, with one action to fill in. */
export function newReaction(id: string): ReactionRule {
  return {
    id,
    name: id,
    on: ['FinancialItemAdded'],
    then: [buildAction('createTask', { title: '' })],
  };
}

export function updateReaction(rule: ReactionRule, patch: Partial<ReactionRule>): ReactionRule {
  const next: ReactionRule = { ...rule, ...patch };
  // Empty optional texts are left out of the document rather than saved as "".
  if (next.when !== undefined && next.when.trim() === '') delete next.when;
  if (next.description !== undefined && next.description.trim() === '') delete next.description;
  if (next.enabled === true) delete next.enabled; // true is the default
  return next;
}

// ---------------------------------------------------------------------------------------------
// Event types

/** The case events a reaction can listen to; checked against the domain's type, imported as a type only. */
export const CASE_EVENT_TYPES = [
  'CaseOpened',
  'PartyAttached',
  'FinancialItemAdded',
  'NoteAdded',
  'PhaseChanged',
  'ManagerAssigned',
  'CustomFieldsChanged',
  'CaseArchived',
  'CaseUnarchived',
  'CaseClosed',
  'PaymentReceived',
  'PaymentAllocated',
  'AllocationCancelled',
  'FeeCharged',
  'RecoveryCostCharged',
  'RecoveryIndemnityCharged',
  'InterestAccrued',
  'BalanceAdjusted',
  'AmountWrittenOff',
  'RefundIssued',
  'TeamAssigned',
  'PortfolioAssigned',
  'StrategyStarted',
  'StrategySwitched',
  'StrategyStopped',
  'FlagSet',
  'TaskCreated',
  'TaskCompleted',
  'TaskReassigned',
  'TaskOverdue',
  'TimerScheduled',
  'TimerFired',
  'MessageRequested',
  'CaseOutsourced',
  'DunningStepRun',
  'DunningActionPostponed',
  'MessageSent',
  'MessageFailed',
  'StrategyVariantAssigned',
  'DunningStopped',
  'DunningResumed',
  'NextLevelOverridden',
  'PaymentReturned',
  'PromiseToPayMade',
  'PromiseToPayKept',
  'PromiseToPayPartlyKept',
  'PromiseToPayBroken',
  'PromiseToPayCancelled',
  'PaymentPlanProposed',
  'PaymentPlanApproved',
  'PaymentPlanRejected',
  'InstallmentLate',
  'PaymentPlanBreached',
  'PaymentPlanCompleted',
  'PaymentPlanCancelled',
  'MandateRegistered',
  'MandateRevoked',
  'PlanMandateAttached',
  'DirectDebitSubmitted',
  'DirectDebitCollected',
  'DirectDebitReturned',
  'DisputeOpened',
  'DisputeReviewStarted',
  'DisputeResolutionRequested',
  'DisputeAccepted',
  'DisputeRejected',
  'WaiverRequested',
  'WaiverGranted',
  'WaiverRejected',
  'AdjustmentRequested',
  'AdjustmentApproved',
  'AdjustmentRejected',
] as const satisfies readonly CaseEventType[];
const _allEventTypes: Missing<CaseEventType, (typeof CASE_EVENT_TYPES)[number]> = true;

/** "FinancialItemAdded, TimerFired" (or one per line) -> the event type names, without duplicates. */
export function parseEventList(text: string): string[] {
  const names = text
    .split(/[\s,;]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return [...new Set(names)];
}

/** Event types in the list that no case event has: probably a typo. */
export function unknownEventTypes(types: readonly string[]): string[] {
  return types.filter((type) => !(CASE_EVENT_TYPES as readonly string[]).includes(type));
}

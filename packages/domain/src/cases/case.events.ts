import type { DebtComponent } from '../ledger/ledger.types';
import type { CaseControlEvent } from './case-control';
import type { CaseDunningEvent } from './case-dunning';
import type { CaseAgreementEvent, PaymentReturned } from './case-agreements';

/**
 * The facts of a case's life. Payloads are plain JSON (money as exact decimal strings, dates as
 * YYYY-MM-DD) so that an event reads the same in the database, on the wire and in a test.
 */
export type MoneyJson = { readonly amount: string; readonly currency: string };

export type Phase = 'prevention' | 'amicable' | 'default' | 'legal' | 'outsourced' | 'closed';
export const PHASES: readonly Phase[] = [
  'prevention',
  'amicable',
  'default',
  'legal',
  'outsourced',
  'closed',
];

export type PartyRole =
  | 'debtor'
  | 'creditor_client'
  | 'guarantor'
  | 'co_borrower'
  | 'lawyer'
  | 'bailiff'
  | 'agency'
  | 'supplier'
  | 'buyer';

export type ItemKind = 'invoice' | 'credit_note';
export type NoteType = 'general' | 'call' | 'new_address' | 'dispute_info' | 'promise_info';
export type CustomFields = Readonly<Record<string, unknown>>;
export type PaymentMethod = 'bank_transfer' | 'card' | 'direct_debit' | 'cheque' | 'cash' | 'other';
export const PAYMENT_METHODS: readonly PaymentMethod[] = [
  'bank_transfer',
  'card',
  'direct_debit',
  'cheque',
  'cash',
  'other',
];

export type CaseOpened = {
  type: 'CaseOpened';
  data: {
    caseId: string;
    number: string;
    caseType: string;
    company: { code: string; name: string };
    currency: string;
    phase: Phase;
    customFields: CustomFields;
    openedOn: string;
  };
};
export type PartyAttached = {
  type: 'PartyAttached';
  data: { partyId: string; role: PartyRole; name: string; reference: string | null };
};
export type FinancialItemAdded = {
  type: 'FinancialItemAdded';
  data: {
    itemId: string;
    kind: ItemKind;
    number: string;
    issueDate: string;
    dueDate: string;
    amount: MoneyJson;
    structuredReference: string | null;
  };
};
export type NoteAdded = { type: 'NoteAdded'; data: { noteId: string; text: string; noteType: NoteType } };
export type PhaseChanged = { type: 'PhaseChanged'; data: { from: Phase; to: Phase; reason: string | null } };
export type ManagerAssigned = { type: 'ManagerAssigned'; data: { manager: string; previous: string | null } };
export type CustomFieldsChanged = { type: 'CustomFieldsChanged'; data: { customFields: CustomFields } };
export type CaseArchived = { type: 'CaseArchived'; data: { reason: string | null } };
export type CaseUnarchived = { type: 'CaseUnarchived'; data: Record<string, never> };
export type CaseClosed = { type: 'CaseClosed'; data: { reason: string | null } };

// Money movements. Each one is a ledger entry (see ledger/postings.ts); each id is the idempotency
// key of its movement within the case.
export type PaymentReceived = {
  type: 'PaymentReceived';
  data: {
    paymentId: string;
    amount: MoneyJson;
    receivedOn: string;
    method: PaymentMethod;
    payer: string | null;
    bankReference: string | null;
  };
};
export type PaymentAllocated = {
  type: 'PaymentAllocated';
  data: {
    allocationId: string;
    paymentId: string;
    itemId: string | null;
    component: DebtComponent;
    amount: MoneyJson;
    allocatedOn: string;
  };
};
/** Repeats the allocation's data so that its reversing entry can be drafted from this event alone. */
export type AllocationCancelled = {
  type: 'AllocationCancelled';
  data: {
    allocationId: string;
    paymentId: string;
    itemId: string | null;
    component: DebtComponent;
    amount: MoneyJson;
    cancelledOn: string;
    reason: string;
  };
};
export type FeeCharged = {
  type: 'FeeCharged';
  data: { feeId: string; amount: MoneyJson; chargedOn: string; label: string };
};
export type RecoveryCostCharged = {
  type: 'RecoveryCostCharged';
  data: { costId: string; amount: MoneyJson; chargedOn: string; label: string };
};
/** The fixed compensation for recovery costs the law grants per late invoice: once per item. */
export type RecoveryIndemnityCharged = {
  type: 'RecoveryIndemnityCharged';
  data: {
    indemnityId: string;
    itemId: string;
    amount: MoneyJson;
    chargedOn: string;
    label: string;
    legalBasis: string;
  };
};
export type InterestAccrued = {
  type: 'InterestAccrued';
  data: { accrualId: string; amount: MoneyJson; from: string; to: string; accruedOn: string; label: string };
};
/** A manual correction of a component's balance; `amount` is signed (never zero). */
export type BalanceAdjusted = {
  type: 'BalanceAdjusted';
  data: {
    adjustmentId: string;
    component: DebtComponent;
    amount: MoneyJson;
    adjustedOn: string;
    reason: string;
  };
};
export type AmountWrittenOff = {
  type: 'AmountWrittenOff';
  data: {
    writeOffId: string;
    itemId: string | null;
    component: DebtComponent;
    amount: MoneyJson;
    writtenOffOn: string;
    reason: string;
  };
};
export type RefundIssued = {
  type: 'RefundIssued';
  data: { refundId: string; amount: MoneyJson; refundedOn: string; reason: string; payee: string | null };
};

export type CaseEvent =
  | CaseOpened
  | PartyAttached
  | FinancialItemAdded
  | NoteAdded
  | PhaseChanged
  | ManagerAssigned
  | CustomFieldsChanged
  | CaseArchived
  | CaseUnarchived
  | CaseClosed
  | PaymentReceived
  | PaymentAllocated
  | AllocationCancelled
  | FeeCharged
  | RecoveryCostCharged
  | RecoveryIndemnityCharged
  | InterestAccrued
  | BalanceAdjusted
  | AmountWrittenOff
  | RefundIssued
  | PaymentReturned
  | CaseControlEvent
  | CaseDunningEvent
  | CaseAgreementEvent;

export type CaseEventType = CaseEvent['type'];

const EVENT_TYPES: Record<CaseEventType, true> = {
  CaseOpened: true,
  PartyAttached: true,
  FinancialItemAdded: true,
  NoteAdded: true,
  PhaseChanged: true,
  ManagerAssigned: true,
  CustomFieldsChanged: true,
  CaseArchived: true,
  CaseUnarchived: true,
  CaseClosed: true,
  PaymentReceived: true,
  PaymentAllocated: true,
  AllocationCancelled: true,
  FeeCharged: true,
  RecoveryCostCharged: true,
  RecoveryIndemnityCharged: true,
  InterestAccrued: true,
  BalanceAdjusted: true,
  AmountWrittenOff: true,
  RefundIssued: true,
  TeamAssigned: true,
  PortfolioAssigned: true,
  StrategyStarted: true,
  StrategySwitched: true,
  StrategyStopped: true,
  FlagSet: true,
  TaskCreated: true,
  TaskCompleted: true,
  TaskReassigned: true,
  TaskOverdue: true,
  TimerScheduled: true,
  TimerFired: true,
  MessageRequested: true,
  CaseOutsourced: true,
  DunningStepRun: true,
  DunningActionPostponed: true,
  MessageSent: true,
  MessageFailed: true,
  StrategyVariantAssigned: true,
  DunningStopped: true,
  DunningResumed: true,
  NextLevelOverridden: true,
  PaymentReturned: true,
  PromiseToPayMade: true,
  PromiseToPayKept: true,
  PromiseToPayPartlyKept: true,
  PromiseToPayBroken: true,
  PromiseToPayCancelled: true,
  PaymentPlanProposed: true,
  PaymentPlanApproved: true,
  PaymentPlanRejected: true,
  InstallmentLate: true,
  PaymentPlanBreached: true,
  PaymentPlanCompleted: true,
  PaymentPlanCancelled: true,
  MandateRegistered: true,
  MandateRevoked: true,
  PlanMandateAttached: true,
  DirectDebitSubmitted: true,
  DirectDebitCollected: true,
  DirectDebitReturned: true,
  DisputeOpened: true,
  DisputeReviewStarted: true,
  DisputeResolutionRequested: true,
  DisputeAccepted: true,
  DisputeRejected: true,
  WaiverRequested: true,
  WaiverGranted: true,
  WaiverRejected: true,
  AdjustmentRequested: true,
  AdjustmentApproved: true,
  AdjustmentRejected: true,
};

/** Every type of case event, e.g. for the event types a reaction rule may listen to. */
export const CASE_EVENT_TYPES: readonly CaseEventType[] = Object.keys(EVENT_TYPES) as CaseEventType[];

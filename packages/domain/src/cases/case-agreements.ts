import { DomainError } from '../shared/domain-error';
import { formatMoney, money, moneyToDto, parseMoney, type CurrencyCode, type Money } from '../money/money';
import { addDays, daysBetween, parseDate, tryParseDate } from '../calendar/calendar';
import type { DebtComponent } from '../ledger/ledger.types';
import {
  accelerate,
  buildSchedule,
  DEFAULT_BREACH_POLICY,
  installmentProgress,
  planBreach,
  planCompleted,
  promiseOutcome,
  type InstallmentProgress,
  type Periodicity,
  type Schedule,
} from '../agreements';
import type { AdjustBalance, CaseCommand, WriteOffAmount } from './case.commands';
import type { CaseEvent, MoneyJson } from './case.events';
import type { OpenCaseState } from './case.state';

// Agreements on a case (PRODUCT.md C17, C18, D7–D9, D12): promises to pay, payment plans with
// their SEPA direct debits, disputes and waivers. What these agreements mean for the money (a plan
// fee, plan interest, a write-off, a returned debit) is recorded by the case's ordinary money
// events, decided by the same handlers as a user's command, in the same breath.

export type PromiseChannel = 'phone' | 'email' | 'letter' | 'portal' | 'in_person' | 'other';
export const PROMISE_CHANNELS: readonly PromiseChannel[] = [
  'phone',
  'email',
  'letter',
  'portal',
  'in_person',
  'other',
];
export type SequenceType = 'FRST' | 'RCUR' | 'OOFF' | 'FNAL';
export type PlanOrigin = 'collector' | 'portal';
export type DisputeSettlement = 'credit_note' | 'write_off';
export type WaivableComponent = Exclude<DebtComponent, 'principal'>;

/** A plan's terms as agreed, amounts as exact decimals in the case currency. */
export type PlanTermsJson = {
  readonly installments: number;
  readonly periodicity: Periodicity;
  readonly firstDate: string;
  readonly startDate: string;
  readonly downPayment: string | null;
  readonly downPaymentDate: string | null;
  readonly annualRate: string | null;
  readonly fee: string | null;
  readonly graceDays: number;
  readonly accelerateOnBreach: boolean;
};
export type ScheduleLineJson = {
  readonly number: number;
  readonly kind: 'down_payment' | 'regular';
  readonly dueDate: string;
  readonly principal: string;
  readonly interest: string;
  readonly fee: string;
  readonly amount: string;
};

// --- Commands ---------------------------------------------------------------------------------

export type MakePromise = {
  type: 'MakePromise';
  data: {
    promiseId: string;
    amount: MoneyJson;
    promisedFor: string;
    graceDays: number;
    channel: PromiseChannel;
    /** The items promised; empty for the whole case. */
    itemIds: readonly string[];
    takenBy: string;
    takenOn: string;
    note: string | null;
    taskId: string | null;
  };
};
export type CancelPromise = {
  type: 'CancelPromise';
  data: { promiseId: string; reason: string; on: string };
};
/** Looks at every open promise and running plan on `on`: kept, broken, late, breached, completed. */
export type EvaluateAgreements = { type: 'EvaluateAgreements'; data: { on: string } };
export type ProposePaymentPlan = {
  type: 'ProposePaymentPlan';
  data: {
    planId: string;
    /** The items consolidated into the plan (restructuring, C17). */
    itemIds: readonly string[];
    /** The plan also takes over the interest, fees and costs outstanding on the case. */
    includeCharges: boolean;
    terms: Omit<PlanTermsJson, 'startDate'> & { startDate?: string | null };
    origin: PlanOrigin;
    proposedBy: string;
    proposedOn: string;
    /** Decided by the application from the proposer's authorisation limits (D12). */
    approvalRequired: boolean;
    approvalReason: string | null;
    mandateId: string | null;
  };
};
export type ApprovePaymentPlan = {
  type: 'ApprovePaymentPlan';
  data: {
    planId: string;
    approvedBy: string;
    approvedOn: string;
    withinLimit: boolean;
    comment: string | null;
  };
};
export type RejectPaymentPlan = {
  type: 'RejectPaymentPlan';
  data: { planId: string; rejectedBy: string; reason: string; on: string };
};
export type CancelPaymentPlan = {
  type: 'CancelPaymentPlan';
  data: { planId: string; by: string; reason: string; on: string };
};
export type RegisterMandate = {
  type: 'RegisterMandate';
  data: {
    mandateId: string;
    reference: string;
    signedOn: string;
    debtorName: string;
    iban: string;
    bic: string | null;
    creditorId: string | null;
  };
};
export type RevokeMandate = {
  type: 'RevokeMandate';
  data: { mandateId: string; reason: string; on: string };
};
export type AttachPlanMandate = { type: 'AttachPlanMandate'; data: { planId: string; mandateId: string } };
export type SubmitDirectDebit = {
  type: 'SubmitDirectDebit';
  data: {
    planId: string;
    installment: number;
    endToEndId: string;
    amount: MoneyJson;
    sequenceType: SequenceType;
    collectionDate: string;
    batchId: string;
  };
};
/** The collection date has come: the debit is booked as a payment, unless it comes back. */
export type CollectDirectDebit = {
  type: 'CollectDirectDebit';
  data: { endToEndId: string; paymentId: string; on: string };
};
export type ReturnDirectDebit = {
  type: 'ReturnDirectDebit';
  data: { endToEndId: string; reason: string; returnedOn: string; bankReference: string | null };
};
export type OpenDispute = {
  type: 'OpenDispute';
  data: {
    disputeId: string;
    itemId: string | null;
    reasonCode: string;
    amount: MoneyJson;
    description: string;
    owner: string | null;
    deadline: string | null;
    openedBy: string;
    openedOn: string;
  };
};
export type ReviewDispute = {
  type: 'ReviewDispute';
  data: { disputeId: string; owner: string | null; comment: string | null; by: string; on: string };
};
export type ResolveDispute = {
  type: 'ResolveDispute';
  data: {
    disputeId: string;
    outcome: 'accepted' | 'rejected';
    settlement: DisputeSettlement | null;
    amount: MoneyJson | null;
    comment: string;
    by: string;
    on: string;
    /** Within the user's authorisation limit; above it the acceptance waits for approval. */
    withinLimit: boolean;
    /** The id of the credit note item, when the settlement is a credit note. */
    creditNoteItemId: string | null;
  };
};
export type ApproveDisputeResolution = {
  type: 'ApproveDisputeResolution';
  data: { disputeId: string; by: string; on: string; withinLimit: boolean; creditNoteItemId: string | null };
};
export type RequestWaiver = {
  type: 'RequestWaiver';
  data: {
    waiverId: string;
    component: WaivableComponent;
    amount: MoneyJson;
    reason: string;
    requestedBy: string;
    on: string;
    withinLimit: boolean;
  };
};
export type DecideWaiver = {
  type: 'DecideWaiver';
  data: {
    waiverId: string;
    approve: boolean;
    by: string;
    on: string;
    withinLimit: boolean;
    reason: string | null;
  };
};

/** L3: a write-off or an adjustment above its author's limit waits for someone else's approval. */
export type AdjustmentOperation = WriteOffAmount | AdjustBalance;
export type RequestAdjustment = {
  type: 'RequestAdjustment';
  data: {
    requestId: string;
    operation: AdjustmentOperation;
    amount: MoneyJson;
    requestedBy: string;
    on: string;
  };
};
export type DecideAdjustment = {
  type: 'DecideAdjustment';
  data: {
    requestId: string;
    approve: boolean;
    by: string;
    on: string;
    withinLimit: boolean;
    reason: string | null;
  };
};

export type CaseAgreementCommand =
  | RequestAdjustment
  | DecideAdjustment
  | MakePromise
  | CancelPromise
  | EvaluateAgreements
  | ProposePaymentPlan
  | ApprovePaymentPlan
  | RejectPaymentPlan
  | CancelPaymentPlan
  | RegisterMandate
  | RevokeMandate
  | AttachPlanMandate
  | SubmitDirectDebit
  | CollectDirectDebit
  | ReturnDirectDebit
  | OpenDispute
  | ReviewDispute
  | ResolveDispute
  | ApproveDisputeResolution
  | RequestWaiver
  | DecideWaiver;

// --- Events -----------------------------------------------------------------------------------

type PromiseResult = { promiseId: string; paid: MoneyJson; on: string };
export type PromiseToPayMade = { type: 'PromiseToPayMade'; data: MakePromise['data'] };
export type PromiseToPayKept = { type: 'PromiseToPayKept'; data: PromiseResult };
export type PromiseToPayPartlyKept = { type: 'PromiseToPayPartlyKept'; data: PromiseResult };
export type PromiseToPayBroken = { type: 'PromiseToPayBroken'; data: PromiseResult };
export type PromiseToPayCancelled = { type: 'PromiseToPayCancelled'; data: CancelPromise['data'] };
export type PaymentPlanProposed = {
  type: 'PaymentPlanProposed';
  data: Omit<ProposePaymentPlan['data'], 'terms'> & {
    terms: PlanTermsJson;
    covered: MoneyJson;
    schedule: readonly ScheduleLineJson[];
    total: MoneyJson;
    interest: MoneyJson;
    fees: MoneyJson;
  };
};
export type PaymentPlanApproved = {
  type: 'PaymentPlanApproved';
  data: {
    planId: string;
    approvedBy: string;
    approvedOn: string;
    automatic: boolean;
    comment: string | null;
  };
};
export type PaymentPlanRejected = { type: 'PaymentPlanRejected'; data: RejectPaymentPlan['data'] };
export type InstallmentLate = {
  type: 'InstallmentLate';
  data: {
    planId: string;
    number: number;
    dueDate: string;
    amount: MoneyJson;
    paid: MoneyJson;
    daysLate: number;
    on: string;
  };
};
export type PaymentPlanBreached = {
  type: 'PaymentPlanBreached';
  data: {
    planId: string;
    on: string;
    reason: string;
    accelerated: boolean;
    dueNow: MoneyJson;
    unearnedInterest: MoneyJson;
  };
};
export type PaymentPlanCompleted = { type: 'PaymentPlanCompleted'; data: { planId: string; on: string } };
export type PaymentPlanCancelled = {
  type: 'PaymentPlanCancelled';
  data: { planId: string; by: string; reason: string; on: string; unearnedInterest: MoneyJson };
};
export type MandateRegistered = { type: 'MandateRegistered'; data: RegisterMandate['data'] };
export type MandateRevoked = { type: 'MandateRevoked'; data: RevokeMandate['data'] };
export type PlanMandateAttached = { type: 'PlanMandateAttached'; data: AttachPlanMandate['data'] };
export type DirectDebitSubmitted = {
  type: 'DirectDebitSubmitted';
  data: SubmitDirectDebit['data'] & { mandateId: string };
};
export type DirectDebitCollected = {
  type: 'DirectDebitCollected';
  data: { endToEndId: string; planId: string; installment: number; paymentId: string; on: string };
};
export type DirectDebitReturned = {
  type: 'DirectDebitReturned';
  data: {
    endToEndId: string;
    planId: string;
    installment: number;
    paymentId: string | null;
    reason: string;
    returnedOn: string;
    bankReference: string | null;
  };
};
/** Cash received and taken back by the bank (a returned direct debit): a money movement. */
export type PaymentReturned = {
  type: 'PaymentReturned';
  data: { paymentId: string; amount: MoneyJson; returnedOn: string; reason: string };
};
export type DisputeOpened = { type: 'DisputeOpened'; data: OpenDispute['data'] };
export type DisputeReviewStarted = { type: 'DisputeReviewStarted'; data: ReviewDispute['data'] };
type DisputeSettlementData = {
  disputeId: string;
  settlement: DisputeSettlement | null;
  amount: MoneyJson | null;
  comment: string;
  by: string;
  on: string;
};
export type DisputeResolutionRequested = { type: 'DisputeResolutionRequested'; data: DisputeSettlementData };
export type DisputeAccepted = {
  type: 'DisputeAccepted';
  data: DisputeSettlementData & { requestedBy: string };
};
export type DisputeRejected = {
  type: 'DisputeRejected';
  data: { disputeId: string; comment: string; by: string; on: string };
};
export type WaiverRequested = {
  type: 'WaiverRequested';
  data: Omit<RequestWaiver['data'], 'withinLimit'>;
};
export type WaiverGranted = {
  type: 'WaiverGranted';
  data: Omit<RequestWaiver['data'], 'withinLimit'> & { grantedBy: string; grantedOn: string };
};
export type WaiverRejected = {
  type: 'WaiverRejected';
  data: { waiverId: string; rejectedBy: string; reason: string; on: string };
};

export type AdjustmentRequested = { type: 'AdjustmentRequested'; data: RequestAdjustment['data'] };
export type AdjustmentApproved = {
  type: 'AdjustmentApproved';
  data: { requestId: string; approvedBy: string; on: string };
};
export type AdjustmentRejected = {
  type: 'AdjustmentRejected';
  data: { requestId: string; rejectedBy: string; reason: string; on: string };
};

export type CaseAgreementEvent =
  | AdjustmentRequested
  | AdjustmentApproved
  | AdjustmentRejected
  | PromiseToPayMade
  | PromiseToPayKept
  | PromiseToPayPartlyKept
  | PromiseToPayBroken
  | PromiseToPayCancelled
  | PaymentPlanProposed
  | PaymentPlanApproved
  | PaymentPlanRejected
  | InstallmentLate
  | PaymentPlanBreached
  | PaymentPlanCompleted
  | PaymentPlanCancelled
  | MandateRegistered
  | MandateRevoked
  | PlanMandateAttached
  | DirectDebitSubmitted
  | DirectDebitCollected
  | DirectDebitReturned
  | DisputeOpened
  | DisputeReviewStarted
  | DisputeResolutionRequested
  | DisputeAccepted
  | DisputeRejected
  | WaiverRequested
  | WaiverGranted
  | WaiverRejected;

// --- State ------------------------------------------------------------------------------------

export type PromiseStatus = 'open' | 'kept' | 'partly_kept' | 'broken' | 'cancelled';
export type CasePromise = {
  readonly made: PromiseToPayMade['data'];
  readonly status: PromiseStatus;
  readonly paidMinor: bigint;
  readonly resolvedOn: string | null;
};
export type PlanStatus = 'proposed' | 'active' | 'rejected' | 'completed' | 'breached' | 'cancelled';
export type PlanDirectDebit = {
  readonly endToEndId: string;
  readonly amount: MoneyJson;
  readonly sequenceType: SequenceType;
  readonly collectionDate: string;
  readonly batchId: string;
  readonly mandateId: string;
  readonly status: 'submitted' | 'collected' | 'returned';
  readonly paymentId: string | null;
  readonly returnReason: string | null;
};
export type CasePlan = {
  readonly proposed: PaymentPlanProposed['data'];
  readonly status: PlanStatus;
  readonly approvedBy: string | null;
  readonly approvedOn: string | null;
  readonly paidMinor: bigint;
  readonly lateReported: ReadonlySet<number>;
  readonly mandateId: string | null;
  /** By installment number; the latest presentation of each installment. */
  readonly directDebits: ReadonlyMap<number, PlanDirectDebit>;
  readonly breach: { readonly on: string; readonly reason: string } | null;
  readonly endedOn: string | null;
  readonly endedReason: string | null;
};
export type CaseMandate = {
  readonly registered: MandateRegistered['data'];
  readonly status: 'active' | 'revoked';
  /** Debits presented and not returned: the next one is RCUR once there is one. */
  readonly presented: number;
};
export type DisputeStatus = 'open' | 'under_review' | 'accepted' | 'rejected';
export type CaseDispute = {
  readonly opened: DisputeOpened['data'];
  readonly status: DisputeStatus;
  readonly owner: string | null;
  readonly pending: DisputeSettlementData | null;
  readonly resolution: {
    readonly outcome: 'accepted' | 'rejected';
    readonly settlement: DisputeSettlement | null;
    readonly amount: MoneyJson | null;
    readonly comment: string;
    readonly by: string;
    readonly on: string;
  } | null;
};
export type CaseWaiver = {
  readonly requested: WaiverRequested['data'];
  readonly status: 'pending' | 'granted' | 'rejected';
  readonly decidedBy: string | null;
};

export type CaseAdjustmentRequest = {
  readonly requested: AdjustmentRequested['data'];
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly decidedBy: string | null;
};

export type CaseAgreementsState = {
  /** Write-offs and adjustments waiting for (or decided after) an approval, L3. */
  readonly adjustments: ReadonlyMap<string, CaseAdjustmentRequest>;
  readonly promises: ReadonlyMap<string, CasePromise>;
  readonly plans: ReadonlyMap<string, CasePlan>;
  readonly mandates: ReadonlyMap<string, CaseMandate>;
  readonly disputes: ReadonlyMap<string, CaseDispute>;
  readonly waivers: ReadonlyMap<string, CaseWaiver>;
  /** Allocations counted towards each promise and plan, so that a cancellation is taken back. */
  readonly counted: ReadonlyMap<string, readonly { kind: 'promise' | 'plan'; id: string; minor: bigint }[]>;
  /** End-to-end id → plan and installment. */
  readonly debits: ReadonlyMap<string, { readonly planId: string; readonly installment: number }>;
};

export const initialAgreementsState: CaseAgreementsState = {
  adjustments: new Map(),
  promises: new Map(),
  plans: new Map(),
  mandates: new Map(),
  disputes: new Map(),
  waivers: new Map(),
  counted: new Map(),
  debits: new Map(),
};

const LIVE_PLAN: ReadonlySet<PlanStatus> = new Set(['proposed', 'active']);

/** Does an allocation (to an item, or to a charge when itemId is null) count towards these items? */
const covers = (itemIds: readonly string[], itemId: string | null): boolean =>
  itemIds.length === 0 || itemId === null || itemIds.includes(itemId);

const setIn = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> =>
  new Map(map).set(key, value);

const updatePlan = (
  state: CaseAgreementsState,
  planId: string,
  change: (plan: CasePlan) => CasePlan,
): CaseAgreementsState => {
  const plan = state.plans.get(planId);
  return plan ? { ...state, plans: setIn(state.plans, planId, change(plan)) } : state;
};

const minorOf = (amount: MoneyJson): bigint => parseMoney(amount.amount, amount.currency).amountMinor;

/**
 * Folds an agreement event, and follows the money: a payment allocated while a promise is open or
 * a plan runs counts towards it; the allocation's cancellation takes it back.
 */
export const evolveAgreements = (
  state: CaseAgreementsState,
  event: CaseAgreementEvent | CaseEvent,
): CaseAgreementsState => {
  switch (event.type) {
    case 'PaymentAllocated': {
      const d = event.data;
      const minor = minorOf(d.amount);
      const counted: { kind: 'promise' | 'plan'; id: string; minor: bigint }[] = [];
      const promises = new Map(state.promises);
      for (const [id, p] of state.promises) {
        if (p.status !== 'open' || !covers(p.made.itemIds, d.itemId)) continue;
        promises.set(id, { ...p, paidMinor: p.paidMinor + minor });
        counted.push({ kind: 'promise', id, minor });
      }
      const plans = new Map(state.plans);
      for (const [id, plan] of state.plans) {
        if (!LIVE_PLAN.has(plan.status) || !covers(plan.proposed.itemIds, d.itemId)) continue;
        plans.set(id, { ...plan, paidMinor: plan.paidMinor + minor });
        counted.push({ kind: 'plan', id, minor });
      }
      if (counted.length === 0) return state;
      return { ...state, promises, plans, counted: setIn(state.counted, d.allocationId, counted) };
    }
    case 'AllocationCancelled': {
      const counted = state.counted.get(event.data.allocationId);
      if (!counted) return state;
      const promises = new Map(state.promises);
      const plans = new Map(state.plans);
      for (const c of counted) {
        if (c.kind === 'promise') {
          const p = promises.get(c.id);
          if (p) promises.set(c.id, { ...p, paidMinor: p.paidMinor - c.minor });
        } else {
          const plan = plans.get(c.id);
          if (plan) plans.set(c.id, { ...plan, paidMinor: plan.paidMinor - c.minor });
        }
      }
      const rest = new Map(state.counted);
      rest.delete(event.data.allocationId);
      return { ...state, promises, plans, counted: rest };
    }
    case 'PromiseToPayMade':
      return {
        ...state,
        promises: setIn(state.promises, event.data.promiseId, {
          made: event.data,
          status: 'open',
          paidMinor: 0n,
          resolvedOn: null,
        }),
      };
    case 'PromiseToPayKept':
    case 'PromiseToPayPartlyKept':
    case 'PromiseToPayBroken':
    case 'PromiseToPayCancelled': {
      const p = state.promises.get(event.data.promiseId);
      if (!p) return state;
      const status: PromiseStatus =
        event.type === 'PromiseToPayKept'
          ? 'kept'
          : event.type === 'PromiseToPayPartlyKept'
            ? 'partly_kept'
            : event.type === 'PromiseToPayBroken'
              ? 'broken'
              : 'cancelled';
      return {
        ...state,
        promises: setIn(state.promises, p.made.promiseId, { ...p, status, resolvedOn: event.data.on }),
      };
    }
    case 'PaymentPlanProposed':
      return {
        ...state,
        plans: setIn(state.plans, event.data.planId, {
          proposed: event.data,
          status: 'proposed',
          approvedBy: null,
          approvedOn: null,
          paidMinor: 0n,
          lateReported: new Set(),
          mandateId: event.data.mandateId,
          directDebits: new Map(),
          breach: null,
          endedOn: null,
          endedReason: null,
        }),
      };
    case 'PaymentPlanApproved':
      return updatePlan(state, event.data.planId, (plan) => ({
        ...plan,
        status: 'active',
        approvedBy: event.data.approvedBy,
        approvedOn: event.data.approvedOn,
      }));
    case 'PaymentPlanRejected':
      return updatePlan(state, event.data.planId, (plan) => ({
        ...plan,
        status: 'rejected',
        endedOn: event.data.on,
        endedReason: event.data.reason,
      }));
    case 'InstallmentLate':
      return updatePlan(state, event.data.planId, (plan) => ({
        ...plan,
        lateReported: new Set([...plan.lateReported, event.data.number]),
      }));
    case 'PaymentPlanBreached':
      return updatePlan(state, event.data.planId, (plan) => ({
        ...plan,
        status: 'breached',
        breach: { on: event.data.on, reason: event.data.reason },
        endedOn: event.data.on,
        endedReason: event.data.reason,
      }));
    case 'PaymentPlanCompleted':
      return updatePlan(state, event.data.planId, (plan) => ({
        ...plan,
        status: 'completed',
        endedOn: event.data.on,
      }));
    case 'PaymentPlanCancelled':
      return updatePlan(state, event.data.planId, (plan) => ({
        ...plan,
        status: 'cancelled',
        endedOn: event.data.on,
        endedReason: event.data.reason,
      }));
    case 'MandateRegistered':
      return {
        ...state,
        mandates: setIn(state.mandates, event.data.mandateId, {
          registered: event.data,
          status: 'active',
          presented: 0,
        }),
      };
    case 'MandateRevoked': {
      const m = state.mandates.get(event.data.mandateId);
      return m
        ? { ...state, mandates: setIn(state.mandates, event.data.mandateId, { ...m, status: 'revoked' }) }
        : state;
    }
    case 'PlanMandateAttached':
      return updatePlan(state, event.data.planId, (plan) => ({ ...plan, mandateId: event.data.mandateId }));
    case 'DirectDebitSubmitted': {
      const d = event.data;
      const m = state.mandates.get(d.mandateId);
      const next = updatePlan(state, d.planId, (plan) => ({
        ...plan,
        directDebits: setIn(plan.directDebits, d.installment, {
          endToEndId: d.endToEndId,
          amount: d.amount,
          sequenceType: d.sequenceType,
          collectionDate: d.collectionDate,
          batchId: d.batchId,
          mandateId: d.mandateId,
          status: 'submitted',
          paymentId: null,
          returnReason: null,
        }),
      }));
      return {
        ...next,
        mandates: m
          ? setIn(state.mandates, d.mandateId, { ...m, presented: m.presented + 1 })
          : state.mandates,
        debits: setIn(state.debits, d.endToEndId, { planId: d.planId, installment: d.installment }),
      };
    }
    case 'DirectDebitCollected':
    case 'DirectDebitReturned': {
      const d = event.data;
      const next = updatePlan(state, d.planId, (plan) => {
        const debit = plan.directDebits.get(d.installment);
        if (!debit || debit.endToEndId !== d.endToEndId) return plan;
        return {
          ...plan,
          directDebits: setIn(
            plan.directDebits,
            d.installment,
            event.type === 'DirectDebitCollected'
              ? { ...debit, status: 'collected', paymentId: event.data.paymentId }
              : { ...debit, status: 'returned', returnReason: event.data.reason },
          ),
        };
      });
      if (event.type === 'DirectDebitCollected') return next;
      // A returned first debit does not count as presented: the next one is FRST again.
      const mandateId = state.plans.get(d.planId)?.directDebits.get(d.installment)?.mandateId;
      const m = mandateId === undefined ? undefined : state.mandates.get(mandateId);
      return m && mandateId !== undefined
        ? {
            ...next,
            mandates: setIn(next.mandates, mandateId, { ...m, presented: Math.max(0, m.presented - 1) }),
          }
        : next;
    }
    case 'DisputeOpened':
      return {
        ...state,
        disputes: setIn(state.disputes, event.data.disputeId, {
          opened: event.data,
          status: 'open',
          owner: event.data.owner,
          pending: null,
          resolution: null,
        }),
      };
    case 'DisputeReviewStarted': {
      const dispute = state.disputes.get(event.data.disputeId);
      if (!dispute) return state;
      return {
        ...state,
        disputes: setIn(state.disputes, dispute.opened.disputeId, {
          ...dispute,
          status: 'under_review',
          owner: event.data.owner ?? dispute.owner,
        }),
      };
    }
    case 'DisputeResolutionRequested': {
      const dispute = state.disputes.get(event.data.disputeId);
      if (!dispute) return state;
      return {
        ...state,
        disputes: setIn(state.disputes, dispute.opened.disputeId, {
          ...dispute,
          status: 'under_review',
          pending: event.data,
        }),
      };
    }
    case 'DisputeAccepted':
    case 'DisputeRejected': {
      const dispute = state.disputes.get(event.data.disputeId);
      if (!dispute) return state;
      const d = event.data;
      return {
        ...state,
        disputes: setIn(state.disputes, dispute.opened.disputeId, {
          ...dispute,
          status: event.type === 'DisputeAccepted' ? 'accepted' : 'rejected',
          pending: null,
          resolution:
            event.type === 'DisputeAccepted'
              ? {
                  outcome: 'accepted',
                  settlement: event.data.settlement,
                  amount: event.data.amount,
                  comment: d.comment,
                  by: d.by,
                  on: d.on,
                }
              : {
                  outcome: 'rejected',
                  settlement: null,
                  amount: null,
                  comment: d.comment,
                  by: d.by,
                  on: d.on,
                },
        }),
      };
    }
    case 'AdjustmentRequested':
      return {
        ...state,
        adjustments: setIn(state.adjustments, event.data.requestId, {
          requested: event.data,
          status: 'pending',
          decidedBy: null,
        }),
      };
    case 'AdjustmentApproved':
    case 'AdjustmentRejected': {
      const r = state.adjustments.get(event.data.requestId);
      if (!r) return state;
      return {
        ...state,
        adjustments: setIn(state.adjustments, event.data.requestId, {
          ...r,
          status: event.type === 'AdjustmentApproved' ? 'approved' : 'rejected',
          decidedBy: event.type === 'AdjustmentApproved' ? event.data.approvedBy : event.data.rejectedBy,
        }),
      };
    }
    case 'WaiverRequested':
      return {
        ...state,
        waivers: setIn(state.waivers, event.data.waiverId, {
          requested: event.data,
          status: 'pending',
          decidedBy: null,
        }),
      };
    case 'WaiverGranted': {
      const { grantedBy, grantedOn: _grantedOn, ...requested } = event.data;
      return {
        ...state,
        waivers: setIn(state.waivers, event.data.waiverId, {
          requested,
          status: 'granted',
          decidedBy: grantedBy,
        }),
      };
    }
    case 'WaiverRejected': {
      const w = state.waivers.get(event.data.waiverId);
      if (!w) return state;
      return {
        ...state,
        waivers: setIn(state.waivers, event.data.waiverId, {
          ...w,
          status: 'rejected',
          decidedBy: event.data.rejectedBy,
        }),
      };
    }
    default:
      return state;
  }
};

// --- What other parts read --------------------------------------------------------------------

/** The schedule of a plan as money, with what is paid of each installment on `today`. */
export const planProgress = (plan: CasePlan, today: string): InstallmentProgress[] =>
  installmentProgress(
    plan.proposed.schedule.map((line) => ({
      number: line.number,
      dueDate: line.dueDate,
      amountMinor: parseMoney(line.amount, plan.proposed.total.currency).amountMinor,
    })),
    plan.paidMinor,
    today,
    plan.proposed.terms.graceDays,
  );

export type AgreementBlock =
  | { readonly kind: 'disputed'; readonly reason: string }
  | { readonly kind: 'promised'; readonly until: string }
  | { readonly kind: 'in-plan' };

/**
 * Why dunning leaves an item alone on `today`, if it does: an open dispute on it (or on the whole
 * case), a plan that covers it, an open promise until its date plus the grace period.
 */
export const agreementBlock = (
  state: CaseAgreementsState,
  itemId: string,
  today: string,
): AgreementBlock | null => {
  for (const d of state.disputes.values()) {
    if ((d.status === 'open' || d.status === 'under_review') && (d.opened.itemId ?? itemId) === itemId) {
      return { kind: 'disputed', reason: d.opened.reasonCode };
    }
  }
  for (const plan of state.plans.values()) {
    if (LIVE_PLAN.has(plan.status) && covers(plan.proposed.itemIds, itemId)) return { kind: 'in-plan' };
  }
  for (const p of state.promises.values()) {
    if (p.status !== 'open' || !covers(p.made.itemIds, itemId)) continue;
    const until = addDays(parseDate(p.made.promisedFor), p.made.graceDays).toString();
    if (today <= until) return { kind: 'promised', until };
  }
  return null;
};

/** Items under an open dispute (for interest when the tenant excludes them). */
export const disputedItemIds = (state: CaseAgreementsState, allItemIds: readonly string[]): Set<string> => {
  const ids = new Set<string>();
  for (const d of state.disputes.values()) {
    if (d.status !== 'open' && d.status !== 'under_review') continue;
    if (d.opened.itemId === null) allItemIds.forEach((id) => ids.add(id));
    else ids.add(d.opened.itemId);
  }
  return ids;
};

// --- Decisions --------------------------------------------------------------------------------

/** Decides a follow-up command on the state the earlier events made (the ordinary money handlers). */
export type SubDecider = (command: CaseCommand, state: OpenCaseState) => CaseEvent[];
export type Evolver = (state: OpenCaseState, event: CaseEvent) => OpenCaseState;

type Ctx = { readonly state: OpenCaseState; readonly decide: SubDecider; readonly evolve: Evolver };

/** Events so far, then the follow-up commands decided one by one on the state they leave. */
const chain = (ctx: Ctx, events: CaseEvent[], followUps: readonly CaseCommand[]): CaseEvent[] => {
  let state = events.reduce(ctx.evolve, ctx.state);
  const all = [...events];
  for (const command of followUps) {
    const more = ctx.decide(command, state);
    state = more.reduce(ctx.evolve, state);
    all.push(...more);
  }
  return all;
};

export const decideAgreements = (
  command: CaseAgreementCommand,
  state: OpenCaseState,
  decide: SubDecider,
  evolve: Evolver,
): CaseEvent[] => {
  const ctx: Ctx = { state, decide, evolve };
  const a = state.agreements;
  const currency = state.currency as CurrencyCode;
  switch (command.type) {
    case 'MakePromise': {
      const d = command.data;
      const known = a.promises.get(d.promiseId);
      if (known) return [];
      const amount = positive(d.amount, state, `promise ${d.promiseId}`);
      date(d.takenOn, 'taken on');
      date(d.promisedFor, 'promised for');
      if (d.promisedFor < d.takenOn) {
        throw new DomainError('invalid_date', `the promised date ${d.promisedFor} is before ${d.takenOn}`);
      }
      graceDays(d.graceDays);
      if (!PROMISE_CHANNELS.includes(d.channel)) {
        throw new DomainError('validation_failed', `unknown channel ${d.channel}`);
      }
      for (const id of d.itemIds) openItem(state, id);
      return [
        {
          type: 'PromiseToPayMade',
          data: { ...d, amount: moneyToDto(amount), note: d.note?.trim() || null, takenBy: d.takenBy.trim() },
        },
      ];
    }
    case 'CancelPromise': {
      const p = promise(state, command.data.promiseId);
      if (p.status === 'cancelled') return [];
      if (p.status !== 'open') {
        throw new DomainError('agreement_closed', `promise ${p.made.promiseId} is already ${p.status}`);
      }
      date(command.data.on, 'cancelled on');
      return [
        { type: 'PromiseToPayCancelled', data: { ...command.data, reason: reason(command.data.reason) } },
      ];
    }
    case 'EvaluateAgreements':
      date(command.data.on, 'evaluated on');
      return evaluate(ctx, command.data.on);
    case 'ProposePaymentPlan':
      return proposePlan(ctx, command.data);
    case 'ApprovePaymentPlan': {
      const d = command.data;
      const plan = planOf(state, d.planId);
      if (plan.status === 'active' && plan.approvedBy === d.approvedBy) return [];
      if (plan.status !== 'proposed') {
        throw new DomainError(
          'agreement_closed',
          `plan ${d.planId} is ${plan.status}, not waiting for approval`,
        );
      }
      if (d.approvedBy === plan.proposed.proposedBy) {
        throw new DomainError(
          'four_eyes',
          `${d.approvedBy} proposed plan ${d.planId}; someone else must approve it (four-eyes principle)`,
        );
      }
      if (!d.withinLimit) {
        throw new DomainError(
          'over_limit',
          `plan ${d.planId} exceeds the authorisation limit of ${d.approvedBy}`,
        );
      }
      date(d.approvedOn, 'approved on');
      return approvePlan(ctx, [], plan.proposed, d.approvedBy, d.approvedOn, false, d.comment);
    }
    case 'RejectPaymentPlan': {
      const d = command.data;
      const plan = planOf(state, d.planId);
      if (plan.status === 'rejected') return [];
      if (plan.status !== 'proposed') {
        throw new DomainError(
          'agreement_closed',
          `plan ${d.planId} is ${plan.status}, not waiting for approval`,
        );
      }
      date(d.on, 'rejected on');
      return [{ type: 'PaymentPlanRejected', data: { ...d, reason: reason(d.reason) } }];
    }
    case 'CancelPaymentPlan': {
      const d = command.data;
      const plan = planOf(state, d.planId);
      if (plan.status === 'cancelled') return [];
      if (!LIVE_PLAN.has(plan.status)) {
        throw new DomainError('agreement_closed', `plan ${d.planId} is already ${plan.status}`);
      }
      date(d.on, 'cancelled on');
      const unearned =
        plan.status === 'active'
          ? accelerate(scheduleOf(plan), plan.paidMinor, d.on).unearnedInterest
          : money(0n, currency);
      return chain(
        ctx,
        [
          {
            type: 'PaymentPlanCancelled',
            data: { ...d, reason: reason(d.reason), unearnedInterest: moneyToDto(unearned) },
          },
        ],
        unearnedReversal(state, d.planId, unearned, d.on),
      );
    }
    case 'RegisterMandate': {
      const d = command.data;
      if (a.mandates.has(d.mandateId)) return [];
      const ref = d.reference.trim();
      if (ref === '' || ref.length > 35) {
        throw new DomainError('validation_failed', 'a mandate reference has 1 to 35 characters');
      }
      if ([...a.mandates.values()].some((m) => m.registered.reference === ref && m.status === 'active')) {
        throw new DomainError('duplicate_id', `mandate ${ref} is already registered on case ${state.number}`);
      }
      date(d.signedOn, 'signed on');
      if (d.debtorName.trim() === '')
        throw new DomainError('validation_failed', 'the mandate needs the debtor name');
      return [{ type: 'MandateRegistered', data: { ...d, reference: ref, debtorName: d.debtorName.trim() } }];
    }
    case 'RevokeMandate': {
      const m = a.mandates.get(command.data.mandateId);
      if (!m)
        throw new DomainError(
          'agreement_not_found',
          `no mandate ${command.data.mandateId} on case ${state.number}`,
        );
      if (m.status === 'revoked') return [];
      date(command.data.on, 'revoked on');
      return [{ type: 'MandateRevoked', data: { ...command.data, reason: reason(command.data.reason) } }];
    }
    case 'AttachPlanMandate': {
      const plan = planOf(state, command.data.planId);
      const m = a.mandates.get(command.data.mandateId);
      if (!m || m.status !== 'active') {
        throw new DomainError(
          'agreement_not_found',
          `no active mandate ${command.data.mandateId} on case ${state.number}`,
        );
      }
      if (plan.mandateId === command.data.mandateId) return [];
      return [{ type: 'PlanMandateAttached', data: command.data }];
    }
    case 'SubmitDirectDebit': {
      const d = command.data;
      const plan = planOf(state, d.planId);
      const current = plan.directDebits.get(d.installment);
      if (current && current.status !== 'returned') {
        if (current.endToEndId === d.endToEndId) return [];
        throw new DomainError(
          'duplicate_id',
          `installment ${d.installment} of plan ${d.planId} is already presented as ${current.endToEndId}`,
        );
      }
      if (plan.status !== 'active') {
        throw new DomainError('agreement_closed', `plan ${d.planId} is ${plan.status}; nothing to collect`);
      }
      const mandateId = plan.mandateId;
      const mandate = mandateId === null ? undefined : a.mandates.get(mandateId);
      if (!mandate || mandateId === null || mandate.status !== 'active') {
        throw new DomainError('validation_failed', `plan ${d.planId} has no active SEPA mandate`);
      }
      if (!plan.proposed.schedule.some((l) => l.number === d.installment)) {
        throw new DomainError('validation_failed', `plan ${d.planId} has no installment ${d.installment}`);
      }
      positive(d.amount, state, `direct debit ${d.endToEndId}`);
      date(d.collectionDate, 'collection date');
      if (a.debits.has(d.endToEndId))
        throw new DomainError('duplicate_id', `end-to-end id ${d.endToEndId} is used`);
      return [{ type: 'DirectDebitSubmitted', data: { ...d, mandateId } }];
    }
    case 'CollectDirectDebit': {
      const d = command.data;
      const { plan, debit, installment } = debitOf(state, d.endToEndId);
      if (debit.status !== 'submitted') return [];
      date(d.on, 'collected on');
      return chain(
        ctx,
        [
          {
            type: 'DirectDebitCollected',
            data: {
              endToEndId: d.endToEndId,
              planId: plan.proposed.planId,
              installment,
              paymentId: d.paymentId,
              on: d.on,
            },
          },
        ],
        [
          {
            type: 'ReceivePayment',
            data: {
              paymentId: d.paymentId,
              amount: debit.amount,
              receivedOn: d.on,
              method: 'direct_debit',
              payer: a.mandates.get(debit.mandateId)?.registered.debtorName ?? null,
              bankReference: d.endToEndId,
            },
          },
        ],
      );
    }
    case 'ReturnDirectDebit': {
      const d = command.data;
      const { plan, debit, installment } = debitOf(state, d.endToEndId);
      if (debit.status === 'returned') return [];
      date(d.returnedOn, 'returned on');
      const returned: CaseEvent = {
        type: 'DirectDebitReturned',
        data: {
          endToEndId: d.endToEndId,
          planId: plan.proposed.planId,
          installment,
          paymentId: debit.paymentId,
          reason: reason(d.reason),
          returnedOn: d.returnedOn,
          bankReference: d.bankReference,
        },
      };
      if (debit.paymentId === null) return [returned];
      // The bank takes the money back: what it paid is unallocated, then returned.
      const paymentId = debit.paymentId;
      const cancellations: CaseCommand[] = [...state.allocations.values()]
        .filter((al) => al.allocated.paymentId === paymentId && al.cancelled === null)
        .map((al) => ({
          type: 'CancelAllocation',
          data: {
            allocationId: al.allocated.allocationId,
            cancelledOn: d.returnedOn,
            reason: `direct debit returned (${d.reason})`,
          },
        }));
      const payment = state.payments.get(paymentId);
      const events = chain(ctx, [returned], cancellations);
      if (!payment) return events;
      return [
        ...events,
        {
          type: 'PaymentReturned',
          data: {
            paymentId,
            amount: payment.received.amount,
            returnedOn: d.returnedOn,
            reason: `direct debit returned (${d.reason})`,
          },
        },
      ];
    }
    case 'OpenDispute': {
      const d = command.data;
      const known = a.disputes.get(d.disputeId);
      if (known) return [];
      const amount = positive(d.amount, state, `dispute ${d.disputeId}`);
      if (d.itemId !== null) {
        const outstanding = openItem(state, d.itemId);
        if (amount.amountMinor > outstanding) {
          throw new DomainError(
            'exceeds_outstanding',
            `the disputed amount ${formatMoney(amount)} is more than the ${formatMoney(money(outstanding, currency))} outstanding on the item`,
          );
        }
      }
      const code = d.reasonCode.trim();
      if (code === '') throw new DomainError('validation_failed', 'a dispute needs a reason code');
      if (d.description.trim() === '')
        throw new DomainError('validation_failed', 'a dispute needs a description');
      date(d.openedOn, 'opened on');
      if (d.deadline !== null) date(d.deadline, 'deadline');
      return [
        {
          type: 'DisputeOpened',
          data: { ...d, reasonCode: code, description: d.description.trim(), amount: moneyToDto(amount) },
        },
      ];
    }
    case 'ReviewDispute': {
      const d = command.data;
      const dispute = disputeOf(state, d.disputeId);
      if (dispute.status === 'under_review' && (d.owner === null || d.owner === dispute.owner)) return [];
      if (dispute.status !== 'open' && dispute.status !== 'under_review') {
        throw new DomainError('agreement_closed', `dispute ${d.disputeId} is already ${dispute.status}`);
      }
      date(d.on, 'reviewed on');
      return [{ type: 'DisputeReviewStarted', data: d }];
    }
    case 'ResolveDispute':
      return resolveDispute(ctx, command.data);
    case 'ApproveDisputeResolution': {
      const d = command.data;
      const dispute = disputeOf(state, d.disputeId);
      if (dispute.status === 'accepted') return [];
      const pending = dispute.pending;
      if (!pending)
        throw new DomainError('agreement_closed', `dispute ${d.disputeId} has no resolution waiting`);
      if (pending.by === d.by) {
        throw new DomainError('four_eyes', `${d.by} asked for this resolution; someone else must approve it`);
      }
      if (!d.withinLimit)
        throw new DomainError('over_limit', `the settlement exceeds the authorisation limit of ${d.by}`);
      return settleDispute(ctx, dispute, pending, d.by, d.on, d.creditNoteItemId);
    }
    case 'RequestAdjustment': {
      const d = command.data;
      if (a.adjustments.has(d.requestId)) return [];
      date(d.on, 'requested on');
      // The operation must be one the case would accept now; it is checked again when approved.
      ctx.decide(d.operation, state);
      return [{ type: 'AdjustmentRequested', data: d }];
    }
    case 'DecideAdjustment': {
      const d = command.data;
      const r = a.adjustments.get(d.requestId);
      if (!r)
        throw new DomainError(
          'agreement_not_found',
          `no adjustment request ${d.requestId} on case ${state.number}`,
        );
      if (r.status !== 'pending') {
        if ((r.status === 'approved') === d.approve) return [];
        throw new DomainError('agreement_closed', `adjustment request ${d.requestId} is already ${r.status}`);
      }
      date(d.on, 'decided on');
      if (!d.approve) {
        return [
          {
            type: 'AdjustmentRejected',
            data: { requestId: d.requestId, rejectedBy: d.by, reason: reason(d.reason ?? ''), on: d.on },
          },
        ];
      }
      if (d.by === r.requested.requestedBy) {
        throw new DomainError('four_eyes', `${d.by} asked for this adjustment; someone else must approve it`);
      }
      if (!d.withinLimit)
        throw new DomainError('over_limit', `the adjustment exceeds the authorisation limit of ${d.by}`);
      return chain(
        ctx,
        [{ type: 'AdjustmentApproved', data: { requestId: d.requestId, approvedBy: d.by, on: d.on } }],
        [r.requested.operation],
      );
    }
    case 'RequestWaiver': {
      const d = command.data;
      if (a.waivers.has(d.waiverId)) return [];
      const amount = positive(d.amount, state, `waiver ${d.waiverId}`);
      if (!['interest', 'fees', 'costs'].includes(d.component)) {
        throw new DomainError(
          'validation_failed',
          `only interest, fees and costs can be waived, not ${d.component}`,
        );
      }
      if (amount.amountMinor > state.balances[d.component]) {
        throw new DomainError(
          'exceeds_outstanding',
          `only ${formatMoney(money(state.balances[d.component], currency))} of ${d.component} is outstanding`,
        );
      }
      date(d.on, 'requested on');
      const { withinLimit, ...requested } = { ...d, amount: moneyToDto(amount), reason: reason(d.reason) };
      if (!withinLimit) return [{ type: 'WaiverRequested', data: requested }];
      return grantWaiver(ctx, requested, d.requestedBy, d.on);
    }
    case 'DecideWaiver': {
      const d = command.data;
      const w = a.waivers.get(d.waiverId);
      if (!w) throw new DomainError('agreement_not_found', `no waiver ${d.waiverId} on case ${state.number}`);
      if (w.status !== 'pending') {
        if ((w.status === 'granted') === d.approve) return [];
        throw new DomainError('agreement_closed', `waiver ${d.waiverId} is already ${w.status}`);
      }
      date(d.on, 'decided on');
      if (!d.approve) {
        return [
          {
            type: 'WaiverRejected',
            data: { waiverId: d.waiverId, rejectedBy: d.by, reason: reason(d.reason ?? ''), on: d.on },
          },
        ];
      }
      if (d.by === w.requested.requestedBy) {
        throw new DomainError(
          'four_eyes',
          `${d.by} asked for waiver ${d.waiverId}; someone else must approve it`,
        );
      }
      if (!d.withinLimit)
        throw new DomainError('over_limit', `the waiver exceeds the authorisation limit of ${d.by}`);
      return grantWaiver(ctx, w.requested, d.by, d.on);
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

/**
 * After money moved (an allocation, its cancellation): promises paid in full are kept at once, and
 * a plan paid in full is completed. Date-driven outcomes wait for `EvaluateAgreements`.
 */
export const settledAgreements = (state: OpenCaseState, on: string): CaseEvent[] => {
  const events: CaseEvent[] = [];
  for (const p of state.agreements.promises.values()) {
    if (p.status === 'open' && p.paidMinor >= minorOf(p.made.amount)) {
      events.push({ type: 'PromiseToPayKept', data: promiseResult(p, state, on) });
    }
  }
  for (const plan of state.agreements.plans.values()) {
    if (plan.status === 'active' && plan.paidMinor >= minorOf(plan.proposed.total)) {
      events.push({ type: 'PaymentPlanCompleted', data: { planId: plan.proposed.planId, on } });
    }
  }
  return events;
};

const evaluate = (ctx: Ctx, on: string): CaseEvent[] => {
  const { state } = ctx;
  const events: CaseEvent[] = [];
  const followUps: CaseCommand[] = [];
  for (const p of state.agreements.promises.values()) {
    if (p.status !== 'open') continue;
    const outcome = promiseOutcome(
      { amountMinor: minorOf(p.made.amount), promisedFor: p.made.promisedFor, graceDays: p.made.graceDays },
      p.paidMinor,
      on,
    );
    const data = promiseResult(p, state, on);
    if (outcome === 'kept') events.push({ type: 'PromiseToPayKept', data });
    else if (outcome === 'partly_kept') events.push({ type: 'PromiseToPayPartlyKept', data });
    else if (outcome === 'broken') events.push({ type: 'PromiseToPayBroken', data });
  }
  for (const plan of state.agreements.plans.values()) {
    if (plan.status !== 'active') continue;
    const progress = planProgress(plan, on);
    if (planCompleted(progress)) {
      events.push({ type: 'PaymentPlanCompleted', data: { planId: plan.proposed.planId, on } });
      continue;
    }
    const currency = plan.proposed.total.currency as CurrencyCode;
    for (const line of progress) {
      if (line.state !== 'late' || plan.lateReported.has(line.number)) continue;
      events.push({
        type: 'InstallmentLate',
        data: {
          planId: plan.proposed.planId,
          number: line.number,
          dueDate: line.dueDate,
          amount: moneyToDto(money(line.amountMinor, currency)),
          paid: moneyToDto(money(line.paidMinor, currency)),
          daysLate: line.daysLate,
          on,
        },
      });
    }
    const verdict = planBreach(progress, {
      ...DEFAULT_BREACH_POLICY,
      graceDays: plan.proposed.terms.graceDays,
    });
    if (!verdict.breached) continue;
    const acceleration = accelerate(scheduleOf(plan), plan.paidMinor, on);
    const accelerated = plan.proposed.terms.accelerateOnBreach;
    events.push({
      type: 'PaymentPlanBreached',
      data: {
        planId: plan.proposed.planId,
        on,
        reason: verdict.reason,
        accelerated,
        dueNow: moneyToDto(acceleration.dueNow),
        unearnedInterest: moneyToDto(acceleration.unearnedInterest),
      },
    });
    followUps.push(...unearnedReversal(state, plan.proposed.planId, acceleration.unearnedInterest, on));
  }
  return chain(ctx, events, followUps);
};

const proposePlan = (ctx: Ctx, d: ProposePaymentPlan['data']): CaseEvent[] => {
  const { state } = ctx;
  const a = state.agreements;
  if (a.plans.has(d.planId)) return [];
  const currency = state.currency as CurrencyCode;
  date(d.proposedOn, 'proposed on');
  if (d.itemIds.length === 0)
    throw new DomainError('validation_failed', 'a payment plan covers at least one item');
  let principal = 0n;
  for (const id of new Set(d.itemIds)) {
    principal += openItem(state, id);
    for (const plan of a.plans.values()) {
      if (LIVE_PLAN.has(plan.status) && plan.proposed.itemIds.includes(id)) {
        throw new DomainError(
          'validation_failed',
          `item ${itemNumber(state, id)} is already in plan ${plan.proposed.planId} (${plan.status})`,
        );
      }
    }
  }
  const charges = d.includeCharges
    ? state.balances.interest + state.balances.fees + state.balances.costs
    : 0n;
  const covered = money(principal + (charges > 0n ? charges : 0n), currency);
  const t = d.terms;
  const startDate = t.startDate ?? d.proposedOn;
  graceDays(t.graceDays);
  const schedule = buildSchedule({
    total: covered,
    installments: t.installments,
    periodicity: t.periodicity,
    firstDate: t.firstDate,
    startDate,
    downPayment: t.downPayment === null ? null : parseMoney(t.downPayment, currency),
    downPaymentDate: t.downPaymentDate,
    annualRate: t.annualRate,
    fee: t.fee === null ? null : parseMoney(t.fee, currency),
  });
  if (d.mandateId !== null && a.mandates.get(d.mandateId)?.status !== 'active') {
    throw new DomainError('agreement_not_found', `no active mandate ${d.mandateId} on case ${state.number}`);
  }
  const proposed: PaymentPlanProposed['data'] = {
    ...d,
    itemIds: [...new Set(d.itemIds)],
    terms: { ...t, startDate },
    covered: moneyToDto(covered),
    schedule: schedule.installments.map((l) => ({
      number: l.number,
      kind: l.kind,
      dueDate: l.dueDate,
      principal: formatMoney(l.principal),
      interest: formatMoney(l.interest),
      fee: formatMoney(l.fee),
      amount: formatMoney(l.amount),
    })),
    total: moneyToDto(schedule.total),
    interest: moneyToDto(schedule.interest),
    fees: moneyToDto(schedule.fees),
  };
  const events: CaseEvent[] = [{ type: 'PaymentPlanProposed', data: proposed }];
  if (d.approvalRequired) return events;
  return approvePlan(ctx, events, proposed, d.proposedBy, d.proposedOn, true, null);
};

// An approved plan charges its fee and its interest, so that the case owes what the schedule says.
const approvePlan = (
  ctx: Ctx,
  before: CaseEvent[],
  plan: PaymentPlanProposed['data'],
  by: string,
  on: string,
  automatic: boolean,
  comment: string | null,
): CaseEvent[] => {
  const followUps: CaseCommand[] = [];
  if (minorOf(plan.fees) > 0n) {
    followUps.push({
      type: 'ChargeFee',
      data: { feeId: `plan:${plan.planId}:fee`, amount: plan.fees, chargedOn: on, label: 'Payment plan fee' },
    });
  }
  if (minorOf(plan.interest) > 0n) {
    const last = plan.schedule[plan.schedule.length - 1]?.dueDate ?? on;
    followUps.push({
      type: 'AccrueInterest',
      data: {
        accrualId: `plan:${plan.planId}:interest`,
        amount: plan.interest,
        from: plan.terms.startDate,
        to: last,
        accruedOn: on,
        label: `Payment plan interest at ${plan.terms.annualRate ?? '0'} %`,
      },
    });
  }
  return chain(
    ctx,
    [
      ...before,
      {
        type: 'PaymentPlanApproved',
        data: { planId: plan.planId, approvedBy: by, approvedOn: on, automatic, comment },
      },
    ],
    followUps,
  );
};

// Interest of installments not yet due is not owed once the plan ends early: it is taken back,
// never more than what is still outstanding of interest.
const unearnedReversal = (
  state: OpenCaseState,
  planId: string,
  unearned: Money,
  on: string,
): CaseCommand[] => {
  const minor =
    unearned.amountMinor < state.balances.interest ? unearned.amountMinor : state.balances.interest;
  if (minor <= 0n) return [];
  return [
    {
      type: 'AdjustBalance',
      data: {
        adjustmentId: `plan:${planId}:unearned`,
        component: 'interest',
        amount: moneyToDto(money(-minor, unearned.currency)),
        adjustedOn: on,
        reason: 'Payment plan ended: interest of installments not yet due',
      },
    },
  ];
};

const resolveDispute = (ctx: Ctx, d: ResolveDispute['data']): CaseEvent[] => {
  const { state } = ctx;
  const dispute = disputeOf(state, d.disputeId);
  if (dispute.status === 'accepted' || dispute.status === 'rejected') {
    if (dispute.status === d.outcome) return [];
    throw new DomainError('agreement_closed', `dispute ${d.disputeId} is already ${dispute.status}`);
  }
  date(d.on, 'resolved on');
  const comment = d.comment.trim();
  if (comment === '') throw new DomainError('validation_failed', 'a resolution needs a comment');
  if (d.outcome === 'rejected') {
    return [{ type: 'DisputeRejected', data: { disputeId: d.disputeId, comment, by: d.by, on: d.on } }];
  }
  if (d.settlement === null && d.amount !== null) {
    throw new DomainError('validation_failed', 'an amount needs a settlement: credit note or write-off');
  }
  const amount = d.amount === null ? null : positive(d.amount, state, `dispute ${d.disputeId}`);
  if (d.settlement !== null) {
    const settled = amount ?? parseMoney(dispute.opened.amount.amount, state.currency as CurrencyCode);
    if (d.settlement === 'write_off' && dispute.opened.itemId === null) {
      throw new DomainError(
        'validation_failed',
        'a dispute on the whole case is settled by a credit note, not a write-off',
      );
    }
    if (
      dispute.opened.itemId !== null &&
      settled.amountMinor > (state.itemOutstanding.get(dispute.opened.itemId) ?? 0n)
    ) {
      throw new DomainError(
        'exceeds_outstanding',
        `${formatMoney(settled)} is more than what is outstanding on the item`,
      );
    }
  }
  const pending: DisputeSettlementData = {
    disputeId: d.disputeId,
    settlement: d.settlement,
    amount: d.settlement === null ? null : amount === null ? dispute.opened.amount : moneyToDto(amount),
    comment,
    by: d.by,
    on: d.on,
  };
  if (!d.withinLimit && d.settlement !== null) return [{ type: 'DisputeResolutionRequested', data: pending }];
  return settleDispute(ctx, dispute, pending, d.by, d.on, d.creditNoteItemId);
};

const settleDispute = (
  ctx: Ctx,
  dispute: CaseDispute,
  pending: DisputeSettlementData,
  by: string,
  on: string,
  creditNoteItemId: string | null,
): CaseEvent[] => {
  const { state } = ctx;
  const accepted: CaseEvent = {
    type: 'DisputeAccepted',
    data: { ...pending, by, on, requestedBy: pending.by },
  };
  const followUps: CaseCommand[] = [];
  const amount = pending.amount;
  const label = `Dispute ${dispute.opened.reasonCode} accepted`;
  if (pending.settlement === 'write_off' && amount !== null && dispute.opened.itemId !== null) {
    followUps.push({
      type: 'WriteOffAmount',
      data: {
        writeOffId: `dispute:${dispute.opened.disputeId}`,
        itemId: dispute.opened.itemId,
        component: 'principal',
        amount,
        writtenOffOn: on,
        reason: `${label}: ${pending.comment}`,
      },
    });
  }
  if (pending.settlement === 'credit_note' && amount !== null) {
    if (creditNoteItemId === null)
      throw new DomainError('validation_failed', 'a credit note needs an item id');
    const invoice = dispute.opened.itemId === null ? state.number : itemNumber(state, dispute.opened.itemId);
    followUps.push({
      type: 'AddFinancialItem',
      data: {
        itemId: creditNoteItemId,
        kind: 'credit_note',
        number: `CN-${invoice}-${dispute.opened.disputeId.slice(-6)}`,
        issueDate: on,
        dueDate: on,
        amount: { amount: `-${amount.amount}`, currency: amount.currency },
      },
    });
  }
  return chain(ctx, [accepted], followUps);
};

const grantWaiver = (ctx: Ctx, requested: WaiverRequested['data'], by: string, on: string): CaseEvent[] =>
  chain(
    ctx,
    [{ type: 'WaiverGranted', data: { ...requested, grantedBy: by, grantedOn: on } }],
    [
      {
        type: 'WriteOffAmount',
        data: {
          writeOffId: `waiver:${requested.waiverId}`,
          itemId: null,
          component: requested.component,
          amount: requested.amount,
          writtenOffOn: on,
          reason: `Waiver: ${requested.reason}`,
        },
      },
    ],
  );

// --- Small helpers ----------------------------------------------------------------------------

const promiseResult = (p: CasePromise, state: OpenCaseState, on: string): PromiseResult => ({
  promiseId: p.made.promiseId,
  paid: moneyToDto(money(p.paidMinor, state.currency as CurrencyCode)),
  on,
});

const scheduleOf = (plan: CasePlan): Schedule => {
  const currency = plan.proposed.total.currency as CurrencyCode;
  const m = (text: string): Money => parseMoney(text, currency);
  return {
    installments: plan.proposed.schedule.map((l) => ({
      number: l.number,
      kind: l.kind,
      dueDate: l.dueDate,
      principal: m(l.principal),
      interest: m(l.interest),
      fee: m(l.fee),
      amount: m(l.amount),
    })),
    principal: m(plan.proposed.covered.amount),
    interest: m(plan.proposed.interest.amount),
    fees: m(plan.proposed.fees.amount),
    total: m(plan.proposed.total.amount),
  };
};

const promise = (state: OpenCaseState, id: string): CasePromise => {
  const p = state.agreements.promises.get(id);
  if (!p) throw new DomainError('agreement_not_found', `no promise ${id} on case ${state.number}`);
  return p;
};

const planOf = (state: OpenCaseState, id: string): CasePlan => {
  const plan = state.agreements.plans.get(id);
  if (!plan) throw new DomainError('agreement_not_found', `no payment plan ${id} on case ${state.number}`);
  return plan;
};

const disputeOf = (state: OpenCaseState, id: string): CaseDispute => {
  const dispute = state.agreements.disputes.get(id);
  if (!dispute) throw new DomainError('agreement_not_found', `no dispute ${id} on case ${state.number}`);
  return dispute;
};

const debitOf = (
  state: OpenCaseState,
  endToEndId: string,
): { plan: CasePlan; debit: PlanDirectDebit; installment: number } => {
  const ref = state.agreements.debits.get(endToEndId);
  const plan = ref === undefined ? undefined : state.agreements.plans.get(ref.planId);
  const debit = ref === undefined ? undefined : plan?.directDebits.get(ref.installment);
  if (!ref || !plan || !debit || debit.endToEndId !== endToEndId) {
    throw new DomainError('agreement_not_found', `no direct debit ${endToEndId} on case ${state.number}`);
  }
  return { plan, debit, installment: ref.installment };
};

const itemNumber = (state: OpenCaseState, itemId: string): string =>
  [...state.items.values()].find((i) => i.itemId === itemId)?.number ?? itemId;

/** An open invoice of the case: its outstanding principal (minor units). */
const openItem = (state: OpenCaseState, itemId: string): bigint => {
  const outstanding = state.itemOutstanding.get(itemId);
  if (outstanding === undefined)
    throw new DomainError('item_not_found', `no item ${itemId} on case ${state.number}`);
  if (outstanding <= 0n) {
    throw new DomainError('validation_failed', `item ${itemNumber(state, itemId)} has nothing outstanding`);
  }
  return outstanding;
};

const positive = (amount: MoneyJson, state: OpenCaseState, what: string): Money => {
  if (amount.currency !== state.currency) {
    throw new DomainError(
      'currency_mismatch',
      `${what} is in ${amount.currency} but case ${state.number} is in ${state.currency}`,
    );
  }
  const parsed = parseMoney(amount.amount, amount.currency);
  if (parsed.amountMinor <= 0n) throw new DomainError('invalid_amount', `${what} must be positive`);
  return parsed;
};

const date = (value: string, what: string): void => {
  if (!tryParseDate(value)) throw new DomainError('invalid_date', `${what}: invalid date "${value}"`);
};

const graceDays = (days: number): void => {
  if (!Number.isInteger(days) || days < 0 || days > 60) {
    throw new DomainError('validation_failed', 'grace days must be a whole number from 0 to 60');
  }
};

const reason = (text: string): string => {
  const trimmed = text.trim();
  if (trimmed === '') throw new DomainError('validation_failed', 'a reason is required');
  return trimmed;
};

/** Days a dispute took from opening to resolution. */
export const resolutionDays = (dispute: CaseDispute): number | null =>
  dispute.resolution === null
    ? null
    : daysBetween(parseDate(dispute.opened.openedOn), parseDate(dispute.resolution.on));

export const CASE_AGREEMENT_COMMAND_TYPES: ReadonlySet<string> = new Set<CaseAgreementCommand['type']>([
  'RequestAdjustment',
  'DecideAdjustment',
  'MakePromise',
  'CancelPromise',
  'EvaluateAgreements',
  'ProposePaymentPlan',
  'ApprovePaymentPlan',
  'RejectPaymentPlan',
  'CancelPaymentPlan',
  'RegisterMandate',
  'RevokeMandate',
  'AttachPlanMandate',
  'SubmitDirectDebit',
  'CollectDirectDebit',
  'ReturnDirectDebit',
  'OpenDispute',
  'ReviewDispute',
  'ResolveDispute',
  'ApproveDisputeResolution',
  'RequestWaiver',
  'DecideWaiver',
]);

export const AGREEMENT_EVENT_TYPES: ReadonlySet<string> = new Set<CaseAgreementEvent['type']>([
  'AdjustmentRequested',
  'AdjustmentApproved',
  'AdjustmentRejected',
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
]);

export const isAgreementEvent = (event: { type: string }): event is CaseAgreementEvent =>
  AGREEMENT_EVENT_TYPES.has(event.type);

import { parseMoney } from '../money/money';
import type { DebtComponent } from '../ledger/ledger.types';
import { evolveControl, initialControlState, type CaseControlState } from './case-control';
import {
  evolveAgreements,
  initialAgreementsState,
  isAgreementEvent,
  type CaseAgreementsState,
} from './case-agreements';
import { evolveDunning, initialDunningState, isDunningEvent, type CaseDunningState } from './case-dunning';
import type {
  AllocationCancelled,
  AmountWrittenOff,
  BalanceAdjusted,
  CaseEvent,
  CustomFields,
  FeeCharged,
  InterestAccrued,
  ItemKind,
  MoneyJson,
  PartyRole,
  PaymentAllocated,
  PaymentReceived,
  Phase,
  RecoveryCostCharged,
  RecoveryIndemnityCharged,
  RefundIssued,
} from './case.events';

export type CaseItem = {
  readonly itemId: string;
  readonly kind: ItemKind;
  readonly number: string;
  readonly dueDate: string;
  readonly amount: MoneyJson;
};

/** A payment and what of it is still waiting to be applied (minor units). */
export type CasePayment = {
  readonly received: PaymentReceived['data'];
  readonly unallocatedMinor: bigint;
};

export type CaseAllocation = {
  readonly allocated: PaymentAllocated['data'];
  /** The cancellation, once there is one; a cancelled allocation stays known so retries stay harmless. */
  readonly cancelled: AllocationCancelled['data'] | null;
};

/** What the debtor owes per component, in minor units of the case's currency. */
export type ComponentBalances = Readonly<Record<DebtComponent, bigint>>;

export type OpenCaseState = {
  readonly status: 'open' | 'closed';
  readonly caseId: string;
  readonly number: string;
  readonly caseType: string;
  readonly currency: string;
  readonly phase: Phase;
  readonly manager: string | null;
  readonly archived: boolean;
  readonly customFields: CustomFields;
  readonly parties: readonly { partyId: string; role: PartyRole }[];
  readonly items: ReadonlyMap<string, CaseItem>;
  readonly noteIds: ReadonlySet<string>;
  /** Principal still owed per item id (negative for a credit note nobody has used yet). */
  readonly itemOutstanding: ReadonlyMap<string, bigint>;
  readonly balances: ComponentBalances;
  /** By payment id, in the order received. */
  readonly payments: ReadonlyMap<string, CasePayment>;
  readonly allocations: ReadonlyMap<string, CaseAllocation>;
  // The other movements by id, as recorded, to tell a retry from a conflicting re-use of an id.
  readonly fees: ReadonlyMap<string, FeeCharged['data']>;
  readonly recoveryCosts: ReadonlyMap<string, RecoveryCostCharged['data']>;
  /** By indemnity id; at most one per item. */
  readonly recoveryIndemnities: ReadonlyMap<string, RecoveryIndemnityCharged['data']>;
  readonly accruals: ReadonlyMap<string, InterestAccrued['data']>;
  readonly adjustments: ReadonlyMap<string, BalanceAdjusted['data']>;
  readonly writeOffs: ReadonlyMap<string, AmountWrittenOff['data']>;
  readonly refunds: ReadonlyMap<string, RefundIssued['data']>;
  /** Team, portfolio, strategy, flags, tasks, timers: how the case is steered. */
  readonly control: CaseControlState;
  /** Steps run, messages, stops, overrides: what dunning did on the case. */
  readonly dunning: CaseDunningState;
  /** Promises, payment plans, mandates, disputes and waivers. */
  readonly agreements: CaseAgreementsState;
};

export type CaseState = { readonly status: 'initial' } | OpenCaseState;

export const initialCaseState: CaseState = { status: 'initial' };

/** Folds one event into the state; total over every event type, so replay always succeeds. */
export const evolveCase = (state: CaseState, event: CaseEvent): CaseState => {
  if (event.type === 'CaseOpened') {
    const d = event.data;
    return {
      status: 'open',
      caseId: d.caseId,
      number: d.number,
      caseType: d.caseType,
      currency: d.currency,
      phase: d.phase,
      manager: null,
      archived: false,
      customFields: d.customFields,
      parties: [],
      items: new Map(),
      noteIds: new Set(),
      itemOutstanding: new Map(),
      balances: { principal: 0n, interest: 0n, fees: 0n, costs: 0n },
      payments: new Map(),
      allocations: new Map(),
      fees: new Map(),
      recoveryCosts: new Map(),
      recoveryIndemnities: new Map(),
      accruals: new Map(),
      adjustments: new Map(),
      writeOffs: new Map(),
      refunds: new Map(),
      control: initialControlState,
      dunning: initialDunningState,
      agreements: initialAgreementsState,
    };
  }
  if (state.status === 'initial') return state;
  const next = evolveMoneyAndControl(state, event);
  // Agreements follow the money too (allocations count towards promises and plans).
  return isAgreementEvent(event) || event.type === 'PaymentAllocated' || event.type === 'AllocationCancelled'
    ? { ...next, agreements: evolveAgreements(next.agreements, event) }
    : next;
};

const evolveMoneyAndControl = (state: OpenCaseState, event: CaseEvent): OpenCaseState => {
  switch (event.type) {
    case 'CaseOpened':
      return state;
    case 'PartyAttached':
      return {
        ...state,
        parties: [...state.parties, { partyId: event.data.partyId, role: event.data.role }],
      };
    case 'FinancialItemAdded': {
      const items = new Map(state.items);
      const d = event.data;
      items.set(d.number, {
        itemId: d.itemId,
        kind: d.kind,
        number: d.number,
        dueDate: d.dueDate,
        amount: d.amount,
      });
      const amount = minor(d.amount);
      return {
        ...state,
        items,
        itemOutstanding: withEntry(state.itemOutstanding, d.itemId, amount),
        balances: shift(state.balances, 'principal', amount),
      };
    }
    case 'NoteAdded':
      return { ...state, noteIds: new Set([...state.noteIds, event.data.noteId]) };
    case 'PhaseChanged':
      return { ...state, phase: event.data.to };
    case 'ManagerAssigned':
      return { ...state, manager: event.data.manager };
    case 'CustomFieldsChanged':
      return { ...state, customFields: event.data.customFields };
    case 'CaseArchived':
      return { ...state, archived: true };
    case 'CaseUnarchived':
      return { ...state, archived: false };
    case 'CaseClosed':
      return { ...state, status: 'closed', phase: 'closed' };
    case 'PaymentReceived':
      return {
        ...state,
        payments: withEntry(state.payments, event.data.paymentId, {
          received: event.data,
          unallocatedMinor: minor(event.data.amount),
        }),
      };
    case 'PaymentAllocated': {
      const d = event.data;
      return {
        ...applyToDebt(state, d.component, d.itemId, -minor(d.amount)),
        payments: shiftPayment(state.payments, d.paymentId, -minor(d.amount)),
        allocations: withEntry(state.allocations, d.allocationId, { allocated: d, cancelled: null }),
      };
    }
    case 'AllocationCancelled': {
      const d = event.data;
      const allocation = state.allocations.get(d.allocationId);
      return {
        ...applyToDebt(state, d.component, d.itemId, minor(d.amount)),
        payments: shiftPayment(state.payments, d.paymentId, minor(d.amount)),
        allocations: allocation
          ? withEntry(state.allocations, d.allocationId, { ...allocation, cancelled: d })
          : state.allocations,
      };
    }
    case 'FeeCharged':
      return {
        ...state,
        balances: shift(state.balances, 'fees', minor(event.data.amount)),
        fees: withEntry(state.fees, event.data.feeId, event.data),
      };
    case 'RecoveryCostCharged':
      return {
        ...state,
        balances: shift(state.balances, 'costs', minor(event.data.amount)),
        recoveryCosts: withEntry(state.recoveryCosts, event.data.costId, event.data),
      };
    case 'RecoveryIndemnityCharged':
      return {
        ...state,
        balances: shift(state.balances, 'costs', minor(event.data.amount)),
        recoveryIndemnities: withEntry(state.recoveryIndemnities, event.data.indemnityId, event.data),
      };
    case 'InterestAccrued':
      return {
        ...state,
        balances: shift(state.balances, 'interest', minor(event.data.amount)),
        accruals: withEntry(state.accruals, event.data.accrualId, event.data),
      };
    case 'BalanceAdjusted':
      return {
        ...state,
        balances: shift(state.balances, event.data.component, minor(event.data.amount)),
        adjustments: withEntry(state.adjustments, event.data.adjustmentId, event.data),
      };
    case 'AmountWrittenOff': {
      const d = event.data;
      return {
        ...applyToDebt(state, d.component, d.itemId, -minor(d.amount)),
        writeOffs: withEntry(state.writeOffs, d.writeOffId, d),
      };
    }
    case 'RefundIssued':
      return {
        ...state,
        payments: drawRefund(state.payments, minor(event.data.amount)),
        refunds: withEntry(state.refunds, event.data.refundId, event.data),
      };
    case 'PaymentReturned':
      return {
        ...state,
        payments: shiftPayment(state.payments, event.data.paymentId, -minor(event.data.amount)),
      };
    case 'CaseOutsourced':
      return { ...state, control: evolveControl(state.control, event), phase: 'outsourced' };
    default:
      if (isAgreementEvent(event)) return state;
      if (isDunningEvent(event)) return { ...state, dunning: evolveDunning(state.dunning, event) };
      return { ...state, control: evolveControl(state.control, event) };
  }
};

export const foldCase = (events: readonly CaseEvent[]): CaseState =>
  events.reduce(evolveCase, initialCaseState);

/** Cash received and not yet applied, over all payments of the case (minor units). */
export const unallocatedMinor = (state: OpenCaseState): bigint =>
  [...state.payments.values()].reduce((total, p) => total + p.unallocatedMinor, 0n);

const minor = (amount: MoneyJson): bigint => parseMoney(amount.amount, amount.currency).amountMinor;

const withEntry = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> =>
  new Map(map).set(key, value);

const shift = (balances: ComponentBalances, component: DebtComponent, by: bigint): ComponentBalances => ({
  ...balances,
  [component]: balances[component] + by,
});

const shiftPayment = (
  payments: ReadonlyMap<string, CasePayment>,
  paymentId: string,
  by: bigint,
): ReadonlyMap<string, CasePayment> => {
  const payment = payments.get(paymentId);
  if (!payment) return payments;
  return withEntry(payments, paymentId, { ...payment, unallocatedMinor: payment.unallocatedMinor + by });
};

// A component's balance moves, and the item's principal with it when the movement names an item.
const applyToDebt = (
  state: OpenCaseState,
  component: DebtComponent,
  itemId: string | null,
  by: bigint,
): OpenCaseState => {
  const itemBalance = itemId === null ? undefined : state.itemOutstanding.get(itemId);
  return {
    ...state,
    balances: shift(state.balances, component, by),
    itemOutstanding:
      component === 'principal' && itemId !== null && itemBalance !== undefined
        ? withEntry(state.itemOutstanding, itemId, itemBalance + by)
        : state.itemOutstanding,
  };
};

// A refund names no payment: it gives back the most recently received cash first, so that each
// payment's unallocated remainder still adds up to the case's unallocated cash.
const drawRefund = (
  payments: ReadonlyMap<string, CasePayment>,
  amount: bigint,
): ReadonlyMap<string, CasePayment> => {
  const next = new Map(payments);
  let left = amount;
  for (const [paymentId, payment] of [...payments].reverse()) {
    if (left <= 0n) break;
    const taken = payment.unallocatedMinor < left ? payment.unallocatedMinor : left;
    if (taken <= 0n) continue;
    next.set(paymentId, { ...payment, unallocatedMinor: payment.unallocatedMinor - taken });
    left -= taken;
  }
  return next;
};

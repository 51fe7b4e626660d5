import { DomainError } from '../shared/domain-error';
import {
  formatMoney,
  isNegative,
  isPositive,
  isZero,
  money,
  moneyToDto,
  parseMoney,
  type Money,
} from '../money/money';
import { compareDates, tryParseDate, type PlainDate } from '../calendar/calendar';
import type { DebtComponent } from '../ledger/ledger.types';
import type {
  AccrueInterest,
  AdjustBalance,
  AllocatePayment,
  CancelAllocation,
  CaseCommand,
  ChargeFee,
  ChargeRecoveryCost,
  ChargeRecoveryIndemnity,
  IssueRefund,
  ReceivePayment,
  WriteOffAmount,
} from './case.commands';
import type { CaseEvent, ItemKind, MoneyJson } from './case.events';
import { decideControl, type CaseControlCommand } from './case-control';
import { CASE_DUNNING_COMMAND_TYPES, decideDunning, type CaseDunningCommand } from './case-dunning';
import {
  CASE_AGREEMENT_COMMAND_TYPES,
  decideAgreements,
  settledAgreements,
  type CaseAgreementCommand,
} from './case-agreements';
import { evolveCase, unallocatedMinor, type CaseState, type OpenCaseState } from './case.state';

/**
 * Decides what a command on a case means: the events to record, or a DomainError saying why
 * not. Pure: identifiers and dates come in the command. A command that repeats what already
 * happened (same note id, same item) yields no event, so retries are harmless.
 */
export const decideCase = (command: CaseCommand, state: CaseState): CaseEvent[] => {
  if (command.type === 'OpenCase') {
    if (state.status !== 'initial') {
      if (state.caseId === command.data.caseId) return [];
      throw new DomainError('case_already_exists', `case ${state.number} already exists`);
    }
    const d = command.data;
    const events: CaseEvent[] = [
      {
        type: 'CaseOpened',
        data: {
          caseId: d.caseId,
          number: d.number,
          caseType: d.caseType,
          company: d.company,
          currency: d.currency,
          phase: d.phase ?? 'amicable',
          customFields: d.customFields,
          openedOn: d.openedOn,
        },
      },
      {
        type: 'PartyAttached',
        data: {
          partyId: d.debtor.partyId,
          role: 'debtor',
          name: d.debtor.name,
          reference: d.debtor.reference,
        },
      },
    ];
    if (d.manager) events.push({ type: 'ManagerAssigned', data: { manager: d.manager, previous: null } });
    return events;
  }

  if (state.status === 'initial') throw new DomainError('case_not_found', 'the case does not exist');

  switch (command.type) {
    case 'AttachParty': {
      assertOpen(state);
      const d = command.data;
      if (state.parties.some((p) => p.partyId === d.partyId && p.role === d.role)) {
        throw new DomainError(
          'party_already_attached',
          `the party is already ${d.role} on case ${state.number}`,
        );
      }
      return [{ type: 'PartyAttached', data: { ...d } }];
    }
    case 'AddFinancialItem':
      return addItem(command.data, state);
    case 'AddNote': {
      const text = command.data.text.trim();
      if (text === '') throw new DomainError('empty_note', 'a note cannot be empty');
      if (state.noteIds.has(command.data.noteId)) return [];
      return [
        {
          type: 'NoteAdded',
          data: { noteId: command.data.noteId, text, noteType: command.data.noteType ?? 'general' },
        },
      ];
    }
    case 'ChangePhase': {
      assertOpen(state);
      const to = command.data.phase;
      if (to === 'closed') {
        throw new DomainError(
          'invalid_phase_transition',
          'a case enters the closed phase only by being closed',
        );
      }
      if (to === state.phase)
        throw new DomainError('same_phase', `case ${state.number} is already in phase ${to}`);
      return [{ type: 'PhaseChanged', data: { from: state.phase, to, reason: command.data.reason ?? null } }];
    }
    case 'AssignManager': {
      assertOpen(state);
      const manager = command.data.manager.trim();
      if (manager === state.manager) return [];
      return [{ type: 'ManagerAssigned', data: { manager, previous: state.manager } }];
    }
    case 'ChangeCustomFields':
      assertOpen(state);
      return [{ type: 'CustomFieldsChanged', data: { customFields: command.data.customFields } }];
    case 'ArchiveCase':
      if (state.archived) throw new DomainError('case_archived', `case ${state.number} is already archived`);
      return [{ type: 'CaseArchived', data: { reason: command.data.reason ?? null } }];
    case 'UnarchiveCase':
      if (!state.archived) throw new DomainError('case_not_archived', `case ${state.number} is not archived`);
      return [{ type: 'CaseUnarchived', data: {} }];
    case 'CloseCase':
      assertOpen(state);
      return [{ type: 'CaseClosed', data: { reason: command.data.reason ?? null } }];
    case 'ReceivePayment':
      return receivePayment(command.data, state);
    case 'AllocatePayment':
      return withSettlements(state, allocatePayment(command.data, state), command.data.allocatedOn);
    case 'CancelAllocation':
      return cancelAllocation(command.data, state);
    case 'ChargeFee':
      return chargeFee(command.data, state);
    case 'ChargeRecoveryCost':
      return chargeRecoveryCost(command.data, state);
    case 'ChargeRecoveryIndemnity':
      return chargeRecoveryIndemnity(command.data, state);
    case 'AccrueInterest':
      return accrueInterest(command.data, state);
    case 'AdjustBalance':
      return adjustBalance(command.data, state);
    case 'WriteOffAmount':
      return writeOffAmount(command.data, state);
    case 'IssueRefund':
      return issueRefund(command.data, state);
    case 'OutsourceCase': {
      assertOpen(state);
      const events: CaseEvent[] = decideControl(command, state.control, state.number);
      // Handing the case to a partner moves it to the outsourced phase in the same breath.
      if (events.length > 0 && state.phase !== 'outsourced') {
        events.unshift({
          type: 'PhaseChanged',
          data: { from: state.phase, to: 'outsourced', reason: command.data.reason ?? null },
        });
      }
      return events;
    }
    default:
      assertOpen(state);
      if (isAgreementCommand(command)) return decideAgreements(command, state, decideOpen, evolveOpen);
      if (isDunningCommand(command)) {
        return decideDunning(
          command,
          state.dunning,
          state.control.messages,
          state.number,
          new Set(state.itemOutstanding.keys()),
        );
      }
      return decideControl(command, state.control, state.number);
  }
};

const assertOpen = (state: OpenCaseState): void => {
  if (state.status === 'closed') throw new DomainError('case_closed', `case ${state.number} is closed`);
};

const addItem = (
  d: Extract<CaseCommand, { type: 'AddFinancialItem' }>['data'],
  state: OpenCaseState,
): CaseEvent[] => {
  assertOpen(state);
  const number = d.number.trim();
  if (number === '') throw new DomainError('invalid_item', 'an item needs a number');
  if (d.amount.currency !== state.currency) {
    throw new DomainError(
      'item_currency_mismatch',
      `item ${number} is in ${d.amount.currency} but case ${state.number} is in ${state.currency}`,
    );
  }
  const amount = parseMoney(d.amount.amount, d.amount.currency);
  if (isZero(amount)) throw new DomainError('invalid_item', `item ${number} has a zero amount`);
  const kind: ItemKind = d.kind ?? (isNegative(amount) ? 'credit_note' : 'invoice');
  if ((kind === 'credit_note') !== isNegative(amount)) {
    throw new DomainError(
      'invalid_item',
      kind === 'credit_note'
        ? `credit note ${number} must be negative`
        : `invoice ${number} must be positive`,
    );
  }
  const issue = tryParseDate(d.issueDate);
  const due = tryParseDate(d.dueDate);
  if (!issue) throw new DomainError('invalid_date', `item ${number}: invalid issue date "${d.issueDate}"`);
  if (!due) throw new DomainError('invalid_date', `item ${number}: invalid due date "${d.dueDate}"`);
  if (compareDates(due, issue) < 0) {
    throw new DomainError(
      'invalid_item',
      `item ${number}: due date ${d.dueDate} is before issue date ${d.issueDate}`,
    );
  }
  const existing = state.items.get(number);
  if (existing) {
    if (existing.itemId === d.itemId) return [];
    throw new DomainError('duplicate_item', `item ${number} is already on case ${state.number}`);
  }
  // The item id keys the item's ledger lines: one id, one item.
  if (state.itemOutstanding.has(d.itemId)) {
    throw new DomainError('duplicate_id', `item id ${d.itemId} is already used by another item`);
  }
  const events: CaseEvent[] = [];
  // A new item on an archived case brings the case back: there is something to collect again.
  if (state.archived) events.push({ type: 'CaseUnarchived', data: {} });
  events.push({
    type: 'FinancialItemAdded',
    data: {
      itemId: d.itemId,
      kind,
      number,
      issueDate: d.issueDate,
      dueDate: d.dueDate,
      amount: moneyToDto(amount),
      structuredReference: d.structuredReference ?? null,
    },
  });
  return events;
};

// --- Money movements -------------------------------------------------------------------------
// Each handler: the case must be open, the input well-formed (currency of the case, amount, dates),
// then the id decides between a retry (same facts: nothing to record) and a conflict, and only a
// new movement is checked against the balances it draws on.

const receivePayment = (d: ReceivePayment['data'], state: OpenCaseState): CaseEvent[] => {
  assertOpen(state);
  const amount = positiveAmount(d.amount, state, `payment ${d.paymentId}`);
  validDate(d.receivedOn, `payment ${d.paymentId}: received on`);
  const data = {
    paymentId: d.paymentId,
    amount: moneyToDto(amount),
    receivedOn: d.receivedOn,
    method: d.method,
    payer: d.payer ?? null,
    bankReference: d.bankReference ?? null,
  };
  if (alreadyRecorded(state.payments.get(d.paymentId)?.received, data, `payment ${d.paymentId}`)) return [];
  return [{ type: 'PaymentReceived', data }];
};

const allocatePayment = (d: AllocatePayment['data'], state: OpenCaseState): CaseEvent[] => {
  assertOpen(state);
  const amount = positiveAmount(d.amount, state, `allocation ${d.allocationId}`);
  validDate(d.allocatedOn, `allocation ${d.allocationId}: allocated on`);
  const data = {
    allocationId: d.allocationId,
    paymentId: d.paymentId,
    itemId: d.itemId ?? null,
    component: d.component,
    amount: moneyToDto(amount),
    allocatedOn: d.allocatedOn,
  };
  const existing = state.allocations.get(d.allocationId)?.allocated;
  if (alreadyRecorded(existing, data, `allocation ${d.allocationId}`)) return [];
  const payment = state.payments.get(d.paymentId);
  if (!payment)
    throw new DomainError('payment_not_found', `no payment ${d.paymentId} on case ${state.number}`);
  if (amount.amountMinor > payment.unallocatedMinor) {
    throw new DomainError(
      'insufficient_unallocated',
      `payment ${d.paymentId} has ${formatMinor(payment.unallocatedMinor, state)} left to allocate, not ${formatMoney(amount)}`,
    );
  }
  assertWithinOutstanding(amount, d.component, data.itemId, state, `allocation ${d.allocationId}`);
  return [{ type: 'PaymentAllocated', data }];
};

const cancelAllocation = (d: CancelAllocation['data'], state: OpenCaseState): CaseEvent[] => {
  assertOpen(state);
  validDate(d.cancelledOn, `allocation ${d.allocationId}: cancelled on`);
  const allocation = state.allocations.get(d.allocationId);
  if (!allocation) {
    throw new DomainError('allocation_not_found', `no allocation ${d.allocationId} on case ${state.number}`);
  }
  const { allocatedOn: _allocatedOn, ...allocated } = allocation.allocated;
  const data = { ...allocated, cancelledOn: d.cancelledOn, reason: d.reason.trim() };
  if (allocation.cancelled) {
    if (sameJson(allocation.cancelled, data)) return [];
    throw new DomainError(
      'allocation_already_cancelled',
      `allocation ${d.allocationId} was already cancelled on ${allocation.cancelled.cancelledOn}`,
    );
  }
  return [{ type: 'AllocationCancelled', data }];
};

const chargeFee = (d: ChargeFee['data'], state: OpenCaseState): CaseEvent[] => {
  assertOpen(state);
  const amount = positiveAmount(d.amount, state, `fee ${d.feeId}`);
  validDate(d.chargedOn, `fee ${d.feeId}: charged on`);
  const data = { feeId: d.feeId, amount: moneyToDto(amount), chargedOn: d.chargedOn, label: d.label.trim() };
  if (alreadyRecorded(state.fees.get(d.feeId), data, `fee ${d.feeId}`)) return [];
  return [{ type: 'FeeCharged', data }];
};

const chargeRecoveryCost = (d: ChargeRecoveryCost['data'], state: OpenCaseState): CaseEvent[] => {
  assertOpen(state);
  const amount = positiveAmount(d.amount, state, `recovery cost ${d.costId}`);
  validDate(d.chargedOn, `recovery cost ${d.costId}: charged on`);
  const data = {
    costId: d.costId,
    amount: moneyToDto(amount),
    chargedOn: d.chargedOn,
    label: d.label.trim(),
  };
  if (alreadyRecorded(state.recoveryCosts.get(d.costId), data, `recovery cost ${d.costId}`)) return [];
  return [{ type: 'RecoveryCostCharged', data }];
};

const chargeRecoveryIndemnity = (d: ChargeRecoveryIndemnity['data'], state: OpenCaseState): CaseEvent[] => {
  assertOpen(state);
  const what = `recovery indemnity ${d.indemnityId}`;
  const amount = positiveAmount(d.amount, state, what);
  validDate(d.chargedOn, `${what}: charged on`);
  const data = {
    indemnityId: d.indemnityId,
    itemId: d.itemId,
    amount: moneyToDto(amount),
    chargedOn: d.chargedOn,
    label: d.label.trim(),
    legalBasis: d.legalBasis.trim(),
  };
  if (alreadyRecorded(state.recoveryIndemnities.get(d.indemnityId), data, what)) return [];
  const item = [...state.items.values()].find((candidate) => candidate.itemId === d.itemId);
  if (!item) throw new DomainError('item_not_found', `${what}: no item ${d.itemId} on case ${state.number}`);
  if (item.kind !== 'invoice') {
    throw new DomainError('invalid_item', `${what}: ${item.number} is a credit note, not a late invoice`);
  }
  // The law grants one fixed sum per late invoice: a second id for the same item is a conflict.
  const charged = [...state.recoveryIndemnities.values()].find((other) => other.itemId === d.itemId);
  if (charged) {
    throw new DomainError(
      'duplicate_id',
      `${what}: item ${item.number} already bears recovery indemnity ${charged.indemnityId}`,
    );
  }
  return [{ type: 'RecoveryIndemnityCharged', data }];
};

const accrueInterest = (d: AccrueInterest['data'], state: OpenCaseState): CaseEvent[] => {
  assertOpen(state);
  const amount = positiveAmount(d.amount, state, `interest ${d.accrualId}`);
  const from = validDate(d.from, `interest ${d.accrualId}: from`);
  const to = validDate(d.to, `interest ${d.accrualId}: to`);
  validDate(d.accruedOn, `interest ${d.accrualId}: accrued on`);
  if (compareDates(to, from) < 0) {
    throw new DomainError(
      'invalid_date',
      `interest ${d.accrualId}: period ends (${d.to}) before it starts (${d.from})`,
    );
  }
  const data = {
    accrualId: d.accrualId,
    amount: moneyToDto(amount),
    from: d.from,
    to: d.to,
    accruedOn: d.accruedOn,
    label: d.label.trim(),
  };
  if (alreadyRecorded(state.accruals.get(d.accrualId), data, `interest ${d.accrualId}`)) return [];
  return [{ type: 'InterestAccrued', data }];
};

const adjustBalance = (d: AdjustBalance['data'], state: OpenCaseState): CaseEvent[] => {
  assertOpen(state);
  const amount = caseAmount(d.amount, state, `adjustment ${d.adjustmentId}`);
  if (isZero(amount)) throw new DomainError('invalid_amount', `adjustment ${d.adjustmentId} is zero`);
  validDate(d.adjustedOn, `adjustment ${d.adjustmentId}: adjusted on`);
  const data = {
    adjustmentId: d.adjustmentId,
    component: d.component,
    amount: moneyToDto(amount),
    adjustedOn: d.adjustedOn,
    reason: d.reason.trim(),
  };
  if (alreadyRecorded(state.adjustments.get(d.adjustmentId), data, `adjustment ${d.adjustmentId}`)) return [];
  if (isNegative(amount) && -amount.amountMinor > state.balances[d.component]) {
    throw new DomainError(
      'exceeds_outstanding',
      `adjustment ${d.adjustmentId}: only ${formatMinor(state.balances[d.component], state)} of ${d.component} is outstanding`,
    );
  }
  return [{ type: 'BalanceAdjusted', data }];
};

const writeOffAmount = (d: WriteOffAmount['data'], state: OpenCaseState): CaseEvent[] => {
  assertOpen(state);
  const amount = positiveAmount(d.amount, state, `write-off ${d.writeOffId}`);
  validDate(d.writtenOffOn, `write-off ${d.writeOffId}: written off on`);
  const data = {
    writeOffId: d.writeOffId,
    itemId: d.itemId ?? null,
    component: d.component,
    amount: moneyToDto(amount),
    writtenOffOn: d.writtenOffOn,
    reason: d.reason.trim(),
  };
  if (alreadyRecorded(state.writeOffs.get(d.writeOffId), data, `write-off ${d.writeOffId}`)) return [];
  assertWithinOutstanding(amount, d.component, data.itemId, state, `write-off ${d.writeOffId}`);
  return [{ type: 'AmountWrittenOff', data }];
};

const issueRefund = (d: IssueRefund['data'], state: OpenCaseState): CaseEvent[] => {
  assertOpen(state);
  const amount = positiveAmount(d.amount, state, `refund ${d.refundId}`);
  validDate(d.refundedOn, `refund ${d.refundId}: refunded on`);
  const data = {
    refundId: d.refundId,
    amount: moneyToDto(amount),
    refundedOn: d.refundedOn,
    reason: d.reason.trim(),
    payee: d.payee ?? null,
  };
  if (alreadyRecorded(state.refunds.get(d.refundId), data, `refund ${d.refundId}`)) return [];
  const available = unallocatedMinor(state);
  if (amount.amountMinor > available) {
    throw new DomainError(
      'insufficient_unallocated',
      `refund ${d.refundId}: only ${formatMinor(available, state)} of unallocated cash on case ${state.number}`,
    );
  }
  return [{ type: 'RefundIssued', data }];
};

/** An amount in the case's currency; `what` names the movement in the error message. */
const caseAmount = (amount: MoneyJson, state: OpenCaseState, what: string): Money => {
  if (amount.currency !== state.currency) {
    throw new DomainError(
      'currency_mismatch',
      `${what} is in ${amount.currency} but case ${state.number} is in ${state.currency}`,
    );
  }
  return parseMoney(amount.amount, amount.currency);
};

const positiveAmount = (amount: MoneyJson, state: OpenCaseState, what: string): Money => {
  const parsed = caseAmount(amount, state, what);
  if (!isPositive(parsed)) throw new DomainError('invalid_amount', `${what} must be positive`);
  return parsed;
};

const validDate = (text: string, what: string): PlainDate => {
  const date = tryParseDate(text);
  if (!date) throw new DomainError('invalid_date', `${what}: invalid date "${text}"`);
  return date;
};

// The receivable a movement draws on can never go below zero: not the component's balance on the
// case, and not the item's principal when the movement names an item.
const assertWithinOutstanding = (
  amount: Money,
  component: DebtComponent,
  itemId: string | null,
  state: OpenCaseState,
  what: string,
): void => {
  // Principal is owed item by item: a movement on it names the item, so that every invoice's
  // outstanding amount stays the sum of its postings (and the case's balance the sum of items).
  if (component === 'principal' && itemId === null) {
    throw new DomainError('invalid_item', `${what}: principal is settled item by item; name the item`);
  }
  if (itemId !== null) {
    const itemBalance = state.itemOutstanding.get(itemId);
    if (itemBalance === undefined) {
      throw new DomainError('item_not_found', `${what}: no item ${itemId} on case ${state.number}`);
    }
    if (component === 'principal' && amount.amountMinor > itemBalance) {
      throw new DomainError(
        'exceeds_outstanding',
        `${what}: only ${formatMinor(itemBalance, state)} of principal is outstanding on the item`,
      );
    }
  }
  // Principal is checked on the item alone: an unapplied credit note lowers the case's principal
  // but not what an invoice still owes, and paying that invoice in full is legitimate.
  if (component !== 'principal' && amount.amountMinor > state.balances[component]) {
    throw new DomainError(
      'exceeds_outstanding',
      `${what}: only ${formatMinor(state.balances[component], state)} of ${component} is outstanding on case ${state.number}`,
    );
  }
};

/** True when the id already recorded exactly these facts; throws `duplicate_id` when it recorded others. */
const alreadyRecorded = (recorded: object | undefined, candidate: object, what: string): boolean => {
  if (recorded === undefined) return false;
  if (sameJson(recorded, candidate)) return true;
  throw new DomainError('duplicate_id', `${what} is already recorded with other details`);
};

// Structural equality of JSON payloads, blind to key order (a payload read back from jsonb may
// come with its keys reordered).
const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]))
  );
};

const formatMinor = (amountMinor: bigint, state: OpenCaseState): string =>
  `${formatMoney(money(amountMinor, state.currency))} ${state.currency}`;

const isDunningCommand = (
  command: CaseControlCommand | CaseDunningCommand | CaseAgreementCommand,
): command is CaseDunningCommand => CASE_DUNNING_COMMAND_TYPES.has(command.type);

const isAgreementCommand = (
  command: CaseControlCommand | CaseDunningCommand | CaseAgreementCommand,
): command is CaseAgreementCommand => CASE_AGREEMENT_COMMAND_TYPES.has(command.type);

// The agreements decide their money through the ordinary handlers, on the state so far.
const decideOpen = (command: CaseCommand, state: OpenCaseState): CaseEvent[] => decideCase(command, state);
const evolveOpen = (state: OpenCaseState, event: CaseEvent): OpenCaseState =>
  evolveCase(state, event) as OpenCaseState;

// A payment applied may complete a promise or a plan: said in the same breath as the allocation.
const withSettlements = (state: OpenCaseState, events: CaseEvent[], on: string): CaseEvent[] => {
  if (events.length === 0) return events;
  return [...events, ...settledAgreements(events.reduce(evolveOpen, state), on)];
};

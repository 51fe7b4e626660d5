import { DomainError } from '../shared/domain-error';
import { add, compare, formatMoney, money, parseMoney, subtract, type Money } from '../money/money';
import type { MoneyJson } from '../cases/case.events';

/**
 * One line of a bank statement, as its own stream: imported once, then matched (automatically or
 * put in the unallocated queue with suggestions), then assigned — wholly or split — to cases,
 * where it becomes a payment. A debit is a bank movement and is never assigned.
 */
export type BankEntryImported = {
  type: 'BankEntryImported';
  data: {
    bankAccountId: string;
    statementId: string;
    format: string;
    location: string;
    bankReference: string;
    bookingDate: string;
    valueDate: string | null;
    direction: 'credit' | 'debit';
    amount: MoneyJson;
    counterpartyName: string | null;
    counterpartyIban: string | null;
    endToEndId: string | null;
    remittance: string[];
    structuredReferences: string[];
  };
};

export type MatchSuggestion = {
  rule: string;
  confidence: number;
  caseId: string;
  explanation: string;
  allocations: { itemId: string; amount: MoneyJson }[];
};

export type BankEntryMatched = {
  type: 'BankEntryMatched';
  data: { threshold: number; decision: 'auto' | 'queued'; suggestions: MatchSuggestion[] };
};

export type BankEntryAssigned = {
  type: 'BankEntryAssigned';
  data: {
    caseId: string;
    paymentId: string;
    amount: MoneyJson;
    rule: string | null;
    mode: 'auto' | 'manual';
  };
};

export type BankEntryEvent = BankEntryImported | BankEntryMatched | BankEntryAssigned;

export type BankEntryState =
  | { readonly status: 'initial' }
  | {
      readonly status: 'imported';
      readonly direction: 'credit' | 'debit';
      readonly amount: Money;
      readonly assigned: Money;
      readonly paymentIds: ReadonlySet<string>;
    };

export const initialBankEntryState: BankEntryState = { status: 'initial' };

export const evolveBankEntry = (state: BankEntryState, event: BankEntryEvent): BankEntryState => {
  switch (event.type) {
    case 'BankEntryImported': {
      const amount = parseMoney(event.data.amount.amount, event.data.amount.currency);
      return {
        status: 'imported',
        direction: event.data.direction,
        amount,
        assigned: money(0n, amount.currency),
        paymentIds: new Set(),
      };
    }
    case 'BankEntryMatched':
      return state;
    case 'BankEntryAssigned':
      if (state.status === 'initial') return state;
      return {
        ...state,
        assigned: add(state.assigned, parseMoney(event.data.amount.amount, event.data.amount.currency)),
        paymentIds: new Set([...state.paymentIds, event.data.paymentId]),
      };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

export type BankEntryCommand =
  | { type: 'ImportBankEntry'; data: BankEntryImported['data'] }
  | { type: 'RecordMatch'; data: BankEntryMatched['data'] }
  | { type: 'AssignBankEntry'; data: BankEntryAssigned['data'] };

/** What is left of a credit entry to assign to cases. */
export const unassigned = (state: BankEntryState): Money | null =>
  state.status === 'imported' ? subtract(state.amount, state.assigned) : null;

export const decideBankEntry = (command: BankEntryCommand, state: BankEntryState): BankEntryEvent[] => {
  switch (command.type) {
    case 'ImportBankEntry':
      if (state.status !== 'initial') return [];
      return [{ type: 'BankEntryImported', data: command.data }];
    case 'RecordMatch':
      if (state.status === 'initial')
        throw new DomainError('payment_not_found', 'the bank entry does not exist');
      return [{ type: 'BankEntryMatched', data: command.data }];
    case 'AssignBankEntry': {
      if (state.status === 'initial')
        throw new DomainError('payment_not_found', 'the bank entry does not exist');
      if (state.direction === 'debit') {
        throw new DomainError('invalid_amount', 'a debit is a bank movement and is never assigned to a case');
      }
      if (state.paymentIds.has(command.data.paymentId)) return [];
      const amount = parseMoney(command.data.amount.amount, command.data.amount.currency);
      if (amount.currency !== state.amount.currency) {
        throw new DomainError(
          'currency_mismatch',
          `the entry is in ${state.amount.currency}, not ${amount.currency}`,
        );
      }
      if (amount.amountMinor <= 0n) throw new DomainError('invalid_amount', 'an assignment must be positive');
      const left = subtract(state.amount, state.assigned);
      if (compare(amount, left) > 0) {
        throw new DomainError(
          'insufficient_unallocated',
          `only ${formatMoney(left)} ${left.currency} of the entry is left to assign, not ${formatMoney(amount)}`,
        );
      }
      return [{ type: 'BankEntryAssigned', data: command.data }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

import { DomainError } from '../shared/domain-error';
import { isNegative, isZero, moneyToDto, parseMoney } from '../money/money';
import { compareDates, tryParseDate } from '../calendar/calendar';
import type { CaseCommand } from './case.commands';
import type { CaseEvent, ItemKind } from './case.events';
import type { CaseState, OpenCaseState } from './case.state';

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
    default: {
      const unreachable: never = command;
      return unreachable;
    }
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

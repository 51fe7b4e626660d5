import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { AddFinancialItem, CaseCommand, OpenCase } from './case.commands';
import { decideCase } from './case.decide';
import type {
  CaseArchived,
  CaseClosed,
  CaseEvent,
  CaseOpened,
  FinancialItemAdded,
  NoteAdded,
  PartyAttached,
} from './case.events';
import { evolveCase, initialCaseState } from './case.state';

const { given } = deciderSpec({ decide: decideCase, evolve: evolveCase, initialState: initialCaseState });

const CASE_ID = 'case-1';

const openCase: OpenCase = {
  type: 'OpenCase',
  data: {
    caseId: CASE_ID,
    number: '2026-000001',
    caseType: 'collection',
    company: { code: 'ACME', name: 'Acme Finance SA' },
    currency: 'EUR',
    customFields: { portfolio: 'retail' },
    debtor: { partyId: 'party-debtor', name: 'Dupont SPRL', reference: 'C-42' },
    openedOn: '2026-03-02',
  },
};

const caseOpened: CaseOpened = {
  type: 'CaseOpened',
  data: {
    caseId: CASE_ID,
    number: '2026-000001',
    caseType: 'collection',
    company: { code: 'ACME', name: 'Acme Finance SA' },
    currency: 'EUR',
    phase: 'amicable',
    customFields: { portfolio: 'retail' },
    openedOn: '2026-03-02',
  },
};

const debtorAttached: PartyAttached = {
  type: 'PartyAttached',
  data: { partyId: 'party-debtor', role: 'debtor', name: 'Dupont SPRL', reference: 'C-42' },
};

const opened: CaseEvent[] = [caseOpened, debtorAttached];
const closed: CaseClosed = { type: 'CaseClosed', data: { reason: null } };
const archived: CaseArchived = { type: 'CaseArchived', data: { reason: null } };

const addItem = (data: Partial<AddFinancialItem['data']> = {}): AddFinancialItem => ({
  type: 'AddFinancialItem',
  data: {
    itemId: 'item-1',
    number: 'INV-1',
    issueDate: '2026-01-10',
    dueDate: '2026-02-09',
    amount: { amount: '1250.00', currency: 'EUR' },
    ...data,
  },
});

const itemAdded = (data: Partial<FinancialItemAdded['data']> = {}): FinancialItemAdded => ({
  type: 'FinancialItemAdded',
  data: {
    itemId: 'item-1',
    kind: 'invoice',
    number: 'INV-1',
    issueDate: '2026-01-10',
    dueDate: '2026-02-09',
    amount: { amount: '1250.00', currency: 'EUR' },
    structuredReference: null,
    ...data,
  },
});

const noteAdded: NoteAdded = {
  type: 'NoteAdded',
  data: { noteId: 'note-1', text: 'Called, no answer', noteType: 'call' },
};

describe('decideCase', () => {
  describe('OpenCase', () => {
    it('opens the case in the amicable phase and attaches the debtor', () => {
      given([]).when(openCase).then([caseOpened, debtorAttached]);
    });

    it('opens in the requested phase and assigns the manager when one is given', () => {
      given([])
        .when({ ...openCase, data: { ...openCase.data, phase: 'legal', manager: 'alice' } })
        .then([
          { ...caseOpened, data: { ...caseOpened.data, phase: 'legal' } },
          debtorAttached,
          { type: 'ManagerAssigned', data: { manager: 'alice', previous: null } },
        ]);
    });

    it('is a no-op when the same case is opened again', () => {
      given(opened).when(openCase).then([]);
    });

    it('rejects another case id on an existing stream', () => {
      given(opened)
        .when({ ...openCase, data: { ...openCase.data, caseId: 'case-2' } })
        .thenThrows('case_already_exists');
    });
  });

  describe('on a case that does not exist', () => {
    const commands: CaseCommand[] = [
      { type: 'AttachParty', data: { partyId: 'p', role: 'guarantor', name: 'G', reference: null } },
      addItem(),
      { type: 'AddNote', data: { noteId: 'note-1', text: 'hello' } },
      { type: 'ChangePhase', data: { phase: 'legal' } },
      { type: 'AssignManager', data: { manager: 'alice' } },
      { type: 'ChangeCustomFields', data: { customFields: {} } },
      { type: 'ArchiveCase', data: {} },
      { type: 'UnarchiveCase', data: {} },
      { type: 'CloseCase', data: {} },
    ];
    it.each(commands.map((command) => [command.type, command] as const))(
      '%s is case_not_found',
      (_, command) => {
        given([]).when(command).thenThrows('case_not_found');
      },
    );
  });

  describe('AttachParty', () => {
    const guarantor = {
      type: 'AttachParty',
      data: { partyId: 'party-g', role: 'guarantor', name: 'Martin', reference: null },
    } as const;

    it('attaches a party in a role', () => {
      given(opened)
        .when(guarantor)
        .then([{ type: 'PartyAttached', data: guarantor.data }]);
    });

    it('lets the same party hold a second role', () => {
      given(opened)
        .when({ type: 'AttachParty', data: { ...debtorAttached.data, role: 'guarantor' } })
        .then([{ type: 'PartyAttached', data: { ...debtorAttached.data, role: 'guarantor' } }]);
    });

    it('rejects a party already attached in that role', () => {
      given(opened)
        .when({ type: 'AttachParty', data: debtorAttached.data })
        .thenThrows('party_already_attached');
    });

    it('rejects on a closed case', () => {
      given([...opened, closed])
        .when(guarantor)
        .thenThrows('case_closed');
    });
  });

  describe('AddFinancialItem', () => {
    it('adds an invoice', () => {
      given(opened)
        .when(addItem({ kind: 'invoice', structuredReference: '+++090/9337/55493+++' }))
        .then([itemAdded({ structuredReference: '+++090/9337/55493+++' })]);
    });

    it('normalizes the amount to the currency decimals', () => {
      given(opened)
        .when(addItem({ amount: { amount: '100.5', currency: 'EUR' } }))
        .then([itemAdded({ amount: { amount: '100.50', currency: 'EUR' } })]);
    });

    it('infers a credit note from a negative amount and an invoice from a positive one', () => {
      given(opened)
        .when(addItem({ amount: { amount: '-80', currency: 'EUR' } }))
        .then([itemAdded({ kind: 'credit_note', amount: { amount: '-80.00', currency: 'EUR' } })]);
      given(opened)
        .when(addItem())
        .then([itemAdded({ kind: 'invoice' })]);
    });

    it('trims the item number', () => {
      given(opened)
        .when(addItem({ number: '  INV-1 ' }))
        .then([itemAdded()]);
    });

    it('accepts a due date equal to the issue date', () => {
      given(opened)
        .when(addItem({ dueDate: '2026-01-10' }))
        .then([itemAdded({ dueDate: '2026-01-10' })]);
    });

    it('brings an archived case back: CaseUnarchived, then the item', () => {
      given([...opened, archived])
        .when(addItem())
        .then([{ type: 'CaseUnarchived', data: {} }, itemAdded()]);
    });

    it('is a no-op when the same item (same id and number) is added again', () => {
      given([...opened, itemAdded()])
        .when(addItem())
        .then([]);
    });

    it('does not unarchive the case on a retry of an item it already has', () => {
      given([...opened, itemAdded(), archived])
        .when(addItem())
        .then([]);
    });

    it('rejects another item with a number already on the case', () => {
      given([...opened, itemAdded()])
        .when(addItem({ itemId: 'item-2' }))
        .thenThrows('duplicate_item');
    });

    it('rejects an amount in another currency than the case', () => {
      given(opened)
        .when(addItem({ amount: { amount: '10.00', currency: 'USD' } }))
        .thenThrows('item_currency_mismatch');
    });

    it('rejects a zero amount', () => {
      given(opened)
        .when(addItem({ amount: { amount: '0.00', currency: 'EUR' } }))
        .thenThrows('invalid_item');
    });

    it('rejects a negative invoice and a positive credit note', () => {
      given(opened)
        .when(addItem({ kind: 'invoice', amount: { amount: '-10.00', currency: 'EUR' } }))
        .thenThrows('invalid_item');
      given(opened)
        .when(addItem({ kind: 'credit_note', amount: { amount: '10.00', currency: 'EUR' } }))
        .thenThrows('invalid_item');
    });

    it('rejects a due date before the issue date', () => {
      given(opened)
        .when(addItem({ issueDate: '2026-01-10', dueDate: '2026-01-09' }))
        .thenThrows('invalid_item');
    });

    it('rejects an item without a number', () => {
      given(opened)
        .when(addItem({ number: '  ' }))
        .thenThrows('invalid_item');
    });

    it('rejects dates that are not calendar days', () => {
      given(opened)
        .when(addItem({ issueDate: '2026-02-30' }))
        .thenThrows('invalid_date');
      given(opened)
        .when(addItem({ dueDate: '09/02/2026' }))
        .thenThrows('invalid_date');
    });

    it('rejects an amount that is not a plain decimal', () => {
      given(opened)
        .when(addItem({ amount: { amount: '1.250,00', currency: 'EUR' } }))
        .thenThrows('invalid_amount');
    });

    it('rejects on a closed case', () => {
      given([...opened, closed])
        .when(addItem())
        .thenThrows('case_closed');
    });
  });

  describe('AddNote', () => {
    it('adds a trimmed note, general by default', () => {
      given(opened)
        .when({ type: 'AddNote', data: { noteId: 'note-1', text: '  Debtor moved  ' } })
        .then([{ type: 'NoteAdded', data: { noteId: 'note-1', text: 'Debtor moved', noteType: 'general' } }]);
    });

    it('keeps the note type', () => {
      given(opened).when({ type: 'AddNote', data: noteAdded.data }).then([noteAdded]);
    });

    it('is allowed on a closed case', () => {
      given([...opened, closed])
        .when({ type: 'AddNote', data: noteAdded.data })
        .then([noteAdded]);
    });

    it('is a no-op for a note id already recorded', () => {
      given([...opened, noteAdded])
        .when({ type: 'AddNote', data: { noteId: 'note-1', text: 'Called, no answer', noteType: 'call' } })
        .then([]);
    });

    it('rejects an empty or blank note', () => {
      given(opened)
        .when({ type: 'AddNote', data: { noteId: 'note-2', text: '' } })
        .thenThrows('empty_note');
      given(opened)
        .when({ type: 'AddNote', data: { noteId: 'note-2', text: ' \n\t ' } })
        .thenThrows('empty_note');
    });
  });

  describe('ChangePhase', () => {
    it('moves the case to another phase, recording where it came from', () => {
      given(opened)
        .when({ type: 'ChangePhase', data: { phase: 'legal', reason: 'no reaction to formal notice' } })
        .then([
          {
            type: 'PhaseChanged',
            data: { from: 'amicable', to: 'legal', reason: 'no reaction to formal notice' },
          },
        ]);
      given([...opened, { type: 'PhaseChanged', data: { from: 'amicable', to: 'legal', reason: null } }])
        .when({ type: 'ChangePhase', data: { phase: 'outsourced' } })
        .then([{ type: 'PhaseChanged', data: { from: 'legal', to: 'outsourced', reason: null } }]);
    });

    it('rejects the phase the case is already in', () => {
      given(opened)
        .when({ type: 'ChangePhase', data: { phase: 'amicable' } })
        .thenThrows('same_phase');
    });

    it('rejects entering the closed phase other than by closing', () => {
      given(opened)
        .when({ type: 'ChangePhase', data: { phase: 'closed' } })
        .thenThrows('invalid_phase_transition');
    });

    it('rejects on a closed case', () => {
      given([...opened, closed])
        .when({ type: 'ChangePhase', data: { phase: 'legal' } })
        .thenThrows('case_closed');
    });
  });

  describe('AssignManager', () => {
    const assigned = { type: 'ManagerAssigned', data: { manager: 'alice', previous: null } } as const;

    it('assigns a first manager', () => {
      given(opened)
        .when({ type: 'AssignManager', data: { manager: ' alice ' } })
        .then([assigned]);
    });

    it('records the previous manager on reassignment', () => {
      given([...opened, assigned])
        .when({ type: 'AssignManager', data: { manager: 'bob' } })
        .then([{ type: 'ManagerAssigned', data: { manager: 'bob', previous: 'alice' } }]);
    });

    it('is a no-op for the manager already assigned', () => {
      given([...opened, assigned])
        .when({ type: 'AssignManager', data: { manager: 'alice' } })
        .then([]);
      given([...opened, assigned])
        .when({ type: 'AssignManager', data: { manager: 'alice ' } })
        .then([]);
    });

    it('rejects on a closed case', () => {
      given([...opened, closed])
        .when({ type: 'AssignManager', data: { manager: 'bob' } })
        .thenThrows('case_closed');
    });
  });

  describe('ChangeCustomFields', () => {
    it('records the new custom fields', () => {
      given(opened)
        .when({ type: 'ChangeCustomFields', data: { customFields: { portfolio: 'sme', score: 7 } } })
        .then([{ type: 'CustomFieldsChanged', data: { customFields: { portfolio: 'sme', score: 7 } } }]);
    });

    it('rejects on a closed case', () => {
      given([...opened, closed])
        .when({ type: 'ChangeCustomFields', data: { customFields: {} } })
        .thenThrows('case_closed');
    });
  });

  describe('ArchiveCase and UnarchiveCase', () => {
    it('archives with the reason, null when none is given', () => {
      given(opened)
        .when({ type: 'ArchiveCase', data: { reason: 'debtor insolvent' } })
        .then([{ type: 'CaseArchived', data: { reason: 'debtor insolvent' } }]);
      given(opened).when({ type: 'ArchiveCase', data: {} }).then([archived]);
    });

    it('archives a closed case', () => {
      given([...opened, closed])
        .when({ type: 'ArchiveCase', data: {} })
        .then([archived]);
    });

    it('rejects archiving an archived case', () => {
      given([...opened, archived])
        .when({ type: 'ArchiveCase', data: {} })
        .thenThrows('case_archived');
    });

    it('unarchives an archived case', () => {
      given([...opened, archived])
        .when({ type: 'UnarchiveCase', data: {} })
        .then([{ type: 'CaseUnarchived', data: {} }]);
    });

    it('rejects unarchiving a case that is not archived', () => {
      given(opened).when({ type: 'UnarchiveCase', data: {} }).thenThrows('case_not_archived');
      given([...opened, archived, { type: 'CaseUnarchived', data: {} }])
        .when({ type: 'UnarchiveCase', data: {} })
        .thenThrows('case_not_archived');
    });
  });

  describe('CloseCase', () => {
    it('closes the case with the reason, null when none is given', () => {
      given(opened)
        .when({ type: 'CloseCase', data: { reason: 'paid in full' } })
        .then([{ type: 'CaseClosed', data: { reason: 'paid in full' } }]);
      given(opened).when({ type: 'CloseCase', data: {} }).then([closed]);
    });

    it('puts the case in the closed phase', () => {
      const state = [...opened, closed].reduce(evolveCase, initialCaseState);
      expect(state).toMatchObject({ status: 'closed', phase: 'closed' });
    });

    it('rejects closing a closed case', () => {
      given([...opened, closed])
        .when({ type: 'CloseCase', data: {} })
        .thenThrows('case_closed');
    });
  });

  it('rejects with a DomainError whose message names the case', () => {
    const state = [...opened, closed].reduce(evolveCase, initialCaseState);
    expect(() => decideCase({ type: 'CloseCase', data: {} }, state)).toThrow(DomainError);
    expect(() => decideCase({ type: 'CloseCase', data: {} }, state)).toThrow(/2026-000001/);
  });
});

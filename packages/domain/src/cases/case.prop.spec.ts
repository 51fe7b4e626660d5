import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../shared/domain-error';
import type { CaseCommand, OpenCase } from './case.commands';
import { decideCase } from './case.decide';
import { PHASES, type CaseEvent, type PartyRole } from './case.events';
import { evolveCase, foldCase, initialCaseState, type CaseState } from './case.state';

const openCase = (caseId: string): OpenCase => ({
  type: 'OpenCase',
  data: {
    caseId,
    number: '2026-000001',
    caseType: 'collection',
    company: { code: 'ACME', name: 'Acme Finance SA' },
    currency: 'EUR',
    customFields: {},
    debtor: { partyId: 'party-debtor', name: 'Dupont SPRL', reference: null },
    openedOn: '2026-03-02',
  },
});

// Small pools so that sequences hit repeats (idempotent retries) and conflicts (rejections).
const itemNumber = fc.constantFrom('INV-1', 'INV-2', 'INV-3', ' INV-1 ', 'CN-1');
const day = fc.integer({ min: 1, max: 28 }).map((d) => String(d).padStart(2, '0'));

// Exact decimal text for cents; a trailing zero is dropped to exercise normalization.
const decimal = (minor: number): string => {
  const abs = Math.abs(minor);
  const text = `${minor < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return text.endsWith('0') ? text.slice(0, -1) : text;
};

const addFinancialItem: fc.Arbitrary<CaseCommand> = fc
  .record({
    number: itemNumber,
    // Mostly the id that goes with the number (a retry), sometimes another one (a conflict).
    conflicting: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    kind: fc.constantFrom(undefined, undefined, undefined, 'invoice' as const, 'credit_note' as const),
    minor: fc.integer({ min: -500_000, max: 500_000 }),
    currency: fc.constantFrom('EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'USD'),
    issueDay: day,
    dueMonth: fc.constantFrom('02', '03', '03', '03'),
    dueDay: day,
  })
  .map(({ number, conflicting, kind, minor, currency, issueDay, dueMonth, dueDay }) => ({
    type: 'AddFinancialItem',
    data: {
      itemId: conflicting ? `other-${number.trim()}` : `item-${number.trim()}`,
      kind,
      number,
      issueDate: `2026-02-${issueDay}`,
      dueDate: `2026-${dueMonth}-${dueDay}`,
      amount: { amount: decimal(minor), currency },
    },
  }));

const role = fc.constantFrom<PartyRole>('debtor', 'guarantor', 'lawyer');

const command: fc.Arbitrary<CaseCommand> = fc.oneof(
  { arbitrary: addFinancialItem, weight: 12 },
  {
    arbitrary: fc
      .record({ noteId: fc.constantFrom('n1', 'n2', 'n3'), text: fc.constantFrom('called', ' ', 'moved') })
      .map((data): CaseCommand => ({ type: 'AddNote', data })),
    weight: 3,
  },
  fc.constantFrom(...PHASES).map((phase): CaseCommand => ({ type: 'ChangePhase', data: { phase } })),
  fc
    .constantFrom('alice', 'bob', ' bob')
    .map((manager): CaseCommand => ({ type: 'AssignManager', data: { manager } })),
  fc
    .dictionary(fc.constantFrom('a', 'b'), fc.integer())
    .map((customFields): CaseCommand => ({ type: 'ChangeCustomFields', data: { customFields } })),
  fc.constant<CaseCommand>({ type: 'ArchiveCase', data: {} }),
  fc.constant<CaseCommand>({ type: 'UnarchiveCase', data: {} }),
  { arbitrary: fc.constant<CaseCommand>({ type: 'CloseCase', data: {} }), weight: 1 },
  fc.tuple(fc.constantFrom('party-debtor', 'party-g'), role).map(([partyId, r]): CaseCommand => ({
    type: 'AttachParty',
    data: { partyId, role: r, name: 'X', reference: null },
  })),
  fc.constantFrom('case-1', 'case-2').map(openCase),
);

const sequence = fc
  .array(command, { minLength: 1, maxLength: 40, size: 'medium' })
  .map((rest) => [openCase('case-1'), ...rest]);

type Run = {
  readonly events: CaseEvent[];
  /** The state after each command, with the number of events recorded up to then. */
  readonly steps: { state: CaseState; eventCount: number }[];
  readonly acceptedItemNumbers: Set<string>;
  readonly accepted: { command: CaseCommand; stateAfter: CaseState }[];
};

// Feeds each command to the decider, evolving the state by its events; a DomainError is a
// rejection and leaves the state as it was, anything else fails the property.
const run = (commands: readonly CaseCommand[]): Run => {
  let state = initialCaseState;
  const result: Run = { events: [], steps: [], acceptedItemNumbers: new Set(), accepted: [] };
  for (const cmd of commands) {
    try {
      const produced = decideCase(cmd, state);
      for (const event of produced) state = evolveCase(state, event);
      result.events.push(...produced);
      result.accepted.push({ command: cmd, stateAfter: state });
      if (cmd.type === 'AddFinancialItem') result.acceptedItemNumbers.add(cmd.data.number.trim());
    } catch (error) {
      if (!isDomainError(error)) throw error;
    }
    result.steps.push({ state, eventCount: result.events.length });
  }
  return result;
};

describe('case decider properties', () => {
  it('replaying the recorded events gives the state reached step by step, at every step', () => {
    fc.assert(
      fc.property(sequence, (commands) => {
        const { events, steps } = run(commands);
        expect(foldCase(events)).toEqual(steps.at(-1)?.state);
        // Earlier states must survive later evolution untouched: evolve never mutates.
        for (const { state, eventCount } of steps)
          expect(foldCase(events.slice(0, eventCount))).toEqual(state);
      }),
    );
  });

  it('records one FinancialItemAdded per distinct item number accepted', () => {
    fc.assert(
      fc.property(sequence, (commands) => {
        const { events, acceptedItemNumbers, steps } = run(commands);
        const added = events.filter((e) => e.type === 'FinancialItemAdded');
        expect(added).toHaveLength(acceptedItemNumbers.size);
        const finalState = steps.at(-1)?.state;
        expect(finalState?.status !== 'initial' && finalState?.items.size).toBe(acceptedItemNumbers.size);
      }),
    );
  });

  it('re-submitting an accepted OpenCase, AddFinancialItem, AddNote or AssignManager records nothing', () => {
    fc.assert(
      fc.property(sequence, (commands) => {
        for (const { command: cmd, stateAfter } of run(commands).accepted) {
          if (['OpenCase', 'AddFinancialItem', 'AddNote', 'AssignManager'].includes(cmd.type)) {
            expect(decideCase(cmd, stateAfter)).toEqual([]);
          }
        }
      }),
    );
  });
});

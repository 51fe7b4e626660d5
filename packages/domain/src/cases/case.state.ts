import type { CaseEvent, CustomFields, ItemKind, MoneyJson, PartyRole, Phase } from './case.events';

export type CaseItem = {
  readonly itemId: string;
  readonly kind: ItemKind;
  readonly number: string;
  readonly dueDate: string;
  readonly amount: MoneyJson;
};

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
    };
  }
  if (state.status === 'initial') return state;
  switch (event.type) {
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
      return { ...state, items };
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
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

export const foldCase = (events: readonly CaseEvent[]): CaseState =>
  events.reduce(evolveCase, initialCaseState);

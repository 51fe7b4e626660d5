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
  | CaseClosed;

export type CaseEventType = CaseEvent['type'];

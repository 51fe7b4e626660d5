import type { CustomFields, ItemKind, MoneyJson, NoteType, PartyRole, Phase } from './case.events';

export type OpenCase = {
  type: 'OpenCase';
  data: {
    caseId: string;
    number: string;
    caseType: string;
    company: { code: string; name: string };
    currency: string;
    customFields: CustomFields;
    phase?: Phase;
    debtor: { partyId: string; name: string; reference: string | null };
    manager?: string;
    openedOn: string;
  };
};
export type AttachParty = {
  type: 'AttachParty';
  data: { partyId: string; role: PartyRole; name: string; reference: string | null };
};
export type AddFinancialItem = {
  type: 'AddFinancialItem';
  data: {
    itemId: string;
    kind?: ItemKind;
    number: string;
    issueDate: string;
    dueDate: string;
    amount: MoneyJson;
    structuredReference?: string | null;
  };
};
export type AddNote = { type: 'AddNote'; data: { noteId: string; text: string; noteType?: NoteType } };
export type ChangePhase = { type: 'ChangePhase'; data: { phase: Phase; reason?: string | null } };
export type AssignManager = { type: 'AssignManager'; data: { manager: string } };
export type ChangeCustomFields = { type: 'ChangeCustomFields'; data: { customFields: CustomFields } };
export type ArchiveCase = { type: 'ArchiveCase'; data: { reason?: string | null } };
export type UnarchiveCase = { type: 'UnarchiveCase'; data: Record<string, never> };
export type CloseCase = { type: 'CloseCase'; data: { reason?: string | null } };

export type CaseCommand =
  | OpenCase
  | AttachParty
  | AddFinancialItem
  | AddNote
  | ChangePhase
  | AssignManager
  | ChangeCustomFields
  | ArchiveCase
  | UnarchiveCase
  | CloseCase;

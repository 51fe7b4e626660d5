import type { DebtComponent } from '../ledger/ledger.types';
import type { CaseControlCommand } from './case-control';
import type { CaseDunningCommand } from './case-dunning';
import type { CaseAgreementCommand } from './case-agreements';
import type {
  CustomFields,
  ItemKind,
  MoneyJson,
  NoteType,
  PartyRole,
  PaymentMethod,
  Phase,
} from './case.events';

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

export type ReceivePayment = {
  type: 'ReceivePayment';
  data: {
    paymentId: string;
    amount: MoneyJson;
    receivedOn: string;
    method: PaymentMethod;
    payer?: string | null;
    bankReference?: string | null;
  };
};
export type AllocatePayment = {
  type: 'AllocatePayment';
  data: {
    allocationId: string;
    paymentId: string;
    itemId?: string | null;
    component: DebtComponent;
    amount: MoneyJson;
    allocatedOn: string;
  };
};
export type CancelAllocation = {
  type: 'CancelAllocation';
  data: { allocationId: string; cancelledOn: string; reason: string };
};
export type ChargeFee = {
  type: 'ChargeFee';
  data: { feeId: string; amount: MoneyJson; chargedOn: string; label: string };
};
export type ChargeRecoveryCost = {
  type: 'ChargeRecoveryCost';
  data: { costId: string; amount: MoneyJson; chargedOn: string; label: string };
};
export type ChargeRecoveryIndemnity = {
  type: 'ChargeRecoveryIndemnity';
  data: {
    indemnityId: string;
    itemId: string;
    amount: MoneyJson;
    chargedOn: string;
    label: string;
    legalBasis: string;
  };
};
export type AccrueInterest = {
  type: 'AccrueInterest';
  data: { accrualId: string; amount: MoneyJson; from: string; to: string; accruedOn: string; label: string };
};
export type AdjustBalance = {
  type: 'AdjustBalance';
  data: {
    adjustmentId: string;
    component: DebtComponent;
    amount: MoneyJson;
    adjustedOn: string;
    reason: string;
  };
};
export type WriteOffAmount = {
  type: 'WriteOffAmount';
  data: {
    writeOffId: string;
    itemId?: string | null;
    component: DebtComponent;
    amount: MoneyJson;
    writtenOffOn: string;
    reason: string;
  };
};
export type IssueRefund = {
  type: 'IssueRefund';
  data: { refundId: string; amount: MoneyJson; refundedOn: string; reason: string; payee?: string | null };
};

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
  | CloseCase
  | ReceivePayment
  | AllocatePayment
  | CancelAllocation
  | ChargeFee
  | ChargeRecoveryCost
  | ChargeRecoveryIndemnity
  | AccrueInterest
  | AdjustBalance
  | WriteOffAmount
  | IssueRefund
  | CaseControlCommand
  | CaseDunningCommand
  | CaseAgreementCommand;

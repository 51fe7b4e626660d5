import type {
  AllocatePaymentRequest,
  CaseSortKey,
  ItemStatus,
  LedgerEntryDto,
  NoteType,
  PartyRole,
  Phase,
  ReceivePaymentRequest,
} from '@quittance/api-contract';

// The web bundle imports only types from the contract (keeping zod out of the browser), so the
// few value lists it needs live here; the checks below fail to compile if the contract grows.

type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;

/** A zod schema's parsed type, without importing zod (only `typeof` the contract's schemas). */
type Output<Schema extends { _zod: { output: unknown } }> = Schema['_zod']['output'];
/** A zod schema's input type (what a request body may omit, thanks to defaults). */
export type Input<Schema extends { _zod: { input: unknown } }> = Schema['_zod']['input'];

export type SubLedgerAccount = LedgerEntryDto['postings'][number]['account'];
export type PaymentMethod = Output<typeof ReceivePaymentRequest>['method'];
export type DebtComponent = Output<typeof AllocatePaymentRequest>['component'];

export const PHASES = [
  'prevention',
  'amicable',
  'default',
  'legal',
  'outsourced',
  'closed',
] as const satisfies readonly Phase[];
const _allPhases: Missing<Phase, (typeof PHASES)[number]> = true;

export const NOTE_TYPES = [
  'general',
  'call',
  'new_address',
  'dispute_info',
  'promise_info',
] as const satisfies readonly NoteType[];
const _allNoteTypes: Missing<NoteType, (typeof NOTE_TYPES)[number]> = true;

export const PARTY_ROLES = [
  'debtor',
  'creditor_client',
  'guarantor',
  'co_borrower',
  'lawyer',
  'bailiff',
  'agency',
  'supplier',
  'buyer',
] as const satisfies readonly PartyRole[];
const _allRoles: Missing<PartyRole, (typeof PARTY_ROLES)[number]> = true;

export const ITEM_STATUSES = [
  'not_due',
  'overdue',
  'paid',
  'credit',
] as const satisfies readonly ItemStatus[];
const _allItemStatuses: Missing<ItemStatus, (typeof ITEM_STATUSES)[number]> = true;

export const SORT_KEYS = [
  'number',
  '-number',
  'debtor',
  '-debtor',
  'balance',
  '-balance',
  'overdue',
  '-overdue',
  'daysPastDue',
  '-daysPastDue',
  'updatedAt',
  '-updatedAt',
] as const satisfies readonly CaseSortKey[];
const _allSortKeys: Missing<CaseSortKey, (typeof SORT_KEYS)[number]> = true;

export const SUB_LEDGER_ACCOUNTS = [
  'principal',
  'interest',
  'fees',
  'costs',
  'unallocated',
  'overpayment',
  'written_off',
  'bank',
  'revenue',
  'interest_income',
  'fee_income',
  'cost_recharge',
] as const satisfies readonly SubLedgerAccount[];
const _allSubLedgerAccounts: Missing<SubLedgerAccount, (typeof SUB_LEDGER_ACCOUNTS)[number]> = true;

export const PAYMENT_METHODS = [
  'bank_transfer',
  'card',
  'direct_debit',
  'cheque',
  'cash',
  'other',
] as const satisfies readonly PaymentMethod[];
const _allPaymentMethods: Missing<PaymentMethod, (typeof PAYMENT_METHODS)[number]> = true;

export const DEBT_COMPONENTS = [
  'principal',
  'interest',
  'fees',
  'costs',
] as const satisfies readonly DebtComponent[];
const _allDebtComponents: Missing<DebtComponent, (typeof DEBT_COMPONENTS)[number]> = true;

export function isPhase(value: string): value is Phase {
  return (PHASES as readonly string[]).includes(value);
}

export function isSortKey(value: string): value is CaseSortKey {
  return (SORT_KEYS as readonly string[]).includes(value);
}

export function isNoteType(value: string): value is NoteType {
  return (NOTE_TYPES as readonly string[]).includes(value);
}

export function isPartyRole(value: string): value is PartyRole {
  return (PARTY_ROLES as readonly string[]).includes(value);
}

export function isSubLedgerAccount(value: string): value is SubLedgerAccount {
  return (SUB_LEDGER_ACCOUNTS as readonly string[]).includes(value);
}

export function isPaymentMethod(value: string): value is PaymentMethod {
  return (PAYMENT_METHODS as readonly string[]).includes(value);
}

export function isDebtComponent(value: string): value is DebtComponent {
  return (DEBT_COMPONENTS as readonly string[]).includes(value);
}

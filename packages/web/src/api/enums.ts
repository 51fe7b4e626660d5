import type { CaseSortKey, ItemStatus, NoteType, PartyRole, Phase } from '@quittance/api-contract';

// The web bundle imports only types from the contract (keeping zod out of the browser), so the
// few value lists it needs live here; the checks below fail to compile if the contract grows.

type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;

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

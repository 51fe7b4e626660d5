import type { MoneyDto } from '@quittance/api-contract';

// The cash-application API (`/bank-statements`, `/bank-entries`) as the server answers it. These
// shapes mirror `packages/server/src/http/payments.routes.ts` until they move to the contract.

/** What an import did: counts, and the allocations made automatically. */
export type StatementImportSummary = {
  format: string;
  statements: number;
  entries: number;
  imported: number;
  duplicates: number;
  matched: number;
  partial: number;
  unmatched: number;
  movements: number;
  allocations: { entry: string; invoice: string; amount: string; currency: string; rule: string }[];
};

export type SuggestedAllocation = { itemId: string; amount: MoneyDto };

/** A case the matcher thinks an entry pays, with how it would settle the case's invoices. */
export type MatchSuggestion = {
  rule: string;
  /** 0–100 */
  confidence: number;
  caseId: string;
  caseNumber: string | null;
  debtorName: string | null;
  explanation: string;
  /** Invoice numbers, in the order of `allocations`. */
  invoices: string[];
  allocations: SuggestedAllocation[];
};

export const BANK_ENTRY_STATUSES = ['unmatched', 'partially_assigned', 'assigned', 'movement'] as const;
export type BankEntryStatus = (typeof BANK_ENTRY_STATUSES)[number];

export type BankEntry = {
  id: string;
  bankReference: string;
  bookingDate: string;
  amount: MoneyDto;
  unassigned: MoneyDto;
  /** One of BANK_ENTRY_STATUSES; typed as string because the API may grow. */
  status: string;
  direction: 'credit' | 'debit';
  counterpartyName: string | null;
  counterpartyIban: string | null;
  remittance: string[];
  statementId: string;
  suggestions: MatchSuggestion[];
};

export type BankEntryList = {
  items: BankEntry[];
  /** What the unallocated queue holds, per currency (whatever the status filter). */
  totals: { currency: string; entries: number; unassigned: MoneyDto }[];
};

export type Assignment = { caseId: string; amount: MoneyDto; allocations?: SuggestedAllocation[] };

export type AssignRequest = { assignments: Assignment[] };

export type AssignResult = { entryId: string; paymentIds: string[] };

/**
 * The sub-ledger of a case. Every account belongs to one case and one currency; the receivable
 * accounts hold what the debtor owes, the cash accounts what was received and not yet applied,
 * the counterpart accounts where each movement comes from (already-invoiced sales, the bank,
 * income from fees and interest). An entry's postings sum to zero per currency.
 */
export type SubLedgerAccount =
  // what the debtor owes (debit balances)
  | 'principal'
  | 'interest'
  | 'fees'
  | 'costs'
  // cash received and not yet applied; credit left over for the debtor (credit balances)
  | 'unallocated'
  | 'overpayment'
  // losses
  | 'written_off'
  // counterparts
  | 'bank'
  | 'revenue'
  | 'interest_income'
  | 'fee_income'
  | 'cost_recharge';

export const SUB_LEDGER_ACCOUNTS: readonly SubLedgerAccount[] = [
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
];

/** The parts of a debt a payment can settle, in the order a waterfall usually takes them. */
export type DebtComponent = 'principal' | 'interest' | 'fees' | 'costs';

export const DEBT_COMPONENTS: readonly DebtComponent[] = ['principal', 'interest', 'fees', 'costs'];

/** One line of an entry: a signed amount in minor units, positive = debit, negative = credit. */
export type Posting = {
  readonly account: SubLedgerAccount;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** The financial item the line concerns, when it concerns one (invoice, credit note). */
  readonly itemId: string | null;
};

/** A balanced journal entry drafted from one event. */
export type JournalEntryDraft = {
  readonly eventType: string;
  /** The business date of the movement (YYYY-MM-DD). */
  readonly entryDate: string;
  readonly label: string;
  readonly postings: readonly Posting[];
  /** The business id the entry is about (item, payment, allocation, fee, ... id). */
  readonly sourceKey: string;
  /** For a correction: the sourceKey of the entry this one reverses (e.g. a cancelled allocation). */
  readonly reverses: string | null;
};

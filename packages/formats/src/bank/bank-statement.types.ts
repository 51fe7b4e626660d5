import type { Money } from '@quittance/domain';

export type StatementFormat =
  'camt.053.001.02' | 'camt.053.001.08' | 'camt.054.001.02' | 'camt.054.001.08' | 'mt940' | 'csv';

export type BankTransaction = {
  amount: Money;
  endToEndId: string | null;
  instructionId: string | null;
  accountServicerReference: string | null;
  /** The other party: the debtor of a credit, the creditor of a debit. */
  counterparty: { name: string | null; iban: string | null; bic: string | null };
  remittance: {
    /** Creditor references (RF…, OGM…) exactly as the bank gave them, never guessed from free text. */
    structured: string[];
    unstructured: string[];
  };
  /** ISO return reason code when the entry is a return, e.g. AC04, MD06. */
  returnReason: string | null;
};

export type BankEntry = {
  /** "line 12" for MT940 and CSV, "Stmt[0]/Ntry[3]" for camt. */
  location: string;
  /**
   * AcctSvcrRef in camt, the reference after `//` in an MT940 :61: line, the reference column of a
   * CSV. When the bank gives none: `auto:<statement id>:<booking date>:<C|D><amount>:<index>`, the
   * index counting the statement's entries from 0. Deterministic, so re-reading the same file gives
   * the same references; it cannot recognise the same entry in another statement.
   */
  bankReference: string;
  bookingDate: string;
  valueDate: string | null;
  direction: 'credit' | 'debit';
  /** Positive; `direction` says which way it moved. */
  amount: Money;
  status: 'booked' | 'pending' | 'info';
  /** The entry cancels an earlier one; `direction` is still the way this entry moves money. */
  reversal: boolean;
  /** At least one; a batch has several; for a single one, its amount is the entry amount. */
  transactions: BankTransaction[];
};

export type BankStatement = {
  format: StatementFormat;
  id: string;
  account: {
    iban: string | null;
    otherId: string | null;
    currency: string;
    bic: string | null;
    ownerName: string | null;
  };
  createdAt: string | null;
  openingBalance: Money | null;
  closingBalance: Money | null;
  entries: BankEntry[];
};

export type StatementIssue = { location: string; message: string };

export type StatementParseResult =
  { ok: true; statements: BankStatement[] } | { ok: false; issues: StatementIssue[] };

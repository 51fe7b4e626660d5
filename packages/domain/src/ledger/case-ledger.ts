import type { Money } from '../money/money';
import type { CaseEvent, CaseEventType } from '../cases/case.events';
import { postingsFor } from './postings';
import {
  DEBT_COMPONENTS,
  SUB_LEDGER_ACCOUNTS,
  type DebtComponent,
  type JournalEntryDraft,
  type SubLedgerAccount,
} from './ledger.types';

/** Signed balance (debit +, credit −) of every account, per currency; all accounts present. */
export type AccountBalances = Readonly<Record<string, Readonly<Record<SubLedgerAccount, bigint>>>>;

export type TrialBalanceLine = {
  readonly account: SubLedgerAccount;
  /** Sum of the debit lines (positive). */
  readonly debit: Money;
  /** Sum of the credit lines, as a positive amount. */
  readonly credit: Money;
  /** debit − credit: positive for a debit balance, negative for a credit balance. */
  readonly balance: Money;
};

export type TrialBalance = {
  readonly currency: string;
  /** One line per account, in SUB_LEDGER_ACCOUNTS order, including accounts that never moved. */
  readonly lines: readonly TrialBalanceLine[];
  readonly totalDebit: Money;
  readonly totalCredit: Money;
  /** totalDebit − totalCredit: zero for a sound ledger. */
  readonly balance: Money;
};

/**
 * The case account as a user reads it, in one currency. Amounts are positive unless said
 * otherwise. Two identities hold:
 *   totalOutstanding = originalClaim − creditNotes + interestAccrued + feesCharged + costsCharged
 *                      + adjusted − settled − writtenOff
 *   unallocated + overpayment = received − refunded − settled
 * and netBalance = totalOutstanding − unallocated − overpayment.
 */
export type CaseAccountSummary = {
  readonly currency: string;
  /** Sum of the invoices. */
  readonly originalClaim: Money;
  /** Sum of the credit notes, as a positive amount. */
  readonly creditNotes: Money;
  readonly interestAccrued: Money;
  readonly feesCharged: Money;
  readonly costsCharged: Money;
  /** Net of the manual adjustments over all components (signed). */
  readonly adjusted: Money;
  /** Payments applied to the debt: allocations net of their cancellations. */
  readonly settled: Money;
  readonly writtenOff: Money;
  /** What is still owed, per component. */
  readonly outstanding: Readonly<Record<DebtComponent, Money>>;
  readonly totalOutstanding: Money;
  /** Cash received from the debtor. */
  readonly received: Money;
  readonly refunded: Money;
  /** Cash received and not yet applied. */
  readonly unallocated: Money;
  /** Credit held for the debtor. */
  readonly overpayment: Money;
  /** What the debtor still owes net of the cash held: the `caseBalance`. Negative = we owe them. */
  readonly netBalance: Money;
};

/** The case's ledger: one entry per financial event, in event order. Replaying gives the same ledger. */
export const ledgerOf = (events: readonly CaseEvent[]): JournalEntryDraft[] =>
  events.flatMap((event) => {
    const drafted = postingsFor(event);
    return drafted ? [drafted] : [];
  });

/** The signed balance of every sub-ledger account, per currency. */
export const accountBalances = (entries: readonly JournalEntryDraft[]): AccountBalances => {
  const byCurrency: Record<string, Record<SubLedgerAccount, bigint>> = {};
  for (const { postings } of entries) {
    for (const p of postings) {
      const balances = (byCurrency[p.currency] ??= zeroBalances());
      balances[p.account] += p.amountMinor;
    }
  }
  return byCurrency;
};

/** The receivable/cash accounts whose sum is what the debtor owes, net of cash held. */
const CASE_BALANCE_ACCOUNTS: readonly SubLedgerAccount[] = [...DEBT_COMPONENTS, 'unallocated', 'overpayment'];

/**
 * What the debtor owes net, per currency: principal + interest + fees + costs (debit balances)
 * plus unallocated cash and overpayment (credit balances, so they reduce it).
 */
export const caseBalance = (entries: readonly JournalEntryDraft[]): Readonly<Record<string, Money>> =>
  mapRecord(accountBalances(entries), (balances, currency) => ({
    amountMinor: CASE_BALANCE_ACCOUNTS.reduce((total, account) => total + balances[account], 0n),
    currency,
  }));

/** Debits, credits and balance per account and currency; each currency's balance is zero. */
export const trialBalance = (
  entries: readonly JournalEntryDraft[],
): Readonly<Record<string, TrialBalance>> => {
  const sides: Record<string, Record<SubLedgerAccount, { debit: bigint; credit: bigint }>> = {};
  for (const { postings } of entries) {
    for (const p of postings) {
      const accounts = (sides[p.currency] ??= fromAccounts(() => ({ debit: 0n, credit: 0n })));
      if (p.amountMinor >= 0n) accounts[p.account].debit += p.amountMinor;
      else accounts[p.account].credit -= p.amountMinor;
    }
  }
  return mapRecord(sides, (accounts, currency) => {
    const m = (amountMinor: bigint): Money => ({ amountMinor, currency });
    const lines = SUB_LEDGER_ACCOUNTS.map((account) => {
      const { debit, credit } = accounts[account];
      return { account, debit: m(debit), credit: m(credit), balance: m(debit - credit) };
    });
    const totalDebit = lines.reduce((total, line) => total + line.debit.amountMinor, 0n);
    const totalCredit = lines.reduce((total, line) => total + line.credit.amountMinor, 0n);
    return {
      currency,
      lines,
      totalDebit: m(totalDebit),
      totalCredit: m(totalCredit),
      balance: m(totalDebit - totalCredit),
    };
  });
};

/** The case account screen's figures, per currency (see CaseAccountSummary for the identities). */
export const caseAccountSummary = (
  entries: readonly JournalEntryDraft[],
): Readonly<Record<string, CaseAccountSummary>> => {
  const flows: Record<string, Flows> = {};
  for (const { eventType, postings } of entries) {
    for (const p of postings) {
      const f = (flows[p.currency] ??= { ...NO_FLOWS });
      const receivable = isDebtComponent(p.account);
      switch (eventType as CaseEventType) {
        case 'FinancialItemAdded':
          if (p.account === 'principal' && p.amountMinor > 0n) f.originalClaim += p.amountMinor;
          if (p.account === 'principal' && p.amountMinor < 0n) f.creditNotes -= p.amountMinor;
          break;
        case 'InterestAccrued':
        case 'FeeCharged':
        case 'RecoveryCostCharged':
        case 'RecoveryIndemnityCharged':
          if (p.account === 'interest') f.interestAccrued += p.amountMinor;
          if (p.account === 'fees') f.feesCharged += p.amountMinor;
          if (p.account === 'costs') f.costsCharged += p.amountMinor;
          break;
        case 'BalanceAdjusted':
          if (receivable) f.adjusted += p.amountMinor;
          break;
        case 'PaymentAllocated':
        case 'AllocationCancelled':
          if (receivable) f.settled -= p.amountMinor;
          break;
        case 'PaymentReceived':
          if (p.account === 'bank') f.received += p.amountMinor;
          break;
        case 'RefundIssued':
          if (p.account === 'bank') f.refunded -= p.amountMinor;
          break;
        default:
          break;
      }
    }
  }
  const balances = accountBalances(entries);
  return mapRecord(flows, (f, currency) => summarize(f, balances[currency] ?? zeroBalances(), currency));
};

/** The summary of a case with no financial movement yet: every figure zero. */
export const emptyCaseAccountSummary = (currency: string): CaseAccountSummary =>
  summarize(NO_FLOWS, zeroBalances(), currency);

const summarize = (
  f: Readonly<Flows>,
  b: Readonly<Record<SubLedgerAccount, bigint>>,
  currency: string,
): CaseAccountSummary => {
  const m = (amountMinor: bigint): Money => ({ amountMinor, currency });
  const totalOutstanding = DEBT_COMPONENTS.reduce((total, c) => total + b[c], 0n);
  return {
    currency,
    originalClaim: m(f.originalClaim),
    creditNotes: m(f.creditNotes),
    interestAccrued: m(f.interestAccrued),
    feesCharged: m(f.feesCharged),
    costsCharged: m(f.costsCharged),
    adjusted: m(f.adjusted),
    settled: m(f.settled),
    writtenOff: m(b.written_off),
    outstanding: { principal: m(b.principal), interest: m(b.interest), fees: m(b.fees), costs: m(b.costs) },
    totalOutstanding: m(totalOutstanding),
    received: m(f.received),
    refunded: m(f.refunded),
    unallocated: m(-b.unallocated),
    overpayment: m(-b.overpayment),
    netBalance: m(totalOutstanding + b.unallocated + b.overpayment),
  };
};

type Flows = {
  originalClaim: bigint;
  creditNotes: bigint;
  interestAccrued: bigint;
  feesCharged: bigint;
  costsCharged: bigint;
  adjusted: bigint;
  settled: bigint;
  received: bigint;
  refunded: bigint;
};

const NO_FLOWS: Readonly<Flows> = {
  originalClaim: 0n,
  creditNotes: 0n,
  interestAccrued: 0n,
  feesCharged: 0n,
  costsCharged: 0n,
  adjusted: 0n,
  settled: 0n,
  received: 0n,
  refunded: 0n,
};

const isDebtComponent = (account: SubLedgerAccount): account is DebtComponent =>
  (DEBT_COMPONENTS as readonly SubLedgerAccount[]).includes(account);

const fromAccounts = <V>(make: () => V): Record<SubLedgerAccount, V> =>
  Object.fromEntries(SUB_LEDGER_ACCOUNTS.map((account) => [account, make()])) as Record<SubLedgerAccount, V>;

const zeroBalances = (): Record<SubLedgerAccount, bigint> => fromAccounts(() => 0n);

// Currencies in code order, so that every record built here iterates the same way.
const mapRecord = <A, B>(
  record: Readonly<Record<string, A>>,
  f: (value: A, currency: string) => B,
): Record<string, B> =>
  Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((currency) => [currency, f(record[currency] as A, currency)]),
  );

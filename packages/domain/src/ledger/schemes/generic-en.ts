import type { PostingScheme } from '../posting-scheme';

const SALES = { code: 'SJ', label: 'Sales journal' } as const;
const CASH = { code: 'CB', label: 'Cash book' } as const;
const GENERAL = { code: 'GJ', label: 'General journal' } as const;

/** A plain English chart of accounts, for companies without a national chart to follow. */
export const GENERIC_EN_SCHEME: PostingScheme = {
  code: 'generic-en',
  name: 'Generic chart of accounts (English)',
  locale: 'en',
  accounts: {
    // Every component the debtor owes sits on the trade debtors control account; the split stays
    // in Quittance's sub-ledger.
    principal: { account: '1100', label: 'Trade debtors', auxiliary: 'customer' },
    interest: { account: '1100', label: 'Trade debtors', auxiliary: 'customer' },
    fees: { account: '1100', label: 'Trade debtors', auxiliary: 'customer' },
    costs: { account: '1100', label: 'Trade debtors', auxiliary: 'customer' },
    unallocated: { account: '1190', label: 'Unapplied cash', auxiliary: 'customer' },
    overpayment: { account: '2110', label: 'Customer credit balances', auxiliary: 'customer' },
    written_off: { account: '6800', label: 'Bad debt expense', auxiliary: null },
    bank: { account: '1200', label: 'Bank', auxiliary: null },
    // The sale itself was booked by the invoicing system; this clearing account is matched
    // against it by invoice number instead of booking the revenue twice.
    revenue: { account: '1150', label: 'Imported invoices clearing', auxiliary: null },
    interest_income: { account: '4200', label: 'Interest income', auxiliary: null },
    fee_income: { account: '4300', label: 'Fee income', auxiliary: null },
    cost_recharge: { account: '4310', label: 'Cost recovery', auxiliary: null },
  },
  journals: {
    default: GENERAL,
    byEventType: {
      FinancialItemAdded: SALES,
      PaymentReceived: CASH,
      RefundIssued: CASH,
    },
  },
  labels: {
    FinancialItemAdded: '{reference} {customerName} case {caseNumber}',
    PaymentReceived: 'Payment {customerName} {reference}',
    PaymentAllocated: 'Payment applied {reference} {customerName}',
    AllocationCancelled: 'Payment application cancelled {reference} {customerName}',
    FeeCharged: 'Collection fee {customerName} case {caseNumber}',
    RecoveryCostCharged: 'Recovery costs {customerName} case {caseNumber}',
    InterestAccrued: 'Late payment interest {customerName} case {caseNumber}',
    BalanceAdjusted: 'Balance adjustment {customerName} case {caseNumber}',
    AmountWrittenOff: 'Bad debt written off {reference} {customerName}',
    RefundIssued: 'Refund {customerName} {reference}',
  },
  // The customer's code is its account in the debtors ledger.
  customerAuxiliary: { prefix: '' },
};

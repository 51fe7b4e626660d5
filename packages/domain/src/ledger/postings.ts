import { parseMoney } from '../money/money';
import type { CaseEvent, MoneyJson } from '../cases/case.events';
import type { DebtComponent, JournalEntryDraft, Posting, SubLedgerAccount } from './ledger.types';

/** Where the other side of a receivable comes from when it is raised or lowered by hand. */
export const COUNTERPART_OF: Readonly<Record<DebtComponent, SubLedgerAccount>> = {
  principal: 'revenue',
  interest: 'interest_income',
  fees: 'fee_income',
  costs: 'cost_recharge',
};

/**
 * The journal entry a case event records: one balanced entry per financial event, null for the
 * events that move no money (notes, phases, parties...). Pure: the entry depends on the event alone.
 */
export const postingsFor = (event: CaseEvent): JournalEntryDraft | null => {
  switch (event.type) {
    case 'FinancialItemAdded': {
      const d = event.data;
      const isCreditNote = d.kind === 'credit_note';
      return entry(event.type, {
        entryDate: d.issueDate,
        label: `${isCreditNote ? 'Credit note' : 'Invoice'} ${d.number}`,
        sourceKey: d.itemId,
        // A credit note is negative: the same movement as an invoice, the other way round.
        ...transfer(
          isCreditNote ? 'revenue' : 'principal',
          isCreditNote ? 'principal' : 'revenue',
          d.amount,
          d.itemId,
        ),
      });
    }
    case 'PaymentReceived': {
      const d = event.data;
      return entry(event.type, {
        entryDate: d.receivedOn,
        label: `Payment received${d.payer ? ` from ${d.payer}` : ''}${d.bankReference ? ` (${d.bankReference})` : ''}`,
        sourceKey: d.paymentId,
        ...transfer('bank', 'unallocated', d.amount, null),
      });
    }
    case 'PaymentAllocated': {
      const d = event.data;
      return entry(event.type, {
        entryDate: d.allocatedOn,
        label: `Payment allocated to ${d.component}`,
        sourceKey: d.allocationId,
        ...transfer('unallocated', d.component, d.amount, d.itemId),
      });
    }
    case 'AllocationCancelled': {
      const d = event.data;
      return entry(event.type, {
        entryDate: d.cancelledOn,
        label: `Allocation cancelled${d.reason ? `: ${d.reason}` : ''}`,
        sourceKey: `${d.allocationId}:cancel`,
        reverses: d.allocationId,
        ...transfer(d.component, 'unallocated', d.amount, d.itemId),
      });
    }
    case 'FeeCharged': {
      const d = event.data;
      return entry(event.type, {
        entryDate: d.chargedOn,
        label: d.label ? `Fee: ${d.label}` : 'Fee',
        sourceKey: d.feeId,
        ...transfer('fees', 'fee_income', d.amount, null),
      });
    }
    case 'RecoveryCostCharged': {
      const d = event.data;
      return entry(event.type, {
        entryDate: d.chargedOn,
        label: d.label ? `Recovery cost: ${d.label}` : 'Recovery cost',
        sourceKey: d.costId,
        ...transfer('costs', 'cost_recharge', d.amount, null),
      });
    }
    case 'RecoveryIndemnityCharged': {
      const d = event.data;
      return entry(event.type, {
        entryDate: d.chargedOn,
        label: `Recovery indemnity${d.label ? `: ${d.label}` : ''} (${d.legalBasis})`,
        sourceKey: d.indemnityId,
        ...transfer('costs', 'cost_recharge', d.amount, d.itemId),
      });
    }
    case 'InterestAccrued': {
      const d = event.data;
      return entry(event.type, {
        entryDate: d.accruedOn,
        label: `Interest ${d.from} to ${d.to}${d.label ? ` (${d.label})` : ''}`,
        sourceKey: d.accrualId,
        ...transfer('interest', 'interest_income', d.amount, null),
      });
    }
    case 'BalanceAdjusted': {
      const d = event.data;
      const raise = parseMoney(d.amount.amount, d.amount.currency).amountMinor > 0n;
      const counterpart = COUNTERPART_OF[d.component];
      return entry(event.type, {
        entryDate: d.adjustedOn,
        label: `Adjustment of ${d.component}${d.reason ? `: ${d.reason}` : ''}`,
        sourceKey: d.adjustmentId,
        ...transfer(raise ? d.component : counterpart, raise ? counterpart : d.component, d.amount, null),
      });
    }
    case 'AmountWrittenOff': {
      const d = event.data;
      return entry(event.type, {
        entryDate: d.writtenOffOn,
        label: `Write-off of ${d.component}${d.reason ? `: ${d.reason}` : ''}`,
        sourceKey: d.writeOffId,
        ...transfer('written_off', d.component, d.amount, d.itemId),
      });
    }
    case 'RefundIssued': {
      const d = event.data;
      return entry(event.type, {
        entryDate: d.refundedOn,
        label: `Refund${d.payee ? ` to ${d.payee}` : ''}${d.reason ? `: ${d.reason}` : ''}`,
        sourceKey: d.refundId,
        ...transfer('unallocated', 'bank', d.amount, null),
      });
    }
    case 'PaymentReturned': {
      const d = event.data;
      return entry(event.type, {
        entryDate: d.returnedOn,
        label: `Payment returned by the bank${d.reason ? `: ${d.reason}` : ''}`,
        sourceKey: `${d.paymentId}:returned`,
        ...transfer('unallocated', 'bank', d.amount, null),
      });
    }
    case 'CaseOpened':
    case 'PartyAttached':
    case 'NoteAdded':
    case 'PhaseChanged':
    case 'ManagerAssigned':
    case 'CustomFieldsChanged':
    case 'CaseArchived':
    case 'CaseUnarchived':
    case 'CaseClosed':
      return null;
    default:
      // Steering events (team, strategy, flags, tasks, timers, messages) move no money.
      return null;
  }
};

/** Debits equal credits in every currency of the entry. */
export const isBalanced = (entry: Pick<JournalEntryDraft, 'postings'>): boolean => {
  const totals = new Map<string, bigint>();
  for (const p of entry.postings) totals.set(p.currency, (totals.get(p.currency) ?? 0n) + p.amountMinor);
  return [...totals.values()].every((total) => total === 0n);
};

const entry = (
  eventType: string,
  fields: Omit<JournalEntryDraft, 'eventType' | 'reverses'> & { reverses?: string },
): JournalEntryDraft => ({ eventType, ...fields, reverses: fields.reverses ?? null });

// Moves the magnitude of `amount` from the credited account to the debited one, every line
// carrying the item the entry is about.
const transfer = (
  debit: SubLedgerAccount,
  credit: SubLedgerAccount,
  amount: MoneyJson,
  itemId: string | null,
): { postings: readonly Posting[] } => {
  const minor = parseMoney(amount.amount, amount.currency).amountMinor;
  const magnitude = minor < 0n ? -minor : minor;
  return {
    postings: [
      { account: debit, amountMinor: magnitude, currency: amount.currency, itemId },
      { account: credit, amountMinor: -magnitude, currency: amount.currency, itemId },
    ],
  };
};

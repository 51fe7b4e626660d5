import {
  caseAccountSummary,
  emptyCaseAccountSummary,
  moneyToDto,
  subtract,
  type JournalEntryDraft,
  type SubLedgerAccount,
} from '@quittance/domain';
import type { CaseAccount } from '@quittance/api-contract';
import type { Tx } from '../db/tenancy';
import { postingsOf } from './ledger-validation';
import { isUuid } from '../db/ids';

/** The accounts whose sum is what the debtor owes net of the cash held for them. */
const NET_BALANCE_ACCOUNTS: ReadonlySet<SubLedgerAccount> = new Set([
  'principal',
  'interest',
  'fees',
  'costs',
  'unallocated',
  'overpayment',
]);

/** G11: the case account, from the case's ledger entries (validated or not). */
export const caseAccount = async (tx: Tx, caseId: string): Promise<CaseAccount | undefined> => {
  if (!isUuid(caseId)) return undefined;
  const kase = await tx
    .selectFrom('cases')
    .select(['id', 'currency'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!kase) return undefined;
  const currency = kase.currency.trim();
  const entries = await tx
    .selectFrom('ledger_entries as e')
    .innerJoin('events as ev', 'ev.id', 'e.event_id')
    .select([
      'e.id',
      'e.event_id',
      'e.event_type',
      'e.entry_date',
      'e.label',
      'e.source_key',
      'e.validated_on',
    ])
    .where('e.case_id', '=', caseId)
    // In business-date order, so the running balance reads like a statement of account.
    .orderBy('e.entry_date')
    .orderBy('ev.version')
    .execute();
  const postings = await postingsOf(
    tx,
    entries.map((e) => e.id),
  );
  const drafts: JournalEntryDraft[] = entries.map((e) => ({
    eventType: e.event_type,
    entryDate: e.entry_date,
    label: e.label,
    postings: postings.get(e.id) ?? [],
    sourceKey: e.source_key,
    reverses: null,
  }));
  const summary = caseAccountSummary(drafts)[currency] ?? emptyCaseAccountSummary(currency);
  let running = 0n;
  const transactions = entries.map((e) => {
    const change = (postings.get(e.id) ?? [])
      .filter((p) => p.currency === currency && NET_BALANCE_ACCOUNTS.has(p.account))
      .reduce((total, p) => total + p.amountMinor, 0n);
    running += change;
    return {
      entryId: e.id,
      eventId: e.event_id,
      date: e.entry_date,
      eventType: e.event_type,
      label: e.label,
      amount: moneyToDto({ amountMinor: change, currency }),
      runningBalance: moneyToDto({ amountMinor: running, currency }),
      validated: e.validated_on !== null,
    };
  });
  return {
    caseId,
    currency,
    originalClaim: moneyToDto(subtract(summary.originalClaim, summary.creditNotes)),
    settlements: moneyToDto(summary.settled),
    outstanding: {
      principal: moneyToDto(summary.outstanding.principal),
      interest: moneyToDto(summary.outstanding.interest),
      fees: moneyToDto(summary.outstanding.fees),
      costs: moneyToDto(summary.outstanding.costs),
    },
    unallocated: moneyToDto(summary.unallocated),
    overpayment: moneyToDto(summary.overpayment),
    writtenOff: moneyToDto(summary.writtenOff),
    netBalance: moneyToDto(summary.netBalance),
    transactions,
  };
};

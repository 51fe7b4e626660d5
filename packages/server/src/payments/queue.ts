import { sql } from 'kysely';
import { DomainError, moneyToDto, parseMoney, type MatchSuggestion } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import { inTenantTransaction } from '../application/stream-command';
import { assignToCase } from './statement-import';
import { waterfallFor } from './waterfall';

export type QueueEntry = {
  id: string;
  bankReference: string;
  bookingDate: string;
  amount: { amount: string; currency: string };
  unassigned: { amount: string; currency: string };
  status: string;
  direction: 'credit' | 'debit';
  counterpartyName: string | null;
  counterpartyIban: string | null;
  remittance: string[];
  statementId: string;
  suggestions: (MatchSuggestion & {
    caseNumber: string | null;
    debtorName: string | null;
    invoices: string[];
  })[];
};

/** The unallocated queue (D6): credits not (fully) assigned to cases, with their suggestions. */
export const listBankEntries = async (
  tx: Tx,
  filter: { status?: 'open' | 'all' | 'assigned' | 'movement' } = {},
): Promise<QueueEntry[]> => {
  const status = filter.status ?? 'open';
  const rows = await tx
    .selectFrom('bank_entries')
    .selectAll()
    .$if(status === 'open', (q) => q.where('status', 'in', ['unmatched', 'partially_assigned']))
    .$if(status === 'assigned', (q) => q.where('status', '=', 'assigned'))
    .$if(status === 'movement', (q) => q.where('status', '=', 'movement'))
    .orderBy('booking_date', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
  const caseIds = [
    ...new Set(rows.flatMap((r) => (r.suggestions as MatchSuggestion[]).map((s) => s.caseId))),
  ];
  const itemIds = [
    ...new Set(
      rows.flatMap((r) =>
        (r.suggestions as MatchSuggestion[]).flatMap((s) => s.allocations.map((a) => a.itemId)),
      ),
    ),
  ];
  const cases = caseIds.length
    ? new Map(
        (
          await tx
            .selectFrom('cases')
            .select(['id', 'number', 'debtor_name'])
            .where('id', 'in', caseIds)
            .execute()
        ).map((c) => [c.id, c]),
      )
    : new Map<string, { number: string; debtor_name: string | null }>();
  const items = itemIds.length
    ? new Map(
        (
          await tx
            .selectFrom('financial_items')
            .select(['id', 'number', 'outstanding_minor'])
            .where('id', 'in', itemIds)
            .execute()
        ).map((i) => [i.id, { number: i.number, outstanding: BigInt(i.outstanding_minor) }]),
      )
    : new Map<string, { number: string; outstanding: bigint }>();
  return rows.map((r) => {
    const currency = r.currency.trim();
    return {
      id: r.id,
      bankReference: r.bank_reference,
      bookingDate: r.booking_date,
      amount: moneyToDto({ amountMinor: BigInt(r.amount_minor), currency }),
      unassigned: moneyToDto({ amountMinor: BigInt(r.amount_minor) - BigInt(r.assigned_minor), currency }),
      status: r.status,
      direction: r.direction,
      counterpartyName: r.counterparty_name,
      counterpartyIban: r.counterparty_iban,
      remittance: r.remittance as string[],
      statementId: r.statement_id,
      suggestions: (r.suggestions as MatchSuggestion[]).flatMap((s) => {
        const allocations = current(s.allocations, items);
        // A suggestion made at import can be overtaken (its invoice paid meanwhile): drop it.
        if (s.allocations.length > 0 && allocations.length === 0) return [];
        return [
          {
            ...s,
            allocations,
            caseNumber: cases.get(s.caseId)?.number ?? null,
            debtorName: cases.get(s.caseId)?.debtor_name ?? null,
            invoices: allocations.map((a) => items.get(a.itemId)?.number ?? a.itemId),
          },
        ];
      }),
    };
  });
};

/** A suggestion's allocations capped to what each invoice still owes now. */
const current = (
  allocations: MatchSuggestion['allocations'],
  items: ReadonlyMap<string, { outstanding: bigint }>,
): MatchSuggestion['allocations'] =>
  allocations.flatMap((a) => {
    const wanted = parseMoney(a.amount.amount, a.amount.currency);
    const owed = items.get(a.itemId)?.outstanding ?? 0n;
    const amount = wanted.amountMinor < owed ? wanted.amountMinor : owed;
    return amount > 0n
      ? [{ itemId: a.itemId, amount: moneyToDto({ amountMinor: amount, currency: wanted.currency }) }]
      : [];
  });

export type ManualAssignment = {
  caseId: string;
  amount: { amount: string; currency: string };
  /** Explicit allocations to invoices of the case; without them the tenant's waterfall decides. */
  allocations?: { itemId: string; amount: { amount: string; currency: string } }[];
};

/**
 * D4/D6: assigns a queued entry by hand — to one case or split across several; each part becomes
 * a payment on its case, allocated as given or by the waterfall, in one transaction.
 */
export const assignBankEntry = (
  ctx: CommandContext,
  entryId: string,
  assignments: readonly ManualAssignment[],
) =>
  inTenantTransaction(ctx, async (tx) => {
    const entry = await tx
      .selectFrom('bank_entries')
      .selectAll()
      .where('id', '=', entryId)
      .executeTakeFirst();
    if (!entry) throw new DomainError('payment_not_found', `no bank entry with id ${entryId}`);
    const paymentIds: string[] = [];
    for (const part of assignments) {
      const kase = await tx
        .selectFrom('cases')
        .select(['id', 'currency'])
        .where('id', '=', part.caseId)
        .executeTakeFirst();
      if (!kase) throw new DomainError('case_not_found', `no case with id ${part.caseId}`);
      const amount = parseMoney(part.amount.amount, part.amount.currency);
      const allocations = part.allocations
        ? part.allocations.map((a) => ({
            itemId: a.itemId,
            component: 'principal' as const,
            amount: parseMoney(a.amount.amount, a.amount.currency),
          }))
        : await waterfallFor(tx, ctx, part.caseId, amount);
      paymentIds.push(
        await assignToCase(tx, ctx, entryId, {
          caseId: part.caseId,
          amount,
          allocations,
          rule: null,
          mode: 'manual',
          receivedOn: entry.booking_date,
          bankReference: entry.bank_reference,
          payer: entry.counterparty_name,
        }),
      );
    }
    return { entryId, paymentIds };
  });

/** Sums what the queue holds, per currency: money received and not yet on any case. */
export const queueTotals = async (tx: Tx) =>
  (
    await sql<{ currency: string; n: number; unassigned: string }>`
      select currency, count(*)::int as n, sum(amount_minor - assigned_minor) as unassigned
      from bank_entries where status in ('unmatched', 'partially_assigned') group by currency order by currency
    `.execute(tx)
  ).rows.map((r) => ({
    currency: r.currency.trim(),
    entries: r.n,
    unassigned: moneyToDto({ amountMinor: BigInt(r.unassigned), currency: r.currency.trim() }),
  }));

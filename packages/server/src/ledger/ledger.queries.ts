import { sql } from 'kysely';
import { moneyToDto } from '@quittance/domain';
import type { AccountLedger, CustomerBalances, LedgerEntryDto, TrialBalance } from '@quittance/api-contract';
import type { Tx } from '../db/tenancy';
import { formatEcritureNum } from './ledger-validation';
import { isUuid } from '../db/ids';

const m = (amountMinor: bigint | string | number, currency: string) =>
  moneyToDto({ amountMinor: BigInt(amountMinor), currency: currency.trim() });

export type Period = { from?: string | undefined; to?: string | undefined; company?: string | undefined };

/** E7: validated general-ledger lines by account — opening before `from`, movements, closing. */
export const trialBalance = async (tx: Tx, period: Period): Promise<TrialBalance> => {
  const from = period.from ?? '0001-01-01';
  const to = period.to ?? '9999-12-31';
  const rows = await sql<{
    account: string;
    label: string;
    currency: string;
    opening: string;
    debit: string;
    credit: string;
  }>`
    select g.account, min(g.account_label) as label, g.currency,
           coalesce(sum(g.debit_minor - g.credit_minor) filter (where g.entry_date < ${from}::date), 0) as opening,
           coalesce(sum(g.debit_minor) filter (where g.entry_date between ${from}::date and ${to}::date), 0) as debit,
           coalesce(sum(g.credit_minor) filter (where g.entry_date between ${from}::date and ${to}::date), 0) as credit
    from gl_lines g
    where g.entry_date <= ${to}::date ${period.company ? sql`and g.company_code = ${period.company}` : sql``}
    group by g.account, g.currency
    order by g.account, g.currency
  `.execute(tx);
  const totals = new Map<string, { debit: bigint; credit: bigint; closing: bigint }>();
  const out = rows.rows.map((r) => {
    const currency = r.currency.trim();
    const closing = BigInt(r.opening) + BigInt(r.debit) - BigInt(r.credit);
    const t = totals.get(currency) ?? { debit: 0n, credit: 0n, closing: 0n };
    t.debit += BigInt(r.debit);
    t.credit += BigInt(r.credit);
    t.closing += closing;
    totals.set(currency, t);
    return {
      account: r.account,
      label: r.label,
      currency,
      opening: m(r.opening, currency),
      debit: m(r.debit, currency),
      credit: m(r.credit, currency),
      closing: m(closing, currency),
    };
  });
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    company: period.company ?? null,
    rows: out,
    totals: [...totals.entries()].map(([currency, t]) => ({
      currency,
      debit: m(t.debit, currency),
      credit: m(t.credit, currency),
      closing: m(t.closing, currency),
    })),
  };
};

/** E7: one general-ledger account's lines in order, with a running balance per currency. */
export const accountLedger = async (tx: Tx, account: string, period: Period): Promise<AccountLedger> => {
  const from = period.from ?? '0001-01-01';
  const to = period.to ?? '9999-12-31';
  const company = period.company ? sql`and g.company_code = ${period.company}` : sql``;
  const opening = await sql<{ currency: string; balance: string }>`
    select g.currency, sum(g.debit_minor - g.credit_minor) as balance from gl_lines g
    where g.account = ${account} and g.entry_date < ${from}::date ${company}
    group by g.currency order by g.currency
  `.execute(tx);
  const lines = await sql<{
    entry_id: string;
    journal_code: string;
    fiscal_year: number;
    validation_number: string;
    entry_date: string;
    aux_account: string | null;
    label: string;
    piece_ref: string;
    debit_minor: string;
    credit_minor: string;
    currency: string;
    account_label: string;
    case_id: string;
    case_number: string;
  }>`
    select g.entry_id, e.journal_code, e.fiscal_year, e.validation_number, g.entry_date, g.aux_account, g.label,
           g.piece_ref, g.debit_minor, g.credit_minor, g.currency, g.account_label, e.case_id, c.number as case_number
    from gl_lines g join ledger_entries e on e.id = g.entry_id join cases c on c.id = e.case_id
    where g.account = ${account} and g.entry_date between ${from}::date and ${to}::date ${company}
    order by g.entry_date, e.journal_code, e.validation_number, g.line_no
  `.execute(tx);
  const running = new Map(opening.rows.map((o) => [o.currency.trim(), BigInt(o.balance)]));
  return {
    account,
    label: lines.rows[0]?.account_label ?? null,
    opening: opening.rows.map((o) => m(o.balance, o.currency)),
    lines: lines.rows.map((l) => {
      const currency = l.currency.trim();
      const balance = (running.get(currency) ?? 0n) + BigInt(l.debit_minor) - BigInt(l.credit_minor);
      running.set(currency, balance);
      return {
        entryId: l.entry_id,
        ecritureNum: formatEcritureNum(l.journal_code, l.fiscal_year, BigInt(l.validation_number)),
        date: l.entry_date,
        journal: l.journal_code,
        auxiliaryAccount: l.aux_account,
        label: l.label,
        pieceRef: l.piece_ref,
        debit: m(l.debit_minor, currency),
        credit: m(l.credit_minor, currency),
        runningBalance: m(balance, currency),
        caseId: l.case_id,
        caseNumber: l.case_number,
      };
    }),
  };
};

const RECEIVABLE = ['principal', 'interest', 'fees', 'costs'];
const CASH = ['unallocated', 'overpayment'];

/** What each customer owes, from the sub-ledger (validated or not), per company and currency. */
export const customerBalances = async (tx: Tx, company?: string): Promise<CustomerBalances> => {
  const rows = await sql<{
    party_id: string;
    reference: string | null;
    name: string;
    company_code: string;
    currency: string;
    receivable: string;
    unallocated: string;
    cases: number;
  }>`
    select c.debtor_party_id as party_id, c.debtor_reference as reference, c.debtor_name as name, c.company_code,
           p.currency,
           coalesce(sum(p.amount_minor) filter (where p.account in (${sql.join(RECEIVABLE)})), 0) as receivable,
           coalesce(sum(p.amount_minor) filter (where p.account in (${sql.join(CASH)})), 0) as unallocated,
           count(distinct c.id)::int as cases
    from ledger_postings p
    join ledger_entries e on e.id = p.entry_id
    join cases c on c.id = e.case_id
    where c.debtor_party_id is not null ${company ? sql`and c.company_code = ${company}` : sql``}
    group by c.debtor_party_id, c.debtor_reference, c.debtor_name, c.company_code, p.currency
    order by sum(p.amount_minor) filter (where p.account in (${sql.join([...RECEIVABLE, ...CASH])})) desc nulls last,
             c.debtor_name
  `.execute(tx);
  return {
    rows: rows.rows.map((r) => ({
      partyId: r.party_id,
      reference: r.reference,
      name: r.name ?? '',
      company: r.company_code,
      currency: r.currency.trim(),
      receivable: m(r.receivable, r.currency),
      // Cash held for the customer is a credit balance: shown as a positive amount received.
      unallocated: m(-BigInt(r.unallocated), r.currency),
      net: m(BigInt(r.receivable) + BigInt(r.unallocated), r.currency),
      cases: r.cases,
    })),
  };
};

/** E3: an entry with its postings, GL lines, the event that caused it and its case. */
export const ledgerEntry = async (tx: Tx, entryId: string): Promise<LedgerEntryDto | undefined> => {
  if (!isUuid(entryId)) return undefined;
  const entry = await tx
    .selectFrom('ledger_entries as e')
    .innerJoin('events as ev', 'ev.id', 'e.event_id')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .select([
      'e.id',
      'e.event_type',
      'e.entry_date',
      'e.label',
      'e.currency',
      'e.validated_on',
      'e.journal_code',
      'e.fiscal_year',
      'e.validation_number',
      'e.reverses_entry_id',
      'ev.id as event_id',
      'ev.type as event_type_raw',
      'ev.version',
      'ev.recorded_at',
      'ev.metadata',
      'ev.data',
      'c.id as case_id',
      'c.number as case_number',
      'c.debtor_name',
      'c.company_code',
    ])
    .where('e.id', '=', entryId)
    .executeTakeFirst();
  if (!entry) return undefined;
  const [postings, gl, reversedBy] = [
    await tx
      .selectFrom('ledger_postings')
      .selectAll()
      .where('entry_id', '=', entryId)
      .orderBy('line')
      .execute(),
    await tx.selectFrom('gl_lines').selectAll().where('entry_id', '=', entryId).orderBy('line_no').execute(),
    await tx
      .selectFrom('ledger_entries')
      .select('id')
      .where('reverses_entry_id', '=', entryId)
      .executeTakeFirst(),
  ];
  const metadata = entry.metadata as {
    actor: LedgerEntryDto['event']['actor'];
    correlationId: string;
    causationId: string | null;
  };
  return {
    id: entry.id,
    eventType: entry.event_type,
    entryDate: entry.entry_date,
    label: entry.label,
    currency: entry.currency.trim(),
    postings: postings.map((p) => {
      const amount = BigInt(p.amount_minor);
      return {
        account: p.account as LedgerEntryDto['postings'][number]['account'],
        debit: amount > 0n ? m(amount, p.currency) : null,
        credit: amount < 0n ? m(-amount, p.currency) : null,
        itemId: p.item_id,
      };
    }),
    validation:
      entry.validated_on &&
      entry.journal_code &&
      entry.fiscal_year !== null &&
      entry.validation_number !== null
        ? {
            validatedOn: entry.validated_on,
            journal: entry.journal_code,
            fiscalYear: entry.fiscal_year,
            number: Number(entry.validation_number),
            ecritureNum: formatEcritureNum(
              entry.journal_code,
              entry.fiscal_year,
              BigInt(entry.validation_number),
            ),
          }
        : null,
    glLines: gl.map((g) => ({
      lineNo: g.line_no,
      account: g.account,
      accountLabel: g.account_label,
      auxiliaryAccount: g.aux_account,
      auxiliaryLabel: g.aux_label,
      label: g.label,
      debit: m(g.debit_minor, g.currency),
      credit: m(g.credit_minor, g.currency),
      original:
        g.original_amount_minor !== null && g.original_currency
          ? m(g.original_amount_minor, g.original_currency)
          : null,
      fxRate: g.fx_rate,
    })),
    reverses: entry.reverses_entry_id,
    reversedBy: reversedBy?.id ?? null,
    event: {
      id: entry.event_id,
      type: entry.event_type_raw,
      version: entry.version,
      recordedAt: (entry.recorded_at instanceof Date
        ? entry.recorded_at
        : new Date(entry.recorded_at)
      ).toISOString(),
      actor: metadata.actor,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      data: entry.data,
    },
    case: {
      id: entry.case_id,
      number: entry.case_number,
      debtorName: entry.debtor_name,
      company: entry.company_code,
    },
  };
};

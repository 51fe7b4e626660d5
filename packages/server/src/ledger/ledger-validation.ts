import { sql } from 'kysely';
import {
  fxRateOn,
  isDomainError,
  isGlEntryBalanced,
  moneyToDto,
  toGeneralLedger,
  type GlEntry,
  type JournalEntryDraft,
  type Posting,
  type SubLedgerAccount,
} from '@quittance/domain';
import type { VerificationReport } from '@quittance/api-contract';
import type { Tx } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import { inTenantTransaction } from '../application/stream-command';
import { tenantPostingSchemes } from './posting-schemes';

type PendingEntry = {
  id: string;
  case_id: string;
  event_type: string;
  source_key: string;
  entry_date: string;
  label: string;
  currency: string;
  analytic: Record<string, string>;
  case_number: string;
  company_code: string;
  debtor_reference: string | null;
  debtor_name: string | null;
  event_data: Record<string, unknown>;
  item_number: string | null;
};

/**
 * The piece reference of an entry: the document a person would look for — the invoice's number
 * (also for a payment allocated to it or a write-off of it), else the bank reference, else a
 * short form of the business id.
 */
const pieceRefOf = (entry: PendingEntry): string => {
  const d = entry.event_data;
  const found = [d.number, entry.item_number, d.bankReference].find(
    (c): c is string => typeof c === 'string' && c.length > 0,
  );
  return found ?? `${entry.event_type.replace(/[a-z]/g, '')}-${entry.source_key.slice(-12)}`;
};

export const formatEcritureNum = (journal: string, fiscalYear: number, number: bigint | number): string =>
  `${journal}-${fiscalYear}-${String(number).padStart(6, '0')}`;

/**
 * The daily verification and validation (E2). Every entry dated up to `asOf` not yet validated
 * is turned into general-ledger lines through its company's posting scheme; an entry that
 * cannot be (no FX rate, unknown scheme, unbalanced after conversion) is blocked with its reason
 * and stays pending. Unless it is a dry run, each entry then gets the validation date and the
 * next number of its company's journal and fiscal year — gap-free, because numbers are taken in the same
 * transaction that stamps the entry, under a per-tenant lock.
 */
export const validateLedger = (
  ctx: CommandContext,
  options: { asOf: string; dryRun: boolean },
): Promise<VerificationReport> =>
  inTenantTransaction(ctx, async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`ledger-validation:${ctx.tenant.id}`}))`.execute(tx);
    const companies = new Map(
      (
        await tx.selectFrom('companies').select(['code', 'name', 'book_currency', 'posting_scheme']).execute()
      ).map((c) => [c.code, c]),
    );
    const schemes = await tenantPostingSchemes(tx);
    const rates = (
      await tx.selectFrom('fx_rates').select(['currency', 'book_currency', 'valid_from', 'rate']).execute()
    ).map((r) => ({
      currency: r.currency.trim(),
      bookCurrency: r.book_currency.trim(),
      validFrom: r.valid_from,
      rate: r.rate,
    }));
    const pending = await sql<PendingEntry>`
      select e.id, e.case_id, e.event_type, e.source_key, e.entry_date, e.label, e.currency, e.analytic,
             c.number as case_number, c.company_code, c.debtor_reference, c.debtor_name, ev.data as event_data,
             fi.number as item_number
      from ledger_entries e
      join cases c on c.id = e.case_id
      join events ev on ev.id = e.event_id
      left join financial_items fi on fi.id::text = ev.data->>'itemId'
      where e.validated_on is null and e.entry_date <= ${options.asOf}::date
      order by e.entry_date, ev.position
    `.execute(tx);
    const later = await tx
      .selectFrom('ledger_entries')
      .select(sql<string>`count(*)`.as('n'))
      .where('validated_on', 'is', null)
      .where('entry_date', '>', options.asOf)
      .executeTakeFirstOrThrow();

    const postings = await postingsOf(
      tx,
      pending.rows.map((e) => e.id),
    );
    const report: VerificationReport = {
      asOf: options.asOf,
      dryRun: options.dryRun,
      validated: 0,
      journals: [],
      blocked: [],
      pendingAfterAsOf: Number(later.n),
    };
    const journals = new Map<
      string,
      { label: string; entries: number; totals: Map<string, { debit: bigint; credit: bigint }> }
    >();

    for (const entry of pending.rows) {
      const company = companies.get(entry.company_code);
      const scheme = company ? schemes.get(company.posting_scheme) : undefined;
      const block = (reason: string) =>
        report.blocked.push({
          entryId: entry.id,
          caseNumber: entry.case_number,
          eventType: entry.event_type,
          entryDate: entry.entry_date,
          label: entry.label,
          reason,
        });
      if (!company) {
        block(`company ${entry.company_code} is not configured`);
        continue;
      }
      if (!scheme) {
        block(`company ${company.code} uses the unknown posting scheme "${company.posting_scheme}"`);
        continue;
      }
      const bookCurrency = company.book_currency.trim();
      let gl: GlEntry;
      try {
        const fxRate =
          entry.currency.trim() === bookCurrency
            ? undefined
            : fxRateOn(rates, entry.currency.trim(), bookCurrency, entry.entry_date);
        const draft: JournalEntryDraft = {
          eventType: entry.event_type,
          entryDate: entry.entry_date,
          label: entry.label,
          postings: postings.get(entry.id) ?? [],
          sourceKey: entry.source_key,
          reverses: null,
        };
        gl = toGeneralLedger(draft, scheme, {
          caseNumber: entry.case_number,
          customerRef: entry.debtor_reference,
          customerName: entry.debtor_name,
          reference: pieceRefOf(entry),
          bookCurrency,
          ...(fxRate !== undefined && { fxRate }),
          analytic: entry.analytic,
        });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        block(error.message);
        continue;
      }
      if (!isGlEntryBalanced(gl)) {
        block('the general-ledger entry does not balance');
        continue;
      }

      const journal = journals.get(gl.journal.code) ?? {
        label: gl.journal.label,
        entries: 0,
        totals: new Map(),
      };
      journal.entries++;
      const totals = journal.totals.get(bookCurrency) ?? { debit: 0n, credit: 0n };
      for (const line of gl.lines) {
        totals.debit += line.debitMinor;
        totals.credit += line.creditMinor;
      }
      journal.totals.set(bookCurrency, totals);
      journals.set(gl.journal.code, journal);
      report.validated++;

      if (options.dryRun) continue;
      const fiscalYear = Number(entry.entry_date.slice(0, 4));
      const sequence = await tx
        .insertInto('journal_sequences')
        .values({
          tenant_id: ctx.tenant.id,
          company_code: company.code,
          journal_code: gl.journal.code,
          fiscal_year: fiscalYear,
          last_value: 1n,
        })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'company_code', 'journal_code', 'fiscal_year'])
            .doUpdateSet((eb) => ({ last_value: eb('journal_sequences.last_value', '+', 1n) })),
        )
        .returning('last_value')
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('ledger_entries')
        .set({
          validated_on: options.asOf,
          journal_code: gl.journal.code,
          fiscal_year: fiscalYear,
          validation_number: BigInt(sequence.last_value),
        })
        .where('id', '=', entry.id)
        .execute();
      await tx
        .insertInto('gl_lines')
        .values(
          gl.lines.map((line) => ({
            tenant_id: ctx.tenant.id,
            entry_id: entry.id,
            line_no: line.lineNo,
            company_code: company.code,
            journal_code: gl.journal.code,
            journal_label: gl.journal.label,
            entry_date: gl.entryDate,
            account: line.account,
            account_label: line.accountLabel,
            aux_account: line.auxiliaryAccount,
            aux_label: line.auxiliaryLabel,
            label: line.label,
            piece_ref: gl.pieceRef,
            debit_minor: line.debitMinor,
            credit_minor: line.creditMinor,
            currency: line.currency,
            original_amount_minor: line.originalAmountMinor,
            original_currency: line.originalCurrency,
            fx_rate: gl.fxRate,
            analytic: JSON.stringify(line.analytic),
          })),
        )
        .execute();
    }

    report.journals = [...journals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, j]) => ({
        journal: code,
        label: j.label,
        entries: j.entries,
        totals: [...j.totals.entries()].map(([currency, t]) => ({
          currency,
          debit: moneyToDto({ amountMinor: t.debit, currency }),
          credit: moneyToDto({ amountMinor: t.credit, currency }),
        })),
      }));
    return report;
  });

export const postingsOf = async (tx: Tx, entryIds: readonly string[]): Promise<Map<string, Posting[]>> => {
  const byEntry = new Map<string, Posting[]>();
  for (let i = 0; i < entryIds.length; i += 1000) {
    const rows = await tx
      .selectFrom('ledger_postings')
      .select(['entry_id', 'line', 'account', 'amount_minor', 'currency', 'item_id'])
      .where('entry_id', 'in', entryIds.slice(i, i + 1000))
      .orderBy('entry_id')
      .orderBy('line')
      .execute();
    for (const row of rows) {
      const list = byEntry.get(row.entry_id) ?? [];
      list.push({
        account: row.account as SubLedgerAccount,
        amountMinor: BigInt(row.amount_minor),
        currency: row.currency.trim(),
        itemId: row.item_id,
      });
      byEntry.set(row.entry_id, list);
    }
  }
  return byEntry;
};

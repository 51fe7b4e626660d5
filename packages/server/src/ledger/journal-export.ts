import { sql } from 'kysely';
import { writeJournalCsv, type JournalCsvMode, type JournalCsvRow } from '@quittance/formats';
import type { Tx } from '../db/tenancy';
import { formatEcritureNum } from './ledger-validation';

/** E6: validated general-ledger lines of a period as CSV, line by line or summed per account and day. */
export const exportJournalCsv = async (
  tx: Tx,
  options: { from: string; to: string; company?: string | undefined; mode: JournalCsvMode },
): Promise<{ content: string; lines: number }> => {
  const rows = await sql<{
    entry_date: string;
    journal_code: string;
    fiscal_year: number;
    validation_number: string | bigint;
    account: string;
    aux_account: string | null;
    label: string;
    debit_minor: string | bigint;
    credit_minor: string | bigint;
    currency: string;
    piece_ref: string;
    original_amount_minor: string | bigint | null;
    original_currency: string | null;
    analytic: Record<string, string>;
  }>`
    select g.entry_date, e.journal_code, e.fiscal_year, e.validation_number, g.account, g.aux_account, g.label,
           g.debit_minor, g.credit_minor, g.currency, g.piece_ref, g.original_amount_minor, g.original_currency, g.analytic
    from gl_lines g join ledger_entries e on e.id = g.entry_id
    where e.validated_on is not null and g.entry_date between ${options.from}::date and ${options.to}::date
      ${options.company ? sql`and g.company_code = ${options.company}` : sql``}
    order by e.validated_on, e.journal_code, e.fiscal_year, e.validation_number, g.line_no
  `.execute(tx);
  const lines: JournalCsvRow[] = rows.rows.map((r) => ({
    entryDate: r.entry_date,
    journalCode: r.journal_code,
    entryNumber: formatEcritureNum(r.journal_code, r.fiscal_year, BigInt(r.validation_number)),
    account: r.account,
    auxiliaryAccount: r.aux_account,
    label: r.label,
    debitMinor: BigInt(r.debit_minor),
    creditMinor: BigInt(r.credit_minor),
    currency: r.currency.trim(),
    pieceRef: r.piece_ref,
    originalAmountMinor: r.original_amount_minor === null ? null : BigInt(r.original_amount_minor),
    originalCurrency: r.original_currency?.trim() ?? null,
    analytic: r.analytic,
  }));
  return { content: writeJournalCsv(lines, options.mode), lines: lines.length };
};

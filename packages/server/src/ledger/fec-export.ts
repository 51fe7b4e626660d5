import { sql } from 'kysely';
import { currencyExponent } from '@quittance/domain';
import { fecFileName, writeFec, type FecLine } from '@quittance/formats';
import type { Tx } from '../db/tenancy';
import { formatEcritureNum } from './ledger-validation';

export type FecExport = {
  fileName: string;
  content: string;
  entries: number;
  lines: number;
  companies: string[];
  warnings: string[];
};

type Row = {
  journal_code: string;
  journal_label: string;
  fiscal_year: number;
  validation_number: string | bigint;
  entry_date: string;
  account: string;
  account_label: string;
  aux_account: string | null;
  aux_label: string | null;
  piece_ref: string;
  label: string;
  debit_minor: string | bigint;
  credit_minor: string | bigint;
  currency: string;
  original_amount_minor: string | bigint | null;
  original_currency: string | null;
  validated_on: string;
  company_code: string;
};

/**
 * The FEC of one legal entity for a period (art. A47 A-1 LPF): validated entries only, in
 * validation order, one line per general-ledger line. The companies are those with this SIREN;
 * when none carries it, companies without a SIREN are exported and the caller is warned.
 */
export const exportFec = async (
  tx: Tx,
  options: { from: string; to: string; siren: string },
): Promise<FecExport> => {
  const fileName = fecFileName(options.siren, options.to);
  const warnings: string[] = [];
  const all = await tx.selectFrom('companies').select(['code', 'siren']).orderBy('code').execute();
  let companies = all.filter((c) => c.siren === options.siren).map((c) => c.code);
  if (companies.length === 0) {
    companies = all.filter((c) => !c.siren).map((c) => c.code);
    warnings.push(
      `no company has SIREN ${options.siren}; exported the companies without a SIREN: ${companies.join(', ') || '(none)'}`,
    );
  }
  if (companies.length === 0)
    return { fileName, content: writeFec([]), entries: 0, lines: 0, companies, warnings };
  const rows = await sql<Row>`
    select e.journal_code, g.journal_label, e.fiscal_year, e.validation_number, g.entry_date, g.account, g.account_label,
           g.aux_account, g.aux_label, g.piece_ref, g.label, g.debit_minor, g.credit_minor, g.currency,
           g.original_amount_minor, g.original_currency, e.validated_on, g.company_code
    from gl_lines g join ledger_entries e on e.id = g.entry_id
    where e.validated_on is not null
      and g.entry_date between ${options.from}::date and ${options.to}::date
      and g.company_code in (${sql.join(companies)})
    order by e.validated_on, e.journal_code, e.fiscal_year, e.validation_number, g.line_no
  `.execute(tx);
  const lines: FecLine[] = rows.rows.map((r) => {
    const currency = r.currency.trim();
    const original = r.original_currency?.trim() ?? null;
    return {
      journalCode: r.journal_code,
      journalLib: r.journal_label,
      ecritureNum: formatEcritureNum(r.journal_code, r.fiscal_year, BigInt(r.validation_number)),
      ecritureDate: r.entry_date,
      compteNum: r.account,
      compteLib: r.account_label,
      compAuxNum: r.aux_account,
      compAuxLib: r.aux_label,
      pieceRef: r.piece_ref,
      pieceDate: r.entry_date,
      ecritureLib: r.label,
      debitMinor: BigInt(r.debit_minor),
      creditMinor: BigInt(r.credit_minor),
      exponent: currencyExponent(currency),
      ecritureLet: null,
      dateLet: null,
      validDate: r.validated_on,
      montantDeviseMinor: r.original_amount_minor === null ? null : BigInt(r.original_amount_minor),
      deviseExponent: original ? currencyExponent(original) : null,
      idevise: original,
    };
  });
  const entries = new Set(lines.map((l) => l.ecritureNum)).size;
  return { fileName, content: writeFec(lines), entries, lines: lines.length, companies, warnings };
};

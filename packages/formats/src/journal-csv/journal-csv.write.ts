import { formatMoney } from '@quittance/domain';
import type { PostedGlEntry } from '../fec/fec.from-gl';

/** One general-ledger line as the CSV export sees it. Amounts in minor units of their currency. */
export type JournalCsvRow = {
  /** YYYY-MM-DD */
  entryDate: string;
  journalCode: string;
  entryNumber: string;
  account: string;
  auxiliaryAccount: string | null;
  label: string;
  debitMinor: bigint;
  creditMinor: bigint;
  /** The book currency. */
  currency: string;
  pieceRef: string;
  /** Signed (+debit / −credit), when the line was converted from another currency. */
  originalAmountMinor: bigint | null;
  originalCurrency: string | null;
  /** Free analytic fields (E4); the detailed export gives each key its own column. */
  analytic?: Readonly<Record<string, string>>;
};

export type JournalCsvMode = 'detailed' | 'summary';

const DETAILED_HEADER = [
  'date',
  'journal',
  'entry_number',
  'account',
  'auxiliary_account',
  'label',
  'debit',
  'credit',
  'currency',
  'piece_ref',
  'original_amount',
  'original_currency',
];
const SUMMARY_HEADER = ['date', 'journal', 'account', 'debit', 'credit', 'currency'];

// RFC 4180: quote a field holding a separator, a quote or a line break, doubling the quotes;
// surrounding spaces are quoted too so that no importer trims them away.
const csvField = (text: string): string =>
  /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;

const csvLine = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\n`;

const amount = (amountMinor: bigint, currency: string): string => formatMoney({ amountMinor, currency });

const detailed = (rows: readonly JournalCsvRow[]): string => {
  const analyticKeys = [...new Set(rows.flatMap((row) => Object.keys(row.analytic ?? {})))].sort();
  const header = [...DETAILED_HEADER, ...analyticKeys.map((key) => `analytic_${key}`)];
  return [
    csvLine(header),
    ...rows.map((row) =>
      csvLine([
        row.entryDate,
        row.journalCode,
        row.entryNumber,
        row.account,
        row.auxiliaryAccount ?? '',
        row.label,
        amount(row.debitMinor, row.currency),
        amount(row.creditMinor, row.currency),
        row.currency,
        row.pieceRef,
        row.originalAmountMinor === null || row.originalCurrency === null
          ? ''
          : amount(row.originalAmountMinor, row.originalCurrency),
        row.originalCurrency ?? '',
        ...analyticKeys.map((key) => row.analytic?.[key] ?? ''),
      ]),
    ),
  ].join('');
};

type Total = {
  date: string;
  journal: string;
  account: string;
  currency: string;
  debit: bigint;
  credit: bigint;
};

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const summary = (rows: readonly JournalCsvRow[]): string => {
  const totals = new Map<string, Total>();
  for (const row of rows) {
    const key = [row.entryDate, row.journalCode, row.account, row.currency].join('\u0000');
    const total = totals.get(key) ?? {
      date: row.entryDate,
      journal: row.journalCode,
      account: row.account,
      currency: row.currency,
      debit: 0n,
      credit: 0n,
    };
    totals.set(key, {
      ...total,
      debit: total.debit + row.debitMinor,
      credit: total.credit + row.creditMinor,
    });
  }
  const sorted = [...totals.values()].sort(
    (a, b) =>
      compareText(a.date, b.date) ||
      compareText(a.journal, b.journal) ||
      compareText(a.account, b.account) ||
      compareText(a.currency, b.currency),
  );
  return [
    csvLine(SUMMARY_HEADER),
    ...sorted.map((t) =>
      csvLine([
        t.date,
        t.journal,
        t.account,
        amount(t.debit, t.currency),
        amount(t.credit, t.currency),
        t.currency,
      ]),
    ),
  ].join('');
};

/**
 * The journal as CSV (RFC 4180 quoting, "." decimals, header row, LF): `detailed` gives one row
 * per GL line; `summary` one row per date, journal, account and currency with the debits and the
 * credits summed separately, ordered by those keys.
 */
export const writeJournalCsv = (rows: readonly JournalCsvRow[], mode: JournalCsvMode): string =>
  mode === 'detailed' ? detailed(rows) : summary(rows);

/** CSV rows for posted GL entries, one per line, in order. */
export const journalCsvRowsFromGlEntries = (posted: readonly PostedGlEntry[]): JournalCsvRow[] =>
  posted.flatMap(({ entryNumber, entry }) =>
    entry.lines.map((line): JournalCsvRow => ({
      entryDate: entry.entryDate,
      journalCode: entry.journal.code,
      entryNumber,
      account: line.account,
      auxiliaryAccount: line.auxiliaryAccount,
      label: line.label,
      debitMinor: line.debitMinor,
      creditMinor: line.creditMinor,
      currency: line.currency,
      pieceRef: entry.pieceRef,
      originalAmountMinor: line.originalAmountMinor,
      originalCurrency: line.originalCurrency,
      analytic: line.analytic ?? {},
    })),
  );

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { journalCsvRowsFromGlEntries, writeJournalCsv, type JournalCsvRow } from './journal-csv.write';

const row = (overrides: Partial<JournalCsvRow>): JournalCsvRow => ({
  entryDate: '2026-03-10',
  journalCode: 'BQ',
  entryNumber: 'BQ-000001',
  account: '512',
  auxiliaryAccount: null,
  label: 'Règlement Boulangerie Martin',
  debitMinor: 0n,
  creditMinor: 0n,
  currency: 'EUR',
  pieceRef: 'VIR 88812',
  originalAmountMinor: null,
  originalCurrency: null,
  ...overrides,
});

const rows: JournalCsvRow[] = [
  row({ account: '512', debitMinor: 50000n }),
  row({ account: '4191', auxiliaryAccount: '411C0042', creditMinor: 50000n }),
  row({
    entryDate: '2026-03-02',
    journalCode: 'VT',
    entryNumber: 'VT-000001',
    account: '411',
    auxiliaryAccount: '411C0077',
    label: 'Facture "INV-US-9", Hudson & Co',
    debitMinor: 9212n,
    pieceRef: 'INV-US-9',
    originalAmountMinor: 10013n,
    originalCurrency: 'USD',
    analytic: { costCentre: 'EXPORT' },
  }),
  row({
    entryDate: '2026-03-02',
    journalCode: 'VT',
    entryNumber: 'VT-000001',
    account: '4718',
    label: 'Facture "INV-US-9", Hudson & Co',
    creditMinor: 9212n,
    pieceRef: 'INV-US-9',
    originalAmountMinor: -10013n,
    originalCurrency: 'USD',
  }),
  row({ entryNumber: 'BQ-000002', account: '512', debitMinor: 1050n, label: 'Règlement\nsuite' }),
  row({ entryNumber: 'BQ-000002', account: '4191', auxiliaryAccount: '411C0042', creditMinor: 1050n }),
];

describe('writeJournalCsv detailed', () => {
  const text = writeJournalCsv(rows, 'detailed');

  it('has a header and one row per GL line, LF-terminated', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'date,journal,entry_number,account,auxiliary_account,label,debit,credit,currency,piece_ref,' +
        'original_amount,original_currency,analytic_costCentre',
    );
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('\r');
    expect(lines[1]).toBe(
      '2026-03-10,BQ,BQ-000001,512,,Règlement Boulangerie Martin,500.00,0.00,EUR,VIR 88812,,,',
    );
  });

  it('quotes per RFC 4180 so that a CSV reader gets the fields back', () => {
    expect(text).toContain('"Facture ""INV-US-9"", Hudson & Co"');
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(6);
    expect(records[2]).toMatchObject({
      label: 'Facture "INV-US-9", Hudson & Co',
      debit: '92.12',
      original_amount: '100.13',
      original_currency: 'USD',
      analytic_costCentre: 'EXPORT',
    });
    expect(records[3]).toMatchObject({
      credit: '92.12',
      original_amount: '-100.13',
      analytic_costCentre: '',
    });
    expect(records[4]?.label).toBe('Règlement\nsuite');
  });

  it('writes only the header for no rows', () => {
    expect(writeJournalCsv([], 'detailed')).toBe(
      'date,journal,entry_number,account,auxiliary_account,label,debit,credit,currency,piece_ref,' +
        'original_amount,original_currency\n',
    );
  });
});

describe('writeJournalCsv summary', () => {
  it('sums debits and credits per date, journal, account and currency, ordered by those keys', () => {
    expect(writeJournalCsv(rows, 'summary')).toBe(
      [
        'date,journal,account,debit,credit,currency',
        '2026-03-02,VT,411,92.12,0.00,EUR',
        '2026-03-02,VT,4718,0.00,92.12,EUR',
        '2026-03-10,BQ,4191,0.00,510.50,EUR',
        '2026-03-10,BQ,512,510.50,0.00,EUR',
        '',
      ].join('\n'),
    );
  });

  it('keeps debits and credits of one account apart instead of netting them', () => {
    const text = writeJournalCsv(
      [row({ account: '4191', debitMinor: 700n }), row({ account: '4191', creditMinor: 200n })],
      'summary',
    );
    expect(text.split('\n')[1]).toBe('2026-03-10,BQ,4191,7.00,2.00,EUR');
  });

  it('writes each currency with its own decimals', () => {
    const text = writeJournalCsv([row({ currency: 'KWD', debitMinor: 165850n })], 'summary');
    expect(text.split('\n')[1]).toBe('2026-03-10,BQ,512,165.850,0.000,KWD');
  });
});

describe('journalCsvRowsFromGlEntries', () => {
  it('gives one row per GL line with the entry number, date, journal and piece', () => {
    const line = {
      account: '411',
      accountLabel: 'Clients',
      auxiliaryAccount: '411C0042',
      auxiliaryLabel: 'Boulangerie Martin',
      label: 'Frais',
      debitMinor: 4000n,
      creditMinor: 0n,
      currency: 'EUR',
      originalAmountMinor: null,
      originalCurrency: null,
      analytic: { portfolio: 'P7' },
    };
    const result = journalCsvRowsFromGlEntries([
      {
        entryNumber: 'OD-000003',
        validDate: '2026-03-11',
        entry: {
          journal: { code: 'OD', label: 'Opérations diverses' },
          entryDate: '2026-03-10',
          label: 'Frais',
          pieceRef: 'FEE-1',
          lines: [
            line,
            { ...line, account: '70881', auxiliaryAccount: null, debitMinor: 0n, creditMinor: 4000n },
          ],
        },
      },
    ]);
    expect(result.map((r) => [r.entryNumber, r.entryDate, r.journalCode, r.account, r.pieceRef])).toEqual([
      ['OD-000003', '2026-03-10', 'OD', '411', 'FEE-1'],
      ['OD-000003', '2026-03-10', 'OD', '70881', 'FEE-1'],
    ]);
    expect(writeJournalCsv(result, 'detailed').split('\n')[0]).toMatch(/,analytic_portfolio$/);
  });
});

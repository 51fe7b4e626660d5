import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBankCsv, type CsvBankMapping } from './bank-csv.parse';
import type { BankStatement, StatementParseResult } from './bank-statement.types';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf-8');

const onlyStatement = (result: StatementParseResult): BankStatement => {
  if (!result.ok)
    throw new Error(`expected a valid statement, got ${JSON.stringify(result.issues, null, 1)}`);
  const [statement] = result.statements;
  if (statement === undefined || result.statements.length !== 1) throw new Error('expected one statement');
  return statement;
};

const issuesOf = (result: StatementParseResult) => {
  if (result.ok) throw new Error('expected issues, the file was accepted');
  return result.issues;
};

/** A Belgian bank's export: `;`, decimal comma, day first, separate credit and debit columns. */
const semicolonMapping: CsvBankMapping = {
  delimiter: ';',
  decimal: ',',
  dateFormat: 'DD/MM/YYYY',
  columns: {
    bookingDate: 'Date comptable',
    valueDate: 'Date valeur',
    credit: 'Crédit',
    debit: 'Débit',
    currency: 'Devise',
    reference: 'Référence banque',
    counterpartyName: 'Contrepartie',
    counterpartyIban: 'IBAN contrepartie',
    remittance: 'Communication',
  },
  account: { iban: 'BE68 5390 0754 7034', currency: 'EUR' },
};

/** A fintech's export: `,`, decimal point, ISO dates, one signed amount. */
const signedMapping: CsvBankMapping = {
  decimal: '.',
  dateFormat: 'YYYY-MM-DD',
  columns: {
    bookingDate: 'booking_date',
    valueDate: 'value_date',
    amount: 'amount',
    currency: 'currency',
    reference: 'transaction_id',
    counterpartyName: 'counterparty',
    counterpartyIban: 'counterparty_account',
    remittance: ['description', 'note'],
  },
  account: { iban: 'BE68539007547034', currency: 'EUR' },
};

describe('parseBankCsv with credit and debit columns', () => {
  const statement = onlyStatement(parseBankCsv(fixture('bank-export-semicolon.csv'), semicolonMapping));

  it('makes one statement named after the account and the booking dates, without balances', () => {
    expect(statement.format).toBe('csv');
    expect(statement.id).toBe('csv:BE68539007547034:2024-03-05:2024-03-07');
    expect(statement.account.iban).toBe('BE68539007547034');
    expect(statement.openingBalance).toBeNull();
    expect(statement.closingBalance).toBeNull();
  });

  it('reads each line with its direction, exact amount and reference', () => {
    expect(
      statement.entries.map((e) => [
        e.location,
        e.bankReference,
        e.bookingDate,
        e.direction,
        e.amount.amountMinor,
      ]),
    ).toEqual([
      ['line 2', 'CSV240305-001', '2024-03-05', 'credit', 125000n],
      ['line 3', 'CSV240305-002', '2024-03-05', 'credit', 48050n],
      ['line 4', 'CSV240305-003', '2024-03-05', 'credit', 200000n],
      ['line 5', 'CSV240306-001', '2024-03-06', 'debit', 15000n],
      [
        'line 6',
        'auto:csv:BE68539007547034:2024-03-05:2024-03-07:2024-03-06:D12.50:4',
        '2024-03-06',
        'debit',
        1250n,
      ],
      ['line 7', 'CSV240307-001', '2024-03-07', 'credit', 131040n],
    ]);
    expect(statement.entries[2]?.valueDate).toBe('2024-03-04');
  });

  it('keeps the counterparty, with the IBAN in electronic form, and the communication as free text', () => {
    expect(statement.entries[0]?.transactions[0]?.counterparty).toEqual({
      name: 'Boulangerie Martin SARL',
      iban: 'FR1420041010050500013M02606',
      bic: null,
    });
    expect(statement.entries[2]?.transactions[0]?.counterparty.name).toBe(
      'Garage Dubois & Fils; succursale Lyon',
    );
    expect(statement.entries[1]?.transactions[0]?.remittance).toEqual({
      structured: [],
      unstructured: ['+++024/0001/23451+++'],
    });
    expect(statement.entries[5]?.transactions[0]?.remittance.unstructured).toEqual([
      'Rechnungen INV-24019\nund INV-24020',
    ]);
  });
});

describe('parseBankCsv with a signed amount', () => {
  const statement = onlyStatement(parseBankCsv(fixture('bank-export-signed.csv'), signedMapping));

  it('reads the sign as the direction and thousands separators', () => {
    expect(statement.entries.map((e) => [e.direction, e.amount.amountMinor])).toEqual([
      ['credit', 64000n],
      ['debit', 9990n],
      ['credit', 131040n],
      ['credit', 7525n],
    ]);
  });

  it('names the statement after the earliest and latest dates, whatever the order of lines', () => {
    expect(statement.id).toBe('csv:BE68539007547034:2024-03-04:2024-03-06');
  });

  it('joins several remittance columns and leaves out an account number that is no IBAN', () => {
    expect(statement.entries[1]?.transactions[0]?.remittance.unstructured).toEqual([
      'Remboursement Q-2024-101',
      'refund',
    ]);
    expect(statement.entries[3]?.transactions[0]?.counterparty).toEqual({
      name: 'Els Wouters',
      iban: null,
      bic: null,
    });
  });
});

describe('parseBankCsv rejects', () => {
  it('every broken line, by its line number', () => {
    const issues = issuesOf(parseBankCsv(fixture('bank-export-broken.csv'), signedMapping));
    expect(issues).toEqual([
      { location: 'line 3', message: 'booking_date "05/03/2024" is not a date YYYY-MM-DD' },
      { location: 'line 4', message: 'amount: "12.345" has 3 decimals but EUR allows at most 2' },
      { location: 'line 5', message: 'amount is empty' },
      { location: 'line 6', message: 'the line is in USD, the account in EUR' },
      { location: 'line 7', message: 'amount: "1 000.00 EUR" is not an amount with "." before the decimals' },
      {
        location: 'line 8',
        message:
          'the line has 10 fields but the header has 9; is a value containing the delimiter missing its quotes?',
      },
    ]);
  });

  it('a mapping naming a column the header lacks', () => {
    const mapping = { ...signedMapping, columns: { ...signedMapping.columns, reference: 'Ref' } };
    expect(issuesOf(parseBankCsv(fixture('bank-export-signed.csv'), mapping))).toEqual([
      { location: 'line 1', message: 'the header has no column "Ref"' },
    ]);
  });

  it('a mapping with no amount, or with both kinds, or a bad account', () => {
    const noAmount = { ...signedMapping, columns: { ...signedMapping.columns, amount: undefined } };
    expect(issuesOf(parseBankCsv('', noAmount))[0]?.location).toBe('mapping');
    const both = { ...signedMapping, columns: { ...signedMapping.columns, credit: 'credit' } };
    expect(issuesOf(parseBankCsv('', both))[0]?.message).toContain('not both');
    const badIban = { ...signedMapping, account: { iban: 'BE00 1234', currency: 'EUR' } };
    expect(issuesOf(parseBankCsv('', badIban))[0]?.message).toContain('is not valid');
  });

  it('a line with both a credit and a debit, and one with neither', () => {
    const csv = [
      'Date comptable;Date valeur;Référence banque;Contrepartie;IBAN contrepartie;Communication;Crédit;Débit;Devise',
      '05/03/2024;;R1;;;;10,00;5,00;EUR',
      '05/03/2024;;R2;;;;;;EUR',
    ].join('\n');
    expect(issuesOf(parseBankCsv(csv, semicolonMapping))).toEqual([
      { location: 'line 2', message: 'both the credit and the debit column are filled' },
      { location: 'line 3', message: 'neither the credit nor the debit column has an amount' },
    ]);
  });

  it('a header without lines', () => {
    expect(
      issuesOf(
        parseBankCsv(
          'booking_date,value_date,amount,currency,transaction_id,counterparty,counterparty_account,description,note\n',
          signedMapping,
        ),
      ),
    ).toEqual([{ location: 'line 1', message: 'the file has a header but no lines' }]);
  });
});

describe('parseBankCsv reads', () => {
  it('Windows-1252 bytes from an "ANSI" export', () => {
    const text = fixture('bank-export-semicolon.csv');
    const bytes = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
    expect(onlyStatement(parseBankCsv(bytes, semicolonMapping)).entries).toHaveLength(6);
  });

  it('day-first dates with dots and a tab delimiter', () => {
    const csv = 'Datum\tBetrag\tRef\n07.03.2024\t-1.234,50\tX1\n';
    const statement = onlyStatement(
      parseBankCsv(csv, {
        delimiter: '\t',
        decimal: ',',
        dateFormat: 'DD.MM.YYYY',
        columns: { bookingDate: 'Datum', amount: 'Betrag', reference: 'Ref' },
        account: { iban: 'DE89370400440532013000', currency: 'EUR' },
      }),
    );
    expect(statement.entries[0]).toMatchObject({
      bookingDate: '2024-03-07',
      direction: 'debit',
      valueDate: null,
    });
    expect(statement.entries[0]?.amount.amountMinor).toBe(123450n);
  });
});

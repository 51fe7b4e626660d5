import { readFileSync } from 'node:fs';
import { formatDate, formatMoney } from '@quittance/domain';
import { describe, expect, it } from 'vitest';
import { buildInvoicesXlsx, excelDate, INVOICE_HEADER } from './fixtures/invoices-xlsx.fixture';
import {
  detectInvoiceFileKind,
  parseInvoiceFile,
  parseInvoicesCsv,
  parseInvoicesXlsx,
  type FileIssue,
  type InvoiceFileResult,
  type InvoiceRow,
} from './invoice-file.parse';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

const rowsOf = (result: InvoiceFileResult): InvoiceRow[] => {
  if (!result.ok) throw new Error(`expected a valid file, got ${JSON.stringify(result.issues, null, 1)}`);
  return result.rows;
};

const issuesOf = (result: InvoiceFileResult): FileIssue[] => {
  if (result.ok) throw new Error('expected issues, the file was accepted');
  return result.issues;
};

// line:field pairs, the shape a user reads the report in
const where = (issues: readonly FileIssue[]): string[] => issues.map((i) => `${i.line}:${i.field ?? '-'}`);

const HEADER = INVOICE_HEADER.join(',');
const VALID = 'ACME,C1,Client,business,,,FR,,INV-1,2025-01-10,2025-02-09,100.00,EUR,';

describe('invoice CSV, comma separated', () => {
  const rows = rowsOf(parseInvoicesCsv(fixture('invoices-7.csv')));

  it('reads the 7 invoices with their physical lines', () => {
    expect(rows.map((r) => `${r.line} ${r.company} ${r.invoiceNumber}`)).toEqual([
      '2 ACME-FR INV-24001',
      '3 ACME-FR INV-24002',
      '4 ACME-FR AV-24001',
      '5 ACME-FR INV-24003',
      '6 ACME-BE INV-24001',
      '7 ACME-BE B-2025-0007',
      '8 ACME-BE B-2025-0008',
    ]);
    expect(new Set(rows.map((r) => r.customerRef))).toEqual(new Set(['C001', 'C002', 'C003']));
  });

  it('keeps every field of a row', () => {
    const first = rows[0];
    expect(first).toMatchObject({
      company: 'ACME-FR',
      customerRef: 'C001',
      customerName: 'Dupont, Martin & Fils SARL',
      customerType: 'business',
      customerEmail: 'compta@dupont-martin.fr',
      customerPhone: '+33 1 42 68 53 00',
      customerCountry: 'FR',
      customerLanguage: 'fr',
      structuredReference: 'RF82INV24001',
    });
    expect(first && formatDate(first.issueDate)).toBe('2024-11-04');
    expect(first && formatDate(first.dueDate)).toBe('2024-12-04');
    expect(first?.amount).toEqual({ amountMinor: 125000n, currency: 'EUR' });
  });

  it('reads amounts exactly, a credit note as negative, in each currency', () => {
    expect(rows.map((r) => `${formatMoney(r.amount)} ${r.amount.currency}`)).toEqual([
      '1250.00 EUR',
      '480.50 EUR',
      '-120.00 EUR',
      '89.90 EUR',
      '310.00 EUR',
      '15000.00 EUR',
      '2340.75 CHF',
    ]);
  });

  it('normalises references and languages, defaults the language from the country', () => {
    expect(rows.map((r) => r.structuredReference)).toEqual([
      'RF82INV24001',
      'RF55INV24002',
      undefined,
      '+++202/4000/00138+++',
      '+++202/4000/00239+++',
      undefined,
      undefined,
    ]);
    expect(rows.map((r) => r.customerLanguage)).toEqual(['fr', 'fr', 'fr', 'nl-BE', 'nl-BE', 'de', 'de']);
    expect(rows[3]?.customerPhone).toBeUndefined();
    expect(rows[5]?.customerEmail).toBeUndefined();
  });
});

describe('invoice CSV, semicolon separated with BOM, CRLF and a multi-line note', () => {
  const rows = rowsOf(parseInvoicesCsv(fixture('invoices-semicolon.csv')));

  it('reads the 7 invoices at their physical lines, skipping the empty one', () => {
    expect(rows.map((r) => `${r.line} ${r.invoiceNumber}`)).toEqual([
      '2 F2025-001',
      '3 F2025-002',
      '4 A2025-001',
      '6 F2025-003',
      '8 L-77',
      '9 L-78',
      '10 L-79',
    ]);
  });

  it('takes headers case-insensitively, ignores extra columns, upper-cases codes', () => {
    expect(rows[0]).toMatchObject({
      company: 'Boulangerie Martin',
      customerName: 'Boulangerie Martin; Fils',
      customerCountry: 'FR',
      amount: { amountMinor: 123456n, currency: 'EUR' },
    });
    expect(rows[2]?.amount).toEqual({ amountMinor: -4500n, currency: 'EUR' });
    expect(rows[6]?.amount).toEqual({ amountMinor: 300000n, currency: 'JPY' });
    expect(rows.map((r) => r.customerLanguage)).toEqual(['fr', 'fr', 'fr', 'fr', 'de', 'de-AT', 'fr']);
  });

  it('gives the same answer for the text and the bytes', () => {
    const text = new TextDecoder().decode(fixture('invoices-semicolon.csv'));
    expect(rowsOf(parseInvoicesCsv(text))).toEqual(rows);
  });
});

describe('invoice CSV rejections', () => {
  it('reports the bad date on physical line 5 and imports nothing', () => {
    const issues = issuesOf(parseInvoicesCsv(fixture('invoices-bad-date-line5.csv')));
    expect(issues).toEqual([
      { line: 5, field: 'issue_date', message: 'invalid date "31/01/2025", expected YYYY-MM-DD' },
    ]);
  });

  it('reports every problem of every line', () => {
    const issues = issuesOf(parseInvoicesCsv(fixture('invoices-many-errors.csv')));
    expect(where(issues)).toEqual([
      '3:company',
      '3:customer_type',
      '3:customer_country',
      '4:customer_language',
      '4:customer_email',
      '4:due_date',
      '5:due_date',
      '5:amount',
      '6:amount',
      '7:currency',
      '8:amount',
      '8:structured_reference',
      '9:invoice_number',
      '11:amount',
      '11:structured_reference',
      '11:customer_type',
      '11:customer_country',
      '12:customer_name',
      '12:issue_date',
      '12:currency',
      '12:amount',
    ]);
    const message = (line: number, field: string): string | undefined =>
      issues.find((i) => i.line === line && i.field === field)?.message;
    expect(message(3, 'company')).toBe('company is required');
    expect(message(3, 'customer_type')).toMatch(/"company" must be business or consumer/);
    expect(message(3, 'customer_country')).toMatch(/"FRA" is not an ISO 3166-1 alpha-2 code/);
    expect(message(4, 'customer_email')).toMatch(/"jean.dupont@"/);
    expect(message(4, 'customer_language')).toMatch(/"xx"/);
    expect(message(4, 'due_date')).toMatch(/invalid date "2025-13-01"/);
    expect(message(5, 'due_date')).toBe('due_date 2025-02-09 is before issue_date 2025-03-10');
    expect(message(5, 'amount')).toMatch(/"1,5".*decimal separator/);
    expect(message(6, 'amount')).toMatch(/"12.345".*3 decimals but EUR allows at most 2/);
    expect(message(7, 'currency')).toMatch(/unknown currency "EURO"/);
    expect(message(8, 'amount')).toMatch(/zero/);
    expect(message(8, 'structured_reference')).toMatch(/check digits/);
    expect(message(9, 'invoice_number')).toMatch(/"INV-1" of company "ACME-FR" already appears on line 2/);
    expect(message(11, 'amount')).toMatch(/exponent/);
    expect(message(11, 'customer_type')).toMatch(/"C010" is consumer here but business on line 2/);
    expect(message(11, 'customer_country')).toMatch(/"C010" is in DE here but in FR on line 2/);
  });

  it('names each missing required column on line 1', () => {
    const header = INVOICE_HEADER.filter((c) => c !== 'due_date' && c !== 'currency').join(',');
    const issues = issuesOf(parseInvoicesCsv(`${header}\nACME\n`));
    expect(issues).toEqual([
      { line: 1, field: 'due_date', message: 'required column "due_date" is missing from the header' },
      { line: 1, field: 'currency', message: 'required column "currency" is missing from the header' },
    ]);
  });

  it('accepts a file without the optional columns', () => {
    const header =
      'company;customer_ref;customer_name;customer_type;customer_country;invoice_number;issue_date;due_date;amount;currency';
    const rows = rowsOf(
      parseInvoicesCsv(`${header}\nACME;C1;Client;consumer;UK;I-1;2025-01-01;2025-01-31;10;GBP\n`),
    );
    expect(rows[0]).toMatchObject({
      customerCountry: 'GB',
      customerLanguage: 'en',
      customerEmail: undefined,
      structuredReference: undefined,
    });
  });

  it('keeps physical line numbers after multi-line quoted fields', () => {
    const csv = `${HEADER}\n"ACME","C1","Client\non two lines",business,,,FR,,INV-1,2025-01-10,2025-02-09,100.00,EUR,\n\n${VALID.replace('INV-1', 'INV-2').replace('100.00', 'abc')}\n`;
    expect(where(issuesOf(parseInvoicesCsv(csv)))).toEqual(['5:amount']);
    // an issue in a multi-line record is reported on the line where the record starts
    const broken = `${HEADER}\n${VALID}\nACME,C2,"Client\r\non\r\nthree lines",business,,,FR,,INV-2,2025-01-10,2025-02-09,0,EUR,\n${VALID.replace('INV-1', 'INV-3')}`;
    expect(where(issuesOf(parseInvoicesCsv(broken)))).toEqual(['3:amount']);
    expect(where(issuesOf(parseInvoicesCsv(`${broken.replace('INV-3', 'INV-1')}\n`)))).toEqual([
      '3:amount',
      '6:invoice_number',
    ]);
  });

  it('reports a line with more fields than the header', () => {
    const csv = `${HEADER}\n${VALID.replace('100.00', '100,50')}\n`;
    const issues = issuesOf(parseInvoicesCsv(csv));
    expect(issues[0]).toMatchObject({
      line: 2,
      field: undefined,
      message: expect.stringMatching(/15 fields but the header has 14/),
    });
  });

  it('refuses an empty file, a header alone, broken quoting and non-UTF-8 bytes', () => {
    expect(issuesOf(parseInvoicesCsv(''))[0]?.message).toMatch(/empty/);
    expect(issuesOf(parseInvoicesCsv('\uFEFF\n\n'))[0]?.message).toMatch(/empty/);
    expect(issuesOf(parseInvoicesCsv(`${HEADER}\n`))[0]?.message).toMatch(/no invoice rows/);
    const unclosed = `${HEADER}\n${VALID}\n"ACME,C2\n${VALID}\n${VALID}\n`;
    expect(issuesOf(parseInvoicesCsv(unclosed))).toEqual([
      {
        line: 3,
        field: undefined,
        message: expect.stringMatching(/not valid CSV: a quoted field .* never closed/),
      },
    ]);
    const strayQuote = `${HEADER}\n${VALID}\n${VALID}\nACME,"C2"x,${VALID.slice(8)}\n`;
    expect(issuesOf(parseInvoicesCsv(strayQuote))[0]).toMatchObject({
      line: 4,
      message: expect.stringMatching(/not valid CSV/),
    });
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode(`${HEADER}\n`),
      0x53,
      0x6f,
      0x63,
      0xe9,
      0x74,
      0xe9,
    ]);
    expect(issuesOf(parseInvoicesCsv(latin1))[0]).toMatchObject({
      line: 2,
      message: expect.stringMatching(/UTF-8/),
    });
  });
});

describe('invoice XLSX', () => {
  const header = [...INVOICE_HEADER];
  const workbook = (): Promise<Uint8Array> =>
    buildInvoicesXlsx([
      header,
      [
        'ACME',
        'C1',
        'Dupont SARL',
        'business',
        { text: 'compta@dupont.fr', hyperlink: 'mailto:compta@dupont.fr' },
        '+33 1 00 00 00 00',
        'FR',
        null,
        'INV-1',
        excelDate('2025-01-31'),
        excelDate('2025-03-02'),
        1250,
        'EUR',
        null,
      ],
      [
        'ACME',
        'C1',
        'Dupont SARL',
        'business',
        null,
        null,
        'FR',
        'fr',
        1002,
        excelDate('2024-12-31'),
        '2025-01-30',
        480.5,
        'EUR',
        'RF18539007547034',
      ],
      [],
      [
        'ACME',
        'C2',
        { richText: [{ text: 'Claire ' }, { text: 'Janssens', font: { bold: true } }] },
        'consumer',
        null,
        null,
        'BE',
        null,
        'AV-1',
        excelDate('2025-02-28'),
        excelDate('2025-02-28'),
        -0.1,
        'EUR',
        null,
      ],
      [
        'ACME',
        'C3',
        'Kuwait Trading',
        'business',
        null,
        null,
        'KW',
        'ar',
        'INV-4',
        excelDate('2025-02-28'),
        excelDate('2025-03-30'),
        12.345,
        'KWD',
        null,
      ],
    ]);

  it('reads dates, numbers, links and rich text, with sheet row numbers', async () => {
    const bytes = await workbook();
    expect(detectInvoiceFileKind(bytes)).toBe('xlsx');
    const rows = rowsOf(await parseInvoicesXlsx(bytes));
    expect(
      rows.map((r) => [
        r.line,
        r.invoiceNumber,
        formatDate(r.issueDate),
        formatDate(r.dueDate),
        formatMoney(r.amount),
      ]),
    ).toEqual([
      [2, 'INV-1', '2025-01-31', '2025-03-02', '1250.00'],
      [3, '1002', '2024-12-31', '2025-01-30', '480.50'],
      [5, 'AV-1', '2025-02-28', '2025-02-28', '-0.10'],
      [6, 'INV-4', '2025-02-28', '2025-03-30', '12.345'],
    ]);
    expect(rows[0]?.customerEmail).toBe('compta@dupont.fr');
    expect(rows[2]?.customerName).toBe('Claire Janssens');
    expect(rows[2]?.customerLanguage).toBe('fr');
    expect(rows[3]?.amount).toEqual({ amountMinor: 12345n, currency: 'KWD' });
  });

  it('rejects a number with more decimals than the currency, and reports sheet rows', async () => {
    const bytes = await buildInvoicesXlsx([
      header,
      [
        'ACME',
        'C1',
        'Dupont',
        'business',
        null,
        null,
        'FR',
        null,
        'INV-1',
        excelDate('2025-01-31'),
        excelDate('2025-03-02'),
        0.1 + 0.2,
        'EUR',
        null,
      ],
      [
        'ACME',
        'C1',
        'Dupont',
        'business',
        null,
        null,
        'FR',
        null,
        'INV-2',
        excelDate('2025-01-31'),
        '31/03/2025',
        12.5,
        'JPY',
        null,
      ],
      [
        'ACME',
        'C1',
        'Dupont',
        'business',
        null,
        null,
        'FR',
        null,
        'INV-1',
        45678,
        excelDate('2025-03-02'),
        10,
        'EUR',
        null,
      ],
    ]);
    const issues = issuesOf(await parseInvoiceFile(bytes));
    expect(where(issues)).toEqual(['2:amount', '3:due_date', '3:amount', '4:issue_date', '4:invoice_number']);
    expect(issues[0]?.message).toMatch(/"0.30000000000000004".*17 decimals but EUR allows at most 2/);
    expect(issues[1]?.message).toBe('invalid date "31/03/2025", expected YYYY-MM-DD');
    expect(issues[2]?.message).toMatch(/JPY has no decimals/);
  });

  it('names missing columns on the header row', async () => {
    const bytes = await buildInvoicesXlsx([header.filter((c) => c !== 'amount')]);
    expect(issuesOf(await parseInvoicesXlsx(bytes))).toEqual([
      { line: 1, field: 'amount', message: 'required column "amount" is missing from the header' },
    ]);
  });

  it('refuses bytes that are not a workbook', async () => {
    const notZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(issuesOf(await parseInvoiceFile(notZip))[0]?.message).toMatch(/not a readable XLSX/);
  });
});

describe('parseInvoiceFile', () => {
  it('detects CSV by default', async () => {
    const bytes = fixture('invoices-7.csv');
    expect(detectInvoiceFileKind(bytes)).toBe('csv');
    expect(rowsOf(await parseInvoiceFile(bytes))).toHaveLength(7);
    expect(detectInvoiceFileKind(new Uint8Array())).toBe('csv');
  });
});

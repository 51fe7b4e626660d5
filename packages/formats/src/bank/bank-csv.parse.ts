import { currencyExponent, isKnownCurrency, tryParseDate, type Money } from '@quittance/domain';
import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import { fallbackBankReference } from './bank-statement.check';
import type { BankEntry, StatementIssue, StatementParseResult } from './bank-statement.types';
import { normalizeIban } from './iban';
import { decodeStatementText } from './statement-text.decode';

/** How to read a bank's CSV export: its separators, date layout and which header names what. */
export type CsvBankMapping = {
  delimiter?: ',' | ';' | '\t';
  decimal: '.' | ',';
  dateFormat: 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'DD.MM.YYYY';
  /** Header names. Either `amount` (signed), or `credit` and/or `debit` (one filled per line). */
  columns: {
    bookingDate: string;
    valueDate?: string;
    amount?: string;
    credit?: string;
    debit?: string;
    currency?: string;
    reference: string;
    counterpartyName?: string;
    counterpartyIban?: string;
    remittance?: string | string[];
  };
  account: { iban: string; currency: string };
};

type Issues = StatementIssue[];

const DATE_LAYOUT: Record<CsvBankMapping['dateFormat'], RegExp> = {
  'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$/,
  'DD/MM/YYYY': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})$/,
  'DD.MM.YYYY': /^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})$/,
};

const readDate = (text: string, layout: CsvBankMapping['dateFormat']): string | null => {
  const groups = DATE_LAYOUT[layout].exec(text)?.groups;
  if (groups === undefined) return null;
  const iso = `${groups.y}-${(groups.m ?? '').padStart(2, '0')}-${(groups.d ?? '').padStart(2, '0')}`;
  return tryParseDate(iso) === undefined ? null : iso;
};

/**
 * A signed amount in minor units: an optional sign, digits optionally grouped by thousands with the
 * other separator or spaces ("1.234,56" when the decimal is ","), never more decimals than the
 * currency has.
 */
const readAmount = (
  text: string,
  decimal: CsvBankMapping['decimal'],
  currency: string,
): { ok: true; value: bigint } | { ok: false; message: string } => {
  const thousands = decimal === ',' ? '.' : ',';
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  const escape = (c: string): string => `\\${c}`;
  const pattern = new RegExp(
    `^([+-]?)(\\d{1,3}(?:${escape(thousands)}\\d{3})+|\\d+)(?:${escape(decimal)}(\\d+))?$`,
  );
  const match = pattern.exec(compact);
  if (match === null) {
    return { ok: false, message: `"${text}" is not an amount with "${decimal}" before the decimals` };
  }
  const [, sign = '', whole = '', fraction = ''] = match;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    return {
      ok: false,
      message: `"${text}" has ${fraction.length} decimals but ${currency} allows at most ${exponent}`,
    };
  }
  const magnitude = BigInt(whole.split(thousands).join('') + fraction.padEnd(exponent, '0'));
  return { ok: true, value: sign === '-' ? -magnitude : magnitude };
};

const checkMapping = (mapping: CsvBankMapping): Issues => {
  const issues: Issues = [];
  const problem = (message: string): void => {
    issues.push({ location: 'mapping', message });
  };
  const { columns } = mapping;
  const hasSplit = columns.credit !== undefined || columns.debit !== undefined;
  if (columns.amount === undefined && !hasSplit)
    problem('name the amount column, or the credit and debit columns');
  if (columns.amount !== undefined && hasSplit)
    problem('name either the amount column or the credit/debit columns, not both');
  if (normalizeIban(mapping.account.iban) === null)
    problem(`the account IBAN "${mapping.account.iban}" is not valid`);
  if (!isKnownCurrency(mapping.account.currency)) {
    problem(`"${mapping.account.currency}" is not an ISO 4217 currency`);
  }
  return issues;
};

type Row = { line: number; values: string[] };

const readRows = (
  text: string,
  delimiter: string,
): { ok: true; rows: Row[] } | { ok: false; issue: StatementIssue } => {
  const endLines: number[] = [];
  try {
    const records: string[][] = parseCsv(text, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      trim: true,
      on_record: (record: string[], context) => {
        endLines.push(context.lines);
        return record;
      },
    });
    // Every physical line belongs to one record, so a record starts on the line after the previous
    // one ended, even when a quoted field spans lines.
    return {
      ok: true,
      rows: records
        .map((values, i) => ({ values, line: i === 0 ? 1 : (endLines[i - 1] ?? 0) + 1 }))
        .filter((row) => row.values.some((value) => value !== '')),
    };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return {
      ok: false,
      issue: {
        location: `line ${(endLines.at(-1) ?? 0) + 1}`,
        message: `the file is not valid CSV: ${error.message}`,
      },
    };
  }
};

/**
 * Reads a bank's CSV export as one statement without balances, named
 * `csv:<IBAN>:<first booking date>:<last booking date>`. Every line is checked; on any problem
 * nothing is returned but the issues, each with its line.
 */
export const parseBankCsv = (content: string | Uint8Array, mapping: CsvBankMapping): StatementParseResult => {
  const mappingIssues = checkMapping(mapping);
  if (mappingIssues.length > 0) return { ok: false, issues: mappingIssues };
  const iban = normalizeIban(mapping.account.iban) ?? '';
  const currency = mapping.account.currency;

  const text = decodeStatementText(content);
  if (text.trim() === '')
    return { ok: false, issues: [{ location: 'line 1', message: 'the file is empty' }] };
  const read = readRows(text, mapping.delimiter ?? ',');
  if (!read.ok) return { ok: false, issues: [read.issue] };
  const [header, ...rows] = read.rows;
  if (header === undefined)
    return { ok: false, issues: [{ location: 'line 1', message: 'the file is empty' }] };

  const issues: Issues = [];
  const headerNames = header.values.map((name) => name.trim().toLowerCase());
  const columnIndex = (name: string | undefined): number | undefined => {
    if (name === undefined) return undefined;
    const index = headerNames.indexOf(name.trim().toLowerCase());
    if (index < 0) {
      issues.push({ location: `line ${header.line}`, message: `the header has no column "${name}"` });
      return undefined;
    }
    return index;
  };
  const { columns } = mapping;
  const at = {
    bookingDate: columnIndex(columns.bookingDate),
    valueDate: columnIndex(columns.valueDate),
    amount: columnIndex(columns.amount),
    credit: columnIndex(columns.credit),
    debit: columnIndex(columns.debit),
    currency: columnIndex(columns.currency),
    reference: columnIndex(columns.reference),
    counterpartyName: columnIndex(columns.counterpartyName),
    counterpartyIban: columnIndex(columns.counterpartyIban),
    remittance: (typeof columns.remittance === 'string'
      ? [columns.remittance]
      : (columns.remittance ?? [])
    ).map(columnIndex),
  };
  if (issues.length > 0) return { ok: false, issues };
  if (rows.length === 0) {
    return {
      ok: false,
      issues: [{ location: `line ${header.line}`, message: 'the file has a header but no lines' }],
    };
  }

  type Draft = Omit<BankEntry, 'bankReference'> & { reference: string | null };
  const drafts: Draft[] = [];
  for (const row of rows) {
    const location = `line ${row.line}`;
    const rowIssues = issues.length;
    const problem = (message: string): void => {
      issues.push({ location, message });
    };
    const cell = (index: number | undefined): string =>
      index === undefined ? '' : (row.values[index] ?? '').trim();
    if (row.values.length > header.values.length) {
      problem(
        `the line has ${row.values.length} fields but the header has ${header.values.length}; is a value containing the delimiter missing its quotes?`,
      );
      continue;
    }

    const date = (index: number | undefined, name: string, required: boolean): string | null => {
      const value = cell(index);
      if (value === '') {
        if (required) problem(`${name} is empty`);
        return null;
      }
      const iso = readDate(value, mapping.dateFormat);
      if (iso === null) problem(`${name} "${value}" is not a date ${mapping.dateFormat}`);
      return iso;
    };
    const bookingDate = date(at.bookingDate, columns.bookingDate, true);
    const valueDate = date(at.valueDate, columns.valueDate ?? '', false);

    const rowCurrency = cell(at.currency);
    if (rowCurrency !== '' && rowCurrency.toUpperCase() !== currency) {
      problem(`the line is in ${rowCurrency}, the account in ${currency}`);
    }

    // Credit minus debit, as a signed amount.
    let signed: bigint | null = null;
    const amount = (index: number | undefined, name: string): bigint | null => {
      const value = cell(index);
      if (value === '') return null;
      const parsed = readAmount(value, mapping.decimal, currency);
      if (!parsed.ok) {
        problem(`${name}: ${parsed.message}`);
        return null;
      }
      return parsed.value;
    };
    if (columns.amount !== undefined) {
      signed = amount(at.amount, columns.amount);
      if (signed === null && cell(at.amount) === '') problem(`${columns.amount} is empty`);
    } else {
      const credit = amount(at.credit, columns.credit ?? '');
      const debit = amount(at.debit, columns.debit ?? '');
      const given = [credit, debit].filter((value) => value !== null && value !== 0n);
      if (given.length === 2) problem('both the credit and the debit column are filled');
      else if (credit !== null && credit !== 0n) signed = credit;
      // A debit column holds the amount taken out, written with or without a minus.
      else if (debit !== null && debit !== 0n) signed = debit < 0n ? debit : -debit;
      else if (issues.length === rowIssues) problem('neither the credit nor the debit column has an amount');
    }
    if (signed === 0n) problem('the amount is zero');

    if (issues.length > rowIssues || bookingDate === null || signed === null) continue;
    const remittance = at.remittance.map(cell).filter((value) => value !== '');
    const money: Money = { amountMinor: signed < 0n ? -signed : signed, currency };
    const reference = cell(at.reference);
    drafts.push({
      location,
      reference: reference === '' ? null : reference,
      bookingDate,
      valueDate,
      direction: signed < 0n ? 'debit' : 'credit',
      amount: money,
      status: 'booked',
      reversal: false,
      transactions: [
        {
          amount: money,
          endToEndId: null,
          instructionId: null,
          accountServicerReference: reference === '' ? null : reference,
          counterparty: {
            name: cell(at.counterpartyName) === '' ? null : cell(at.counterpartyName),
            // A domestic account number is not an IBAN; it is left out rather than passed on as one.
            iban: normalizeIban(cell(at.counterpartyIban)),
            bic: null,
          },
          remittance: { structured: [], unstructured: remittance },
          returnReason: null,
        },
      ],
    });
  }
  if (issues.length > 0) return { ok: false, issues };

  const dates = drafts.map((draft) => draft.bookingDate).sort();
  const id = `csv:${iban}:${dates[0] ?? ''}:${dates.at(-1) ?? ''}`;
  const entries: BankEntry[] = drafts.map(({ reference, ...entry }, index) => ({
    ...entry,
    bankReference: reference ?? fallbackBankReference(id, entry, index),
  }));
  return {
    ok: true,
    statements: [
      {
        format: 'csv',
        id,
        account: { iban, otherId: null, currency, bic: null, ownerName: null },
        createdAt: null,
        openingBalance: null,
        closingBalance: null,
        entries,
      },
    ],
  };
};

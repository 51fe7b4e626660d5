import { currencyExponent, isKnownCurrency, tryParseDate } from '@quittance/domain';
import type { FileIssue } from '../invoices/invoice-table.validate';
import { FEC_COLUMNS, type FecColumn, type FecLine } from './fec.write';

export type ParsedFecLine = FecLine & {
  /** Physical line in the file (header = 1). */
  line: number;
};

export type FecParseResult = { ok: true; lines: ParsedFecLine[] } | { ok: false; issues: FileIssue[] };

export type FecParseOptions = {
  /** Decimals of the book currency's amounts (Debit, Credit); 2 unless told. */
  exponent?: number;
};

// Columns the regulation requires on every line; the others may be empty.
const REQUIRED: readonly FecColumn[] = [
  'JournalCode',
  'JournalLib',
  'EcritureNum',
  'EcritureDate',
  'CompteNum',
  'CompteLib',
  'PieceRef',
  'PieceDate',
  'EcritureLib',
  'ValidDate',
];

const FEC_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const AMOUNT = /^(-?)(\d+)(?:[,.](\d+))?$/;

type Cell = { ok: true; value: string } | { ok: false; message: string };
type AmountCell = { ok: true; value: bigint } | { ok: false; message: string };

const parseFecDate = (text: string): Cell => {
  const match = FEC_DATE.exec(text);
  const iso = match === null ? '' : `${match[1]}-${match[2]}-${match[3]}`;
  if (match === null || tryParseDate(iso) === undefined) {
    return { ok: false, message: `"${text}" is not a date written AAAAMMJJ` };
  }
  return { ok: true, value: iso };
};

// Comma decimals as the regulation says; a dot is read too, as many exports use it. Never a
// thousands separator, never more decimals than the currency has.
const parseAmount = (text: string, exponent: number): AmountCell => {
  if (text === '') return { ok: true, value: 0n };
  const match = AMOUNT.exec(text);
  if (match === null) {
    return {
      ok: false,
      message: `"${text}" is not an amount (digits, a comma before the decimals, no thousands separator)`,
    };
  }
  const [, sign = '', whole = '', fraction = ''] = match;
  if (fraction.length > exponent) {
    return { ok: false, message: `"${text}" has ${fraction.length} decimals, at most ${exponent} expected` };
  }
  const magnitude = BigInt(whole + fraction.padEnd(exponent, '0'));
  return { ok: true, value: sign === '-' ? -magnitude : magnitude };
};

const splitLines = (text: string): string[] => text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);

const checkHeader = (header: string, lineNo: number): { separator: string } | { issues: FileIssue[] } => {
  const separator = header.includes('\t') ? '\t' : header.includes('|') ? '|' : null;
  if (separator === null) {
    return {
      issues: [
        {
          line: lineNo,
          field: undefined,
          message: 'the header must list the 18 FEC columns separated by tabs or "|"',
        },
      ],
    };
  }
  const names = header.split(separator).map((name) => name.trim());
  if (names.some((name) => name.toLowerCase() === 'sens')) {
    return {
      issues: [
        {
          line: lineNo,
          field: undefined,
          message: 'the Montant/Sens variant of the FEC is not supported; use the Debit/Credit columns',
        },
      ],
    };
  }
  const issues: FileIssue[] = [];
  FEC_COLUMNS.forEach((expected, i) => {
    const found = names[i];
    if (found === undefined) {
      issues.push({
        line: lineNo,
        field: expected,
        message: `column ${i + 1} should be ${expected}, it is missing`,
      });
    } else if (found.toLowerCase() !== expected.toLowerCase()) {
      issues.push({
        line: lineNo,
        field: expected,
        message: `column ${i + 1} should be ${expected}, found "${found}"`,
      });
    }
  });
  if (names.length > FEC_COLUMNS.length) {
    issues.push({
      line: lineNo,
      field: undefined,
      message: `${names.length} columns in the header, 18 expected`,
    });
  }
  return issues.length === 0 ? { separator } : { issues };
};

const parseLine = (
  cells: readonly string[],
  lineNo: number,
  exponent: number,
): { line: ParsedFecLine | null; issues: FileIssue[] } => {
  const issues: FileIssue[] = [];
  const problem = (field: FecColumn | undefined, message: string): void => {
    issues.push({ line: lineNo, field, message });
  };
  if (cells.length !== FEC_COLUMNS.length) {
    problem(undefined, `${cells.length} fields, 18 expected`);
    return { line: null, issues };
  }
  const raw = Object.fromEntries(FEC_COLUMNS.map((column, i) => [column, (cells[i] ?? '').trim()])) as Record<
    FecColumn,
    string
  >;
  const optional = (column: FecColumn): string | null => (raw[column] === '' ? null : raw[column]);

  for (const column of REQUIRED) if (raw[column] === '') problem(column, `${column} is empty`);

  const date = (column: FecColumn): string | null => {
    if (raw[column] === '') return null;
    const parsed = parseFecDate(raw[column]);
    if (parsed.ok) return parsed.value;
    problem(column, parsed.message);
    return null;
  };
  const ecritureDate = date('EcritureDate');
  const pieceDate = date('PieceDate');
  const validDate = date('ValidDate');
  const dateLet = date('DateLet');

  const amount = (column: 'Debit' | 'Credit' | 'Montantdevise', decimals: number): bigint => {
    const parsed = parseAmount(raw[column], decimals);
    if (!parsed.ok) {
      problem(column, parsed.message);
      return 0n;
    }
    return parsed.value;
  };
  const debitMinor = amount('Debit', exponent);
  const creditMinor = amount('Credit', exponent);

  if ((raw.CompAuxNum === '') !== (raw.CompAuxLib === '')) {
    problem(raw.CompAuxNum === '' ? 'CompAuxNum' : 'CompAuxLib', 'CompAuxNum and CompAuxLib go together');
  }

  const idevise = optional('Idevise')?.toUpperCase() ?? null;
  let deviseExponent: number | null = null;
  let montantDeviseMinor: bigint | null = null;
  if ((raw.Montantdevise === '') !== (idevise === null)) {
    problem(idevise === null ? 'Idevise' : 'Montantdevise', 'Montantdevise and Idevise go together');
  } else if (idevise !== null) {
    if (isKnownCurrency(idevise)) {
      deviseExponent = currencyExponent(idevise);
      montantDeviseMinor = amount('Montantdevise', deviseExponent);
    } else {
      problem('Idevise', `"${idevise}" is not an ISO 4217 currency code`);
    }
  }

  if (issues.length > 0 || ecritureDate === null || pieceDate === null || validDate === null) {
    return { line: null, issues };
  }
  return {
    line: {
      line: lineNo,
      journalCode: raw.JournalCode,
      journalLib: raw.JournalLib,
      ecritureNum: raw.EcritureNum,
      ecritureDate,
      compteNum: raw.CompteNum,
      compteLib: raw.CompteLib,
      compAuxNum: optional('CompAuxNum'),
      compAuxLib: optional('CompAuxLib'),
      pieceRef: raw.PieceRef,
      pieceDate,
      ecritureLib: raw.EcritureLib,
      debitMinor,
      creditMinor,
      exponent,
      ecritureLet: optional('EcritureLet'),
      dateLet,
      validDate,
      montantDeviseMinor,
      deviseExponent,
      idevise,
    },
    issues,
  };
};

/**
 * Reads a FEC (tab or "|" separated, header line, Debit/Credit variant). Every problem is
 * reported with its line and column; a file with any problem yields no lines at all.
 */
export const parseFec = (text: string, options: FecParseOptions = {}): FecParseResult => {
  const exponent = options.exponent ?? 2;
  const physical = splitLines(text);
  const headerIndex = physical.findIndex((line) => line.trim() !== '');
  if (headerIndex === -1)
    return { ok: false, issues: [{ line: 1, field: undefined, message: 'the file is empty' }] };

  const header = checkHeader(physical[headerIndex] ?? '', headerIndex + 1);
  if ('issues' in header) return { ok: false, issues: header.issues };

  const lines: ParsedFecLine[] = [];
  const issues: FileIssue[] = [];
  physical.forEach((text, index) => {
    if (index <= headerIndex || text.trim() === '') return;
    const parsed = parseLine(text.split(header.separator), index + 1, exponent);
    issues.push(...parsed.issues);
    if (parsed.line !== null) lines.push(parsed.line);
  });
  return issues.length === 0 ? { ok: true, lines } : { ok: false, issues };
};

export type FecImbalance = { journalCode: string; ecritureNum: string; debit: bigint; credit: bigint };

/**
 * The entries whose debits and credits differ, in file order. An entry is a journal code and an
 * EcritureNum, since some software numbers entries per journal.
 */
export const checkFecBalances = (
  lines: readonly Pick<FecLine, 'journalCode' | 'ecritureNum' | 'debitMinor' | 'creditMinor'>[],
): FecImbalance[] => {
  const totals = new Map<string, FecImbalance>();
  for (const line of lines) {
    const key = `${line.journalCode}\u0000${line.ecritureNum}`;
    const total = totals.get(key) ?? {
      journalCode: line.journalCode,
      ecritureNum: line.ecritureNum,
      debit: 0n,
      credit: 0n,
    };
    totals.set(key, {
      ...total,
      debit: total.debit + line.debitMinor,
      credit: total.credit + line.creditMinor,
    });
  }
  return [...totals.values()].filter((total) => total.debit !== total.credit);
};

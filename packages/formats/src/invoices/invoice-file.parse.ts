import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import {
  readHeader,
  validateInvoiceRecords,
  type FileIssue,
  type InvoiceFileResult,
  type RawInvoiceRecord,
} from './invoice-table.validate';

export type { FileIssue, InvoiceFileResult, InvoiceRow } from './invoice-table.validate';

const failure = (line: number, message: string): InvoiceFileResult => ({
  ok: false,
  issues: [{ line, field: undefined, message }],
});

const isBlank = (values: readonly string[]): boolean => values.every((value) => value.trim() === '');

// Header and data rows as cell texts with their physical line, whatever the file kind.
type Table = { headerLine: number; header: readonly string[]; records: RawInvoiceRecord[] };

const validateTable = (table: Table, extraIssues: readonly FileIssue[] = []): InvoiceFileResult => {
  const header = readHeader(table.header, table.headerLine);
  if (!header.ok) return { ok: false, issues: header.issues };
  if (table.records.length === 0)
    return failure(table.headerLine, 'the file has a header but no invoice rows');
  const result = validateInvoiceRecords(header.columns, table.records);
  if (extraIssues.length === 0) return result;
  const issues = [...extraIssues, ...(result.ok ? [] : result.issues)];
  return { ok: false, issues: issues.sort((a, b) => a.line - b.line) };
};

const decodeUtf8 = (bytes: Uint8Array): { ok: true; text: string } | { ok: false; line: number } => {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const bad = lenient.indexOf('\uFFFD');
    return { ok: false, line: lenient.slice(0, Math.max(bad, 0)).split('\n').length };
  }
};

// The header decides: whichever of `;` and `,` it uses more often outside quotes.
const detectDelimiter = (text: string): ',' | ';' => {
  const headerLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
};

/** Reads the CSV invoice import file (UTF-8, `,` or `;`, header row) and validates every row. */
export const parseInvoicesCsv = (content: string | Uint8Array): InvoiceFileResult => {
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    const decoded = decodeUtf8(content);
    if (!decoded.ok) return failure(decoded.line, 'the file is not UTF-8 text (save it as "CSV UTF-8")');
    text = decoded.text;
  }
  // One line ending, so that the parser's line count is the physical line number even inside
  // multi-line quoted fields.
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return failure(1, 'the file is empty');

  const endLines: number[] = [];
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter: detectDelimiter(text),
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      trim: true,
      on_record: (record: string[], context) => {
        endLines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // The parser reports where it gave up (the end of the file for an unclosed quote); the user
    // needs the line where the broken record starts.
    const line = (endLines.at(-1) ?? 0) + 1;
    return failure(
      line,
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'the file is not valid CSV: a quoted field starting on this line is never closed'
        : `the file is not valid CSV: ${error.message}`,
    );
  }

  // Every physical line belongs to exactly one record (empty lines too), so a record starts on
  // the line after the previous one ended.
  const lines = records.map((values, i) => ({ values, line: i === 0 ? 1 : (endLines[i - 1] ?? 0) + 1 }));
  const nonBlank = lines.filter((record) => !isBlank(record.values));
  const [header, ...data] = nonBlank;
  if (header === undefined) return failure(1, 'the file is empty');

  const fieldCountIssues: FileIssue[] = data
    .filter((record) => record.values.length > header.values.length)
    .map((record) => ({
      line: record.line,
      field: undefined,
      message: `the line has ${record.values.length} fields but the header has ${header.values.length}; is a value containing the delimiter missing its quotes?`,
    }));
  return validateTable({ headerLine: header.line, header: header.values, records: data }, fieldCountIssues);
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

// Cell values as the user sees them. Dates are calendar dates stored at UTC midnight by exceljs;
// numbers keep their shortest decimal form so that parseMoney, not a float, decides.
const cellText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    return `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1, 2)}-${pad(value.getUTCDate(), 2)}`;
  }
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) {
    const linkText: unknown = value.text;
    if (typeof linkText === 'string') return linkText;
    if (typeof linkText === 'object' && linkText !== null && 'richText' in linkText) {
      return cellText(linkText as ExcelJS.CellRichTextValue);
    }
    return value.hyperlink;
  }
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return '';
};

/** Reads the first worksheet of an XLSX invoice import file; its first row is the header. */
export const parseInvoicesXlsx = async (content: Uint8Array): Promise<InvoiceFileResult> => {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; a copy gives one whatever backs `content`.
    await workbook.xlsx.load(content.slice().buffer);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failure(1, `the file is not a readable XLSX workbook: ${message}`);
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) return failure(1, 'the workbook has no worksheet');

  const rows: RawInvoiceRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1)
      values.push(cellText(row.getCell(column).value));
    rows.push({ line: rowNumber, values });
  });
  const nonBlank = rows.filter((row) => !isBlank(row.values));
  const [header, ...data] = nonBlank;
  if (header === undefined) return failure(1, 'the first worksheet is empty');
  return validateTable({ headerLine: header.line, header: header.values, records: data });
};

/** `xlsx` when the bytes start with the ZIP signature "PK\x03\x04", else `csv`. */
export const detectInvoiceFileKind = (content: Uint8Array): 'xlsx' | 'csv' =>
  content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04 ? 'xlsx' : 'csv';

/** Reads an invoice import file of either kind, detected from its content. */
export const parseInvoiceFile = async (content: Uint8Array): Promise<InvoiceFileResult> =>
  detectInvoiceFileKind(content) === 'xlsx' ? parseInvoicesXlsx(content) : parseInvoicesCsv(content);

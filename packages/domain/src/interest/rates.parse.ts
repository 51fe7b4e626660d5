import { tryParseDate } from '../calendar/calendar';
import { DomainError } from '../shared/domain-error';
import type { RateSeries, ReferenceRate } from './reference-rates';

/** The published rate files; the French one carries two series (individual / other creditors). */
export type RateFileKind = 'ecb-mro' | 'de-basiszinssatz' | 'uk-bank-rate' | 'fr-legal';

export type RateFileProblem = { line: number; message: string };

type Layout = { header: readonly string[]; series: readonly RateSeries[]; semesterDates: boolean };

const LAYOUTS: Record<RateFileKind, Layout> = {
  'ecb-mro': {
    header: ['effective_from', 'rate_percent', 'source'],
    series: ['ecb-mro'],
    semesterDates: false,
  },
  'de-basiszinssatz': {
    header: ['effective_from', 'rate_percent', 'source'],
    series: ['de-basiszinssatz'],
    semesterDates: true,
  },
  'uk-bank-rate': {
    header: ['effective_from', 'rate_percent', 'source'],
    series: ['uk-bank-rate'],
    semesterDates: false,
  },
  'fr-legal': {
    header: ['semester_from', 'individual_creditor_percent', 'other_creditors_percent', 'source'],
    series: ['fr-legal-individual', 'fr-legal-other'],
    semesterDates: true,
  },
};

const RATE = /^-?\d+(\.\d+)?$/;

// Comma-separated with optional double quotes ("" inside quotes is a quote).
const splitCsvLine = (line: string): string[] | undefined => {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields.map((value) => value.trim());
};

/**
 * Parses one published rate file into its rows, oldest first. Reports every problem with its
 * line number in one `invalid_rate_file` error (details.problems) and returns nothing then.
 */
export const parseRateCsv = (kind: RateFileKind, text: string): ReferenceRate[] => {
  const layout = LAYOUTS[kind];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: RateFileProblem[] = [];
  const rows: ReferenceRate[] = [];
  const header = splitCsvLine(lines[0] ?? '');
  if (header?.join(',') !== layout.header.join(',')) {
    problems.push({ line: 1, message: `expected the header "${layout.header.join(',')}"` });
  }
  const rateColumns = layout.series.length;
  let previous: string | undefined;
  lines.slice(1).forEach((raw, index) => {
    const line = index + 2;
    if (raw.trim() === '') return;
    const fields = splitCsvLine(raw);
    if (fields === undefined) {
      problems.push({ line, message: 'unterminated quoted field' });
      return;
    }
    if (fields.length < rateColumns + 1) {
      problems.push({ line, message: `expected ${layout.header.length} columns, got ${fields.length}` });
      return;
    }
    // Unquoted commas in the free-text source are kept as part of it.
    const [date = '', ...rest] = fields;
    const values = rest.slice(0, rateColumns);
    const source = rest.slice(rateColumns).join(', ');
    const parsed = tryParseDate(date);
    if (parsed === undefined) {
      problems.push({ line, message: `invalid date "${date}", expected YYYY-MM-DD` });
    } else {
      if (layout.semesterDates && !(parsed.day === 1 && (parsed.month === 1 || parsed.month === 7))) {
        problems.push({ line, message: `${date} is not the start of a semester (1 January or 1 July)` });
      }
      if (previous !== undefined && date <= previous) {
        problems.push({ line, message: `${date} is not after the previous row (${previous})` });
      }
      previous = date;
    }
    values.forEach((value, column) => {
      if (!RATE.test(value)) {
        problems.push({ line, message: `invalid rate "${value}" in ${layout.header[column + 1] ?? ''}` });
      }
    });
    if (source === '') problems.push({ line, message: 'the source is empty' });
    layout.series.forEach((series, column) => {
      rows.push({ series, effectiveFrom: date, ratePercent: values[column] ?? '', source });
    });
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 1, message: 'no rate rows' });
  if (problems.length > 0) {
    throw new DomainError(
      'invalid_rate_file',
      `invalid ${kind} rate file: ${problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`,
      { kind, problems },
    );
  }
  return rows;
};

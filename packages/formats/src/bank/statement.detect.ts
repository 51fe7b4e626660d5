import { parseBankCsv, type CsvBankMapping } from './bank-csv.parse';
import type { StatementFormat, StatementParseResult } from './bank-statement.types';
import { detectCamtFormat, parseCamt } from './camt.parse';
import { parseMt940 } from './mt940.parse';
import { decodeStatementText } from './statement-text.decode';

const looksLikeXml = (text: string): boolean => /^\s*</.test(text);

// A :20: field at the start of a line, possibly right after the "{4:" of a SWIFT message block.
const MT940_START = /(?:^|\n|\{4:\n?)[ \t]*:20:/;

/**
 * The format of a bank file, from its content: a camt namespace, or a :20: field starting a line
 * for MT940. Null otherwise: a CSV export can only be read with a column mapping.
 */
export const detectStatementFormat = (content: Uint8Array | string): StatementFormat | null => {
  const text = decodeStatementText(content);
  if (looksLikeXml(text)) return detectCamtFormat(text);
  return MT940_START.test(text) ? 'mt940' : null;
};

export type ParseBankStatementOptions = { csvMapping?: CsvBankMapping };

/** Reads a camt.053/054 or MT940 file, or a CSV export when a mapping is given. */
export const parseBankStatement = (
  content: Uint8Array | string,
  options: ParseBankStatementOptions = {},
): StatementParseResult => {
  const text = decodeStatementText(content);
  // XML always goes to the camt reader, which says what is wrong with an unknown document.
  if (looksLikeXml(text)) return parseCamt(text);
  if (MT940_START.test(text)) return parseMt940(text);
  if (options.csvMapping !== undefined) return parseBankCsv(text, options.csvMapping);
  return {
    ok: false,
    issues: [
      {
        location: 'line 1',
        message: 'not a camt.053/camt.054 (XML) or MT940 statement; a CSV bank export needs a column mapping',
      },
    ],
  };
};

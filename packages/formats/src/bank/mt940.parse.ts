import {
  currencyExponent,
  daysBetween,
  isKnownCurrency,
  parseDate,
  tryParseDate,
  tryParseMoney,
  type Money,
} from '@quittance/domain';
import { checkStatementBalance, fallbackBankReference } from './bank-statement.check';
import type {
  BankEntry,
  BankStatement,
  BankTransaction,
  StatementIssue,
  StatementParseResult,
} from './bank-statement.types';
import { isValidBic, normalizeIban } from './iban';
import { decodeStatementText } from './statement-text.decode';

// Reads SWIFT MT940 customer statements as banks export them: bare fields, or inside {1:…}{2:…}
// {4: … -} message blocks, one or several statements per file, each starting at its :20: field.

type Issues = StatementIssue[];

/** One field (":61:…") with its continuation lines and the physical line it starts on. */
type Field = { tag: string; lines: string[]; line: number };

const FIELD = /^:(\d{2}[A-Z]?):(.*)$/;

// Message envelope lines: "{1:F01…}{2:O940…}{4:", "-}", "-}{5:{CHK:…}}", "-". A field may follow
// "{4:" on the same line.
const ENVELOPE = /^(?:\{[1-5]:.*|-\}.*|-|\})$/;

const splitFields = (text: string): Field[] => {
  const fields: Field[] = [];
  let current: Field | null = null;
  text.split('\n').forEach((raw, i) => {
    const lineNo = i + 1;
    let line = raw.trimEnd();
    const afterBlock4 = /\{4:(:.*)$/.exec(line);
    if (afterBlock4?.[1] !== undefined) line = afterBlock4[1];
    else if (ENVELOPE.test(line.trim())) {
      current = null;
      return;
    }
    const match = FIELD.exec(line);
    if (match !== null) {
      current = { tag: match[1] ?? '', lines: [match[2] ?? ''], line: lineNo };
      fields.push(current);
    } else if (current !== null && line.trim() !== '') {
      current.lines.push(line);
    }
    // Anything before the first field (bank headers such as "ABNANL2A" / "940") is not ours.
  });
  return fields;
};

// YYMMDD; SWIFT years are 20YY up to 2079.
const parseSwiftDate = (yymmdd: string): string | null => {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const iso = `${yy < 80 ? 2000 + yy : 1900 + yy}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  return tryParseDate(iso) === undefined ? null : iso;
};

// The entry date has no year: of the previous, same and next year, the one closest to the value
// date (entry 1231 with value date 240102 is 2023-12-31; entry 0102 with value 231231 is 2024-01-02).
const entryDateNear = (mmdd: string, valueDate: string): string | null => {
  const year = Number(valueDate.slice(0, 4));
  const value = parseDate(valueDate);
  const candidates = [year - 1, year, year + 1]
    .map((y) => `${y}-${mmdd.slice(0, 2)}-${mmdd.slice(2, 4)}`)
    .filter((iso) => tryParseDate(iso) !== undefined);
  let best: string | null = null;
  for (const candidate of candidates) {
    const distance = Math.abs(daysBetween(value, parseDate(candidate)));
    if (best === null || distance < Math.abs(daysBetween(value, parseDate(best)))) best = candidate;
  }
  return best;
};

const SWIFT_AMOUNT = /^\d+,\d*$/;

// "1234,56" (comma decimals, no sign, no thousands separator) read exactly.
const parseSwiftAmount = (
  text: string,
  currency: string,
): { ok: true; value: Money } | { ok: false; message: string } => {
  if (!SWIFT_AMOUNT.test(text)) {
    return { ok: false, message: `"${text}" is not an MT940 amount (digits, a comma, decimals: 1234,56)` };
  }
  const [whole = '', fraction = ''] = text.split(',');
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    return {
      ok: false,
      message: `"${text}" has ${fraction.length} decimals but ${currency} allows at most ${exponent}`,
    };
  }
  const parsed = tryParseMoney(fraction === '' ? whole : `${whole}.${fraction}`, currency);
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, message: parsed.reason };
};

type Balance = { amount: Money; line: number };

const BALANCE = /^([CD])(\d{6})([A-Z]{3})(.*)$/;

const readBalance = (field: Field, issues: Issues): Balance | null => {
  const value = (field.lines[0] ?? '').trim();
  const problem = (message: string): null => {
    issues.push({ location: `line ${field.line}`, message: `:${field.tag}: ${message}` });
    return null;
  };
  const match = BALANCE.exec(value);
  if (match === null) {
    return problem(
      `"${value}" is not a balance: C or D, the date YYMMDD, the currency and the amount, e.g. C240301EUR1000,00`,
    );
  }
  const [, mark = '', date = '', currency = '', amountText = ''] = match;
  if (parseSwiftDate(date) === null) return problem(`"${date}" is not a date YYMMDD`);
  if (!isKnownCurrency(currency)) return problem(`"${currency}" is not an ISO 4217 currency`);
  const amount = parseSwiftAmount(amountText, currency);
  if (!amount.ok) return problem(amount.message);
  const signed = mark === 'D' ? -amount.value.amountMinor : amount.value.amountMinor;
  return { amount: { amountMinor: signed, currency }, line: field.line };
};

type Account = Pick<BankStatement['account'], 'iban' | 'otherId' | 'bic'> & { currency: string | null };

// ":25:" is an IBAN, or a bank code and account number ("10020030/1234567890"), sometimes with
// the BIC in front ("ABNANL2A/…") or the currency behind ("NL91ABNA0417164300EUR").
const readAccount = (value: string): Account => {
  let rest = value.replace(/\s+/g, '');
  let bic: string | null = null;
  const slash = rest.indexOf('/');
  if (slash > 0 && isValidBic(rest.slice(0, slash))) {
    bic = rest.slice(0, slash).toUpperCase();
    rest = rest.slice(slash + 1);
  }
  const whole = normalizeIban(rest);
  if (whole !== null) return { iban: whole, otherId: null, bic, currency: null };
  const suffix = rest.slice(-3).toUpperCase();
  const hasCurrency = rest.length > 3 && /^[A-Z]{3}$/.test(suffix) && isKnownCurrency(suffix);
  const body = hasCurrency ? rest.slice(0, -3) : rest;
  const iban = normalizeIban(body);
  return {
    iban,
    otherId: iban === null ? body : null,
    bic,
    currency: hasCurrency ? suffix : null,
  };
};

type Information = {
  name: string | null;
  iban: string | null;
  bic: string | null;
  endToEndId: string | null;
  structured: string[];
  unstructured: string[];
  returnReason: string | null;
};

const emptyInformation = (): Information => ({
  name: null,
  iban: null,
  bic: null,
  endToEndId: null,
  structured: [],
  unstructured: [],
  returnReason: null,
});

const NOT_PROVIDED = new Set(['NOTPROVIDED', 'NONREF', 'NONE']);
const meaningful = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' || NOT_PROVIDED.has(trimmed.toUpperCase()) ? null : trimmed;
};
const ibanOrNull = (value: string | null | undefined): string | null =>
  value === null || value === undefined ? null : normalizeIban(value);
const bicOrNull = (value: string | null | undefined): string | null =>
  value !== null && value !== undefined && isValidBic(value) ? value.trim().toUpperCase() : null;
const returnCode = (value: string | null | undefined): string | null =>
  /^[A-Z]{2}\d{2}\b/.exec(value?.trim() ?? '')?.[0] ?? null;

// German "SEPA" keywords inside the ?20–?29 purpose lines: EREF+ end-to-end id, SVWZ+ remittance…
const SEPA_KEYWORD = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|COAM|OAMT|BREF|RTRN)\+/g;

// The German (DK) layout: a 3-digit transaction code, then ?NN subfields.
const readQuestionMarkFields = (text: string): Information => {
  const info = emptyInformation();
  const subfields = new Map<string, string>();
  const purpose: string[] = [];
  const parts = text.split(/\?(\d{2})/);
  for (let i = 1; i < parts.length; i += 2) {
    const code = parts[i] ?? '';
    const value = parts[i + 1] ?? '';
    subfields.set(code, (subfields.get(code) ?? '') + value);
    const n = Number(code);
    if ((n >= 20 && n <= 29) || (n >= 60 && n <= 63)) purpose.push(value);
  }
  info.bic = bicOrNull(subfields.get('30'));
  info.iban = ibanOrNull(subfields.get('31'));
  // ?32 and ?33 are one name cut at 27 characters; a shorter ?32 ended at a word.
  const name32 = subfields.get('32') ?? '';
  const name33 = subfields.get('33') ?? '';
  info.name = meaningful(name32.length >= 27 ? `${name32}${name33}` : `${name32} ${name33}`);

  const joined = purpose.join('');
  const keywords = [...joined.matchAll(SEPA_KEYWORD)];
  if (keywords.length === 0) {
    info.unstructured = purpose.map((part) => part.trim()).filter((part) => part !== '');
    return info;
  }
  keywords.forEach((match, k) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = keywords[k + 1]?.index ?? joined.length;
    const value = joined.slice(start, end).trim();
    if (match[1] === 'EREF') info.endToEndId = meaningful(value);
    else if (match[1] === 'SVWZ' && value !== '') info.unstructured.push(value);
    else if (match[1] === 'RTRN') info.returnReason = returnCode(value);
  });
  const before = joined.slice(0, keywords[0]?.index ?? 0).trim();
  if (before !== '') info.unstructured.unshift(before);
  return info;
};

// The "/KEYWORD/value" layout of SWIFT's and the Dutch banks' structured :86:.
// prettier-ignore
const SLASH_KEYWORDS = [
  'TRTP', 'IBAN', 'BIC', 'NAME', 'REMI', 'EREF', 'MARF', 'CSID', 'PREF', 'RTRN', 'ORDP', 'BENM',
  'ADDR', 'CNTP', 'ULTC', 'ULTD', 'ULTB', 'PURP', 'ISDT', 'SVCL', 'CDTRREF', 'CDTRREFTP', 'ID', 'BUSP',
  'INST', 'ACCW', 'IREF', 'EXCH', 'CHGS', 'OCMT',
];
const SLASH_KEYWORD = new RegExp(`/(${SLASH_KEYWORDS.join('|')})/`, 'g');
const STARTS_WITH_SLASH_KEYWORD = new RegExp(`^/(${SLASH_KEYWORDS.join('|')})/`);

const readSlashKeywords = (text: string): Information => {
  const info = emptyInformation();
  const matches = [...text.matchAll(SLASH_KEYWORD)];
  matches.forEach((match, k) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = matches[k + 1]?.index ?? text.length;
    const value = text.slice(start, end).replace(/\/+$/, '').trim();
    switch (match[1]) {
      case 'EREF':
        info.endToEndId = meaningful(value);
        break;
      case 'NAME':
        info.name ??= meaningful(value);
        break;
      case 'IBAN':
        info.iban ??= ibanOrNull(value);
        break;
      case 'BIC':
        info.bic ??= bicOrNull(value);
        break;
      case 'RTRN':
        info.returnReason = returnCode(value);
        break;
      case 'CNTP': {
        // CNTP/account/BIC/name/city
        const [account, bic, name] = value.split('/');
        info.iban ??= ibanOrNull(account);
        info.bic ??= bicOrNull(bic);
        info.name ??= meaningful(name);
        break;
      }
      case 'REMI': {
        // REMI/USTD//free text, REMI/STRD/CUR/reference, or the text itself.
        const structured = /^STRD\/[A-Z]*\/(.+)$/.exec(value);
        if (structured?.[1] !== undefined) info.structured.push(structured[1].trim());
        else {
          const free = value.replace(/^USTD\/\//, '').trim();
          if (free !== '') info.unstructured.push(free);
        }
        break;
      }
      default:
        break;
    }
  });
  return info;
};

/**
 * What an :86: line tells about the transaction. Subfield layouts are joined without separator,
 * as banks cut them at a fixed width; free text is joined with spaces, as banks cut it at words.
 */
const readInformation = (lines: readonly string[]): Information => {
  const joined = lines.join('');
  if (/^\d{3}\?\d{2}/.test(joined) || /^\?\d{2}/.test(joined)) return readQuestionMarkFields(joined);
  if (STARTS_WITH_SLASH_KEYWORD.test(joined.trim())) return readSlashKeywords(joined.trim());
  const info = emptyInformation();
  const free = lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  if (free !== '') info.unstructured.push(free);
  return info;
};

type StatementLine = {
  line: number;
  valueDate: string;
  bookingDate: string;
  direction: BankEntry['direction'];
  reversal: boolean;
  amountText: string;
  customerReference: string | null;
  bankReference: string | null;
};

// :61: value date YYMMDD, [entry date MMDD], C/D/RC/RD, [funds code], amount, N+3 type code,
// customer reference[//bank reference], [next line: supplementary details].
const readStatementLine = (field: Field, issues: Issues): StatementLine | null => {
  const value = (field.lines[0] ?? '').trim();
  const location = `line ${field.line}`;
  const problem = (message: string): null => {
    issues.push({ location, message: `:61: ${message}` });
    return null;
  };
  const head = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(.*?)([NFS][A-Z0-9]{3})(.*)$/.exec(value);
  if (head === null) {
    const date = /^\d{6}/.exec(value);
    if (date === null) return problem(`"${value.slice(0, 6)}" is not a value date YYMMDD`);
    return problem(
      `"${value}" is not a statement line: value date, [entry date], C/D/RC/RD, amount, transaction type (e.g. NTRF), reference`,
    );
  }
  const [, valueText = '', entryText, mark = '', , amountText = '', , rest = ''] = head;
  const valueDate = parseSwiftDate(valueText);
  if (valueDate === null) return problem(`"${valueText}" is not a value date YYMMDD`);
  let bookingDate = valueDate;
  if (entryText !== undefined) {
    const entryDate = entryDateNear(entryText, valueDate);
    if (entryDate === null) return problem(`"${entryText}" is not an entry date MMDD`);
    bookingDate = entryDate;
  }
  if (!SWIFT_AMOUNT.test(amountText)) {
    return problem(`"${amountText}" is not an MT940 amount (digits, a comma, decimals: 1234,56)`);
  }
  const separator = rest.indexOf('//');
  const customerReference = separator < 0 ? rest : rest.slice(0, separator);
  const bankReference = separator < 0 ? null : rest.slice(separator + 2);
  return {
    line: field.line,
    valueDate,
    bookingDate,
    // RC reverses a credit, so it takes money out; RD reverses a debit, so it brings money in.
    direction: mark === 'C' || mark === 'RD' ? 'credit' : 'debit',
    reversal: mark === 'RC' || mark === 'RD',
    amountText,
    customerReference: meaningful(customerReference),
    bankReference: meaningful(bankReference),
  };
};

type RawStatement = { fields: Field[]; line: number };

const groupStatements = (fields: readonly Field[], issues: Issues): RawStatement[] => {
  const statements: RawStatement[] = [];
  for (const field of fields) {
    if (field.tag === '20') statements.push({ fields: [field], line: field.line });
    else {
      const current = statements.at(-1);
      if (current === undefined) {
        issues.push({
          location: `line ${field.line}`,
          message: `field :${field.tag}: comes before any :20:`,
        });
      } else current.fields.push(field);
    }
  }
  return statements;
};

const readStatement = (raw: RawStatement, issues: Issues): BankStatement | null => {
  const issueCount = issues.length;
  const location = `line ${raw.line}`;
  const first = (...tags: string[]): Field | undefined =>
    raw.fields.find((field) => tags.includes(field.tag));
  const reference = (raw.fields[0]?.lines[0] ?? '').trim();
  if (reference === '') issues.push({ location, message: ':20: the transaction reference is empty' });
  const accountField = first('25', '25P');
  const sequenceField = first('28C', '28');
  const openingField = first('60F', '60M');
  const closingField = first('62F', '62M');
  const missing = (tag: string, what: string): void => {
    issues.push({ location, message: `the statement starting here has no :${tag}: (${what})` });
  };
  if (accountField === undefined) missing('25', 'account');
  if (sequenceField === undefined) missing('28C', 'statement number');
  if (openingField === undefined) missing('60F', 'opening balance');
  if (closingField === undefined) missing('62F', 'closing balance');
  const account = accountField === undefined ? null : readAccount(accountField.lines.join(''));
  const opening = openingField === undefined ? null : readBalance(openingField, issues);
  const closing = closingField === undefined ? null : readBalance(closingField, issues);
  const currency = opening?.amount.currency ?? closing?.amount.currency ?? account?.currency ?? null;
  if (opening !== null && closing !== null && opening.amount.currency !== closing.amount.currency) {
    issues.push({
      location: `line ${closing.line}`,
      message: `:${closingField?.tag ?? '62F'}: the closing balance is in ${closing.amount.currency} but the opening balance in ${opening.amount.currency}`,
    });
  }
  const sequence = (sequenceField?.lines[0] ?? '').trim();
  const id = `${reference}/${sequence}`;

  // Each :61: with the :86: right after it, if any.
  const lines: { statementLine: StatementLine; information: Information }[] = [];
  raw.fields.forEach((field, i) => {
    if (field.tag !== '61') return;
    const statementLine = readStatementLine(field, issues);
    const next = raw.fields[i + 1];
    const information = next?.tag === '86' ? readInformation(next.lines) : emptyInformation();
    if (statementLine !== null) lines.push({ statementLine, information });
  });

  const entries: BankEntry[] = [];
  for (const [index, { statementLine, information }] of lines.entries()) {
    // Without a readable balance the currency is unknown; the amounts are still checked for form.
    const amount = parseSwiftAmount(statementLine.amountText, currency ?? 'EUR');
    if (!amount.ok) {
      issues.push({ location: `line ${statementLine.line}`, message: `:61: ${amount.message}` });
      continue;
    }
    const transaction: BankTransaction = {
      amount: amount.value,
      // Banks put the payer's end-to-end id in the "reference for the account owner".
      endToEndId: information.endToEndId ?? statementLine.customerReference,
      instructionId: null,
      accountServicerReference: statementLine.bankReference,
      counterparty: { name: information.name, iban: information.iban, bic: information.bic },
      remittance: { structured: information.structured, unstructured: information.unstructured },
      returnReason: information.returnReason,
    };
    const entry = {
      bookingDate: statementLine.bookingDate,
      direction: statementLine.direction,
      amount: amount.value,
    };
    entries.push({
      location: `line ${statementLine.line}`,
      bankReference: statementLine.bankReference ?? fallbackBankReference(id, entry, index),
      bookingDate: statementLine.bookingDate,
      valueDate: statementLine.valueDate,
      direction: statementLine.direction,
      amount: amount.value,
      status: 'booked',
      reversal: statementLine.reversal,
      transactions: [transaction],
    });
  }
  if (issues.length > issueCount || account === null || currency === null) return null;

  const statement: BankStatement = {
    format: 'mt940',
    id,
    account: { iban: account.iban, otherId: account.otherId, currency, bic: account.bic, ownerName: null },
    createdAt: null,
    openingBalance: opening?.amount ?? null,
    closingBalance: closing?.amount ?? null,
    entries,
  };
  const unbalanced = checkStatementBalance(statement, `line ${closing?.line ?? raw.line}`);
  if (unbalanced !== null) {
    issues.push(unbalanced);
    return null;
  }
  return statement;
};

/**
 * Reads an MT940 file of one or more statements. Every statement must add up (opening + credits −
 * debits = closing); on any problem nothing is returned but the issues, each with its line.
 */
export const parseMt940 = (content: string | Uint8Array): StatementParseResult => {
  const text = decodeStatementText(content);
  if (text.trim() === '')
    return { ok: false, issues: [{ location: 'line 1', message: 'the file is empty' }] };
  const issues: Issues = [];
  const raws = groupStatements(splitFields(text), issues);
  if (raws.length === 0 && issues.length === 0) {
    return { ok: false, issues: [{ location: 'line 1', message: 'no MT940 statement: no :20: field' }] };
  }
  const statements = raws.map((raw) => readStatement(raw, issues)).filter((statement) => statement !== null);
  if (issues.length === 0) return { ok: true, statements };
  const lineOf = (issue: StatementIssue): number => Number(issue.location.replace('line ', ''));
  return { ok: false, issues: issues.sort((a, b) => lineOf(a) - lineOf(b)) };
};

import {
  compareDates,
  formatDate,
  isDomainError,
  isKnownCurrency,
  isZero,
  parseDate,
  parseMoney,
  type Money,
  type PlainDate,
} from '@quittance/domain';
import { isCountryCode } from '../codes/countries';
import { normalizeLanguage } from '../codes/languages';
import { validateStructuredReference } from '../references/structured-reference';

export type InvoiceRow = {
  /** Physical line in the file (header = 1); for XLSX the sheet row number. */
  line: number;
  company: string;
  customerRef: string;
  customerName: string;
  customerType: 'business' | 'consumer';
  customerEmail: string | undefined;
  customerPhone: string | undefined;
  /** Upper-case ISO 3166-1 alpha-2. */
  customerCountry: string;
  /** Normalised (`fr`, `fr-BE`); defaulted from the country when the column is empty. */
  customerLanguage: string;
  invoiceNumber: string;
  issueDate: PlainDate;
  dueDate: PlainDate;
  /** Negative for a credit note. */
  amount: Money;
  /** Canonical RF or `+++…+++` form. */
  structuredReference: string | undefined;
};

export type FileIssue = { line: number; field: string | undefined; message: string };

export type InvoiceFileResult = { ok: true; rows: InvoiceRow[] } | { ok: false; issues: FileIssue[] };

/** One data row as read from the file: cell texts in header order. */
export type RawInvoiceRecord = { line: number; values: readonly string[] };

export const REQUIRED_COLUMNS = [
  'company',
  'customer_ref',
  'customer_name',
  'customer_type',
  'customer_country',
  'invoice_number',
  'issue_date',
  'due_date',
  'amount',
  'currency',
] as const;

export const OPTIONAL_COLUMNS = [
  'customer_email',
  'customer_phone',
  'customer_language',
  'structured_reference',
] as const;

type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

const KNOWN_COLUMNS: ReadonlySet<string> = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

const DEFAULT_LANGUAGE_BY_COUNTRY: Readonly<Record<string, string>> = {
  FR: 'fr',
  BE: 'fr',
  DE: 'de',
  AT: 'de',
  GB: 'en',
  ES: 'es',
  NL: 'nl',
  IT: 'it',
};

// Deliberately simple: one @, no spaces, a dot in the domain, no empty labels.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

type ColumnIndex = ReadonlyMap<Column, number>;

/** Maps header cells (case-insensitive, trimmed) to column positions, or reports what is wrong. */
export const readHeader = (
  cells: readonly string[],
  line: number,
): { ok: true; columns: ColumnIndex } | { ok: false; issues: FileIssue[] } => {
  const columns = new Map<Column, number>();
  const issues: FileIssue[] = [];
  cells.forEach((cell, index) => {
    const name = cell.trim().toLowerCase();
    if (!KNOWN_COLUMNS.has(name)) return;
    const column = name as Column;
    const earlier = columns.get(column);
    if (earlier !== undefined) {
      issues.push({
        line,
        field: column,
        message: `column "${column}" appears twice (columns ${earlier + 1} and ${index + 1})`,
      });
      return;
    }
    columns.set(column, index);
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!columns.has(column)) {
      issues.push({ line, field: column, message: `required column "${column}" is missing from the header` });
    }
  }
  return issues.length === 0 ? { ok: true, columns } : { ok: false, issues };
};

const messageOf = (error: unknown): string => {
  if (isDomainError(error)) return error.message;
  throw error;
};

type FirstSeen<T> = { value: T; line: number };

/**
 * Validates every data row and the rules across rows (duplicate invoices, a customer described
 * differently on two lines). Returns all issues, or the rows when there are none.
 */
export const validateInvoiceRecords = (
  columns: ColumnIndex,
  records: readonly RawInvoiceRecord[],
): InvoiceFileResult => {
  const issues: FileIssue[] = [];
  const rows: InvoiceRow[] = [];
  const invoices = new Map<string, number>();
  const customerTypes = new Map<string, FirstSeen<InvoiceRow['customerType']>>();
  const customerCountries = new Map<string, FirstSeen<string>>();

  for (const { line, values } of records) {
    const issuesBefore = issues.length;
    const issue = (field: Column, message: string): void => {
      issues.push({ line, field, message });
    };
    const text = (column: Column): string => {
      const index = columns.get(column);
      return index === undefined ? '' : (values[index] ?? '').trim();
    };
    const required = (column: Column): string => {
      const value = text(column);
      if (value === '') issue(column, `${column} is required`);
      return value;
    };
    const optional = (column: Column): string | undefined => {
      const value = text(column);
      return value === '' ? undefined : value;
    };
    const date = (column: 'issue_date' | 'due_date'): PlainDate | undefined => {
      const value = required(column);
      if (value === '') return undefined;
      try {
        return parseDate(value);
      } catch (error) {
        issue(column, messageOf(error));
        return undefined;
      }
    };

    const company = required('company');
    const customerRef = required('customer_ref');
    const customerName = required('customer_name');

    const typeText = required('customer_type');
    const customerType = typeText.toLowerCase();
    if (typeText !== '' && customerType !== 'business' && customerType !== 'consumer') {
      issue('customer_type', `customer_type "${typeText}" must be business or consumer`);
    }

    const countryText = required('customer_country').toUpperCase();
    // UK is the reserved code many people write for GB; take it as meant.
    const customerCountry = countryText === 'UK' ? 'GB' : countryText;
    if (countryText !== '' && !isCountryCode(customerCountry)) {
      issue(
        'customer_country',
        `customer_country "${text('customer_country')}" is not an ISO 3166-1 alpha-2 code`,
      );
    }

    const languageText = optional('customer_language');
    const language = languageText === undefined ? undefined : normalizeLanguage(languageText);
    if (languageText !== undefined && language === undefined) {
      issue(
        'customer_language',
        `customer_language "${languageText}" is not an ISO 639-1 language such as fr or fr-BE`,
      );
    }
    const customerLanguage = language ?? DEFAULT_LANGUAGE_BY_COUNTRY[customerCountry] ?? 'en';

    const customerEmail = optional('customer_email');
    if (customerEmail !== undefined && !EMAIL.test(customerEmail)) {
      issue('customer_email', `customer_email "${customerEmail}" is not a valid e-mail address`);
    }
    const customerPhone = optional('customer_phone');

    const invoiceNumber = required('invoice_number');
    const issueDate = date('issue_date');
    const dueDate = date('due_date');
    if (issueDate !== undefined && dueDate !== undefined && compareDates(dueDate, issueDate) < 0) {
      issue('due_date', `due_date ${formatDate(dueDate)} is before issue_date ${formatDate(issueDate)}`);
    }

    const currencyText = required('currency');
    const currency = currencyText.toUpperCase();
    const currencyKnown = currencyText !== '' && isKnownCurrency(currency);
    if (currencyText !== '' && !currencyKnown) {
      issue('currency', `unknown currency "${currencyText}", expected an ISO 4217 code such as EUR`);
    }
    const amountText = required('amount');
    let amount: Money | undefined;
    if (amountText !== '') {
      try {
        // Without a known currency only the syntax can be checked; EUR stands in for it.
        const parsed = parseMoney(amountText, currencyKnown ? currency : 'EUR');
        if (isZero(parsed))
          issue('amount', 'amount is zero; an invoice or a credit note needs a non-zero amount');
        amount = parsed;
      } catch (error) {
        const message = messageOf(error);
        if (currencyKnown || !/decimals/.test(message)) issue('amount', message);
      }
    }

    const referenceText = optional('structured_reference');
    let structuredReference: string | undefined;
    if (referenceText !== undefined) {
      const reference = validateStructuredReference(referenceText);
      if (reference.ok) structuredReference = reference.normalized;
      else issue('structured_reference', reference.reason);
    }

    if (company !== '' && invoiceNumber !== '') {
      const key = JSON.stringify([company, invoiceNumber]);
      const earlier = invoices.get(key);
      if (earlier === undefined) invoices.set(key, line);
      else {
        issue(
          'invoice_number',
          `invoice "${invoiceNumber}" of company "${company}" already appears on line ${earlier}`,
        );
      }
    }

    if (customerRef !== '') {
      if (customerType === 'business' || customerType === 'consumer') {
        const first = customerTypes.get(customerRef);
        if (first === undefined) customerTypes.set(customerRef, { value: customerType, line });
        else if (first.value !== customerType) {
          issue(
            'customer_type',
            `customer "${customerRef}" is ${customerType} here but ${first.value} on line ${first.line}`,
          );
        }
      }
      if (isCountryCode(customerCountry)) {
        const first = customerCountries.get(customerRef);
        if (first === undefined) customerCountries.set(customerRef, { value: customerCountry, line });
        else if (first.value !== customerCountry) {
          issue(
            'customer_country',
            `customer "${customerRef}" is in ${customerCountry} here but in ${first.value} on line ${first.line}`,
          );
        }
      }
    }

    if (
      issues.length === issuesBefore &&
      (customerType === 'business' || customerType === 'consumer') &&
      issueDate !== undefined &&
      dueDate !== undefined &&
      amount !== undefined
    ) {
      rows.push({
        line,
        company,
        customerRef,
        customerName,
        customerType,
        customerEmail,
        customerPhone,
        customerCountry,
        customerLanguage,
        invoiceNumber,
        issueDate,
        dueDate,
        amount,
        structuredReference,
      });
    }
  }

  return issues.length === 0 ? { ok: true, rows } : { ok: false, issues };
};

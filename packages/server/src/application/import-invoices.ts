import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import {
  moneyToDto,
  formatDate,
  type CaseCommand,
  type ContactPoint,
  type PartyDetails,
} from '@quittance/domain';
import { parseInvoiceFile, type FileIssue, type InvoiceRow } from '@quittance/formats';
import type { Tx } from '../db/tenancy';
import type { CommandContext } from './context';
import { caseStream, ensureCompany, openCaseIn, partyStream, registerPartyIn } from './cases.commands';
import { executeOnStream, inTenantTransaction } from './stream-command';

export type InvoiceImportSummary = {
  file: string;
  lines: number;
  /** Customers new in this run. */
  customers: number;
  /** Customers already known whose details changed (name, contacts, ...). */
  customersUpdated: number;
  /** Cases opened in this run. */
  cases: number;
  /** Items new in this run. */
  items: number;
  /** Items already imported before: skipped, nothing changed. */
  duplicates: number;
  /** Already-imported items whose amount or dates differ in this file: reported, not changed. */
  conflicts: { line: number; invoice: string; message: string }[];
  companies: number;
};

/** A file that cannot be imported, with every problem found; nothing was written. */
export class ImportFileError extends Error {
  readonly file: string;
  readonly issues: readonly FileIssue[];

  constructor(file: string, issues: readonly FileIssue[]) {
    const first = issues
      .slice(0, 20)
      .map((i) => `${file}:${i.line}${i.field ? ` ${i.field}` : ''}: ${i.message}`);
    const more = issues.length > 20 ? [`… and ${issues.length - 20} more`] : [];
    super([`${file}: ${issues.length} problem(s), nothing imported`, ...first, ...more].join('\n'));
    this.name = 'ImportFileError';
    this.file = file;
    this.issues = issues;
  }
}

export const importInvoiceFile = async (
  ctx: CommandContext,
  filePath: string,
  content: Uint8Array,
): Promise<InvoiceImportSummary> => {
  const file = basename(filePath);
  const parsed = await parseInvoiceFile(content);
  if (!parsed.ok) throw new ImportFileError(file, parsed.issues);
  const sha256 = createHash('sha256').update(content).digest('hex');
  return importInvoiceRows(ctx, file, parsed.rows, sha256);
};

/**
 * Imports validated rows in one transaction: customers into the party registry, one
 * receivable-account case per customer, company and currency, and every item not imported
 * before. Idempotent on (company, invoice number): a second run adds nothing.
 */
export const importInvoiceRows = (
  ctx: CommandContext,
  file: string,
  rows: readonly InvoiceRow[],
  sha256: string,
): Promise<InvoiceImportSummary> =>
  inTenantTransaction(ctx, async (tx) => {
    const summary: InvoiceImportSummary = {
      file,
      lines: rows.length,
      customers: 0,
      customersUpdated: 0,
      cases: 0,
      items: 0,
      duplicates: 0,
      conflicts: [],
      companies: 0,
    };

    const companiesBefore = await countCompanies(tx);
    for (const code of new Set(rows.map((r) => r.company))) await ensureCompany(tx, ctx, code);
    summary.companies = (await countCompanies(tx)) - companiesBefore;

    // Customers: the first line of each customer reference carries its details.
    const partyIds = new Map<string, string>();
    for (const row of firstRowPerKey(rows, (r) => r.customerRef)) {
      const details = partyDetailsFrom(row);
      const existing = await tx
        .selectFrom('parties')
        .select('id')
        .where('reference', '=', row.customerRef)
        .executeTakeFirst();
      if (existing) {
        partyIds.set(row.customerRef, existing.id);
        const result = await executeOnStream(tx, ctx, partyStream, existing.id, [
          { type: 'ChangePartyDetails', data: mergeContacts(details) },
        ]);
        if (result.events.length > 0) summary.customersUpdated++;
      } else {
        const result = await registerPartyIn(tx, ctx, details);
        partyIds.set(row.customerRef, result.events[0]!.streamId);
        summary.customers++;
      }
    }

    // Items already known, for idempotence and conflict reporting.
    const known = await knownItems(tx, rows);

    const byCase = new Map<string, InvoiceRow[]>();
    for (const row of rows) {
      const key = `${row.company}\u0000${row.customerRef}\u0000${row.amount.currency}`;
      byCase.set(key, [...(byCase.get(key) ?? []), row]);
    }
    for (const caseRows of byCase.values()) {
      const first = caseRows[0]!;
      const partyId = partyIds.get(first.customerRef)!;
      const fresh: InvoiceRow[] = [];
      for (const row of caseRows) {
        const before = known.get(`${row.company}\u0000${row.invoiceNumber}`);
        if (!before) {
          fresh.push(row);
          continue;
        }
        summary.duplicates++;
        const differs = describeDifference(before, row);
        if (differs) summary.conflicts.push({ line: row.line, invoice: row.invoiceNumber, message: differs });
      }
      if (fresh.length === 0) continue;

      let caseId = (
        await tx
          .selectFrom('cases')
          .select('id')
          .where('case_type', '=', 'receivable_account')
          .where('status', '=', 'open')
          .where('company_code', '=', first.company)
          .where('debtor_party_id', '=', partyId)
          .where('currency', '=', first.amount.currency)
          .executeTakeFirst()
      )?.id;
      if (!caseId) {
        const opened = await openCaseIn(tx, ctx, {
          caseType: 'receivable_account',
          company: first.company,
          currency: first.amount.currency,
          debtorId: partyId,
          customFields: {},
        });
        caseId = opened.events[0]!.streamId;
        summary.cases++;
      }
      const commands: CaseCommand[] = fresh.map((row) => ({
        type: 'AddFinancialItem',
        data: {
          itemId: uuidv7(),
          number: row.invoiceNumber,
          issueDate: formatDate(row.issueDate),
          dueDate: formatDate(row.dueDate),
          amount: moneyToDto(row.amount),
          structuredReference: row.structuredReference ?? null,
        },
      }));
      const result = await executeOnStream(tx, ctx, caseStream, caseId, commands);
      summary.items += result.events.filter((e) => e.type === 'FinancialItemAdded').length;
    }

    await tx
      .insertInto('import_runs')
      .values({
        tenant_id: ctx.tenant.id,
        id: uuidv7(),
        kind: 'invoices',
        file_name: file,
        sha256,
        summary: JSON.stringify(summary),
        actor: JSON.stringify(ctx.actor),
      })
      .execute();
    return summary;
  });

const countCompanies = async (tx: Tx): Promise<number> => {
  const row = await tx
    .selectFrom('companies')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

const firstRowPerKey = <T>(rows: readonly T[], key: (row: T) => string): T[] => {
  const seen = new Map<string, T>();
  for (const row of rows) if (!seen.has(key(row))) seen.set(key(row), row);
  return [...seen.values()];
};

const partyDetailsFrom = (row: InvoiceRow): PartyDetails => {
  const contacts: ContactPoint[] = [];
  if (row.customerEmail) contacts.push({ kind: 'email', value: row.customerEmail, optOut: false });
  if (row.customerPhone) contacts.push({ kind: 'phone', value: row.customerPhone, optOut: false });
  return {
    kind: row.customerType === 'consumer' ? 'person' : 'organisation',
    reference: row.customerRef,
    name: row.customerName,
    customerType: row.customerType,
    country: row.customerCountry,
    language: row.customerLanguage,
    identifiers: [],
    addresses: [],
    contacts,
  };
};

/**
 * An accounting re-sync updates identity fields but must not wipe contacts entered by hand or
 * imported before; contacts are only ever added by an import. (Empty contact lists are left out.)
 */
const mergeContacts = (details: PartyDetails): Partial<PartyDetails> => {
  const { contacts, identifiers: _identifiers, addresses: _addresses, ...rest } = details;
  return contacts.length === 0 ? rest : { ...rest, contacts };
};

type KnownItem = { number: string; amount: string; currency: string; issueDate: string; dueDate: string };

const knownItems = async (tx: Tx, rows: readonly InvoiceRow[]): Promise<Map<string, KnownItem>> => {
  const numbers = [...new Set(rows.map((r) => r.invoiceNumber))];
  const known = new Map<string, KnownItem>();
  for (let i = 0; i < numbers.length; i += 1000) {
    const found = await tx
      .selectFrom('financial_items')
      .select(['company_code', 'number', 'amount_minor', 'currency', 'issue_date', 'due_date'])
      .where('number', 'in', numbers.slice(i, i + 1000))
      .execute();
    for (const f of found) {
      known.set(`${f.company_code}\u0000${f.number}`, {
        number: f.number,
        amount: moneyToDto({ amountMinor: BigInt(f.amount_minor), currency: f.currency.trim() }).amount,
        currency: f.currency.trim(),
        issueDate: f.issue_date,
        dueDate: f.due_date,
      });
    }
  }
  return known;
};

const describeDifference = (before: KnownItem, row: InvoiceRow): string | undefined => {
  const now = moneyToDto(row.amount);
  const diffs: string[] = [];
  if (before.amount !== now.amount || before.currency !== now.currency) {
    diffs.push(
      `amount ${before.amount} ${before.currency} imported before, ${now.amount} ${now.currency} now`,
    );
  }
  if (before.dueDate !== formatDate(row.dueDate))
    diffs.push(`due date ${before.dueDate} before, ${formatDate(row.dueDate)} now`);
  if (before.issueDate !== formatDate(row.issueDate)) {
    diffs.push(`issue date ${before.issueDate} before, ${formatDate(row.issueDate)} now`);
  }
  return diffs.length
    ? `invoice already imported with different data (${diffs.join('; ')}); left unchanged`
    : undefined;
};

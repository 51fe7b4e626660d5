import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import {
  buildMatchIndex,
  DomainError,
  decideBankEntry,
  evolveBankEntry,
  initialBankEntryState,
  matchPayment,
  moneyToDto,
  type BankEntryCommand,
  type BankEntryEvent,
  type BankEntryState,
  type CaseCommand,
  type DebtComponent,
  type MatchCandidate,
  type OpenItem,
} from '@quittance/domain';
import {
  detectStatementFormat,
  normalizeIban,
  parseBankStatement,
  type BankEntry,
  type BankStatement,
  type CsvBankMapping,
  type StatementIssue,
} from '@quittance/formats';
import { withTenant, type Tx } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import { caseStream, newId, runCaseCommandsIn } from '../application/cases.commands';
import { directDebitCase, isOwnCollection } from '../agreements/direct-debits';
import { executeOnStream, inTenantTransaction, type StreamSpec } from '../application/stream-command';

export const bankEntryStream: StreamSpec<BankEntryState, BankEntryCommand, BankEntryEvent> = {
  streamType: 'bank-entry',
  initial: initialBankEntryState,
  evolve: evolveBankEntry,
  decide: decideBankEntry,
};

/** A statement that cannot be imported, with every problem found; nothing was written. */
export class StatementFileError extends Error {
  readonly file: string;
  readonly issues: readonly StatementIssue[];

  constructor(file: string, issues: readonly StatementIssue[]) {
    super(
      [
        `${file}: ${issues.length} problem(s), nothing imported`,
        ...issues.slice(0, 20).map((i) => `${file}: ${i.location}: ${i.message}`),
      ].join('\n'),
    );
    this.name = 'StatementFileError';
    this.file = file;
    this.issues = issues;
  }
}

export type StatementAllocation = {
  entry: string;
  invoice: string;
  amount: string;
  currency: string;
  rule: string;
};

export type StatementImportSummary = {
  format: string;
  statements: number;
  entries: number;
  imported: number;
  duplicates: number;
  matched: number;
  partial: number;
  unmatched: number;
  movements: number;
  /** Returned direct debits of ours, reversed on their cases. */
  returns: number;
  allocations: StatementAllocation[];
};

export const importStatementFile = async (
  ctx: CommandContext,
  filePath: string,
  content: Uint8Array,
  options: { account?: string | undefined } = {},
): Promise<StatementImportSummary> => {
  const file = basename(filePath);
  // A CSV export has no standard layout: it is read with the mapping saved for its account.
  const known = detectStatementFormat(content) !== null;
  const csvMapping =
    !known && options.account
      ? await withTenant(ctx.db, ctx.tenant.id, (tx) => savedCsvMapping(tx, options.account!))
      : undefined;
  if (!known && !csvMapping) {
    throw new StatementFileError(file, [
      {
        location: 'file',
        message: options.account
          ? `not camt or MT940, and no CSV mapping is saved for account ${options.account}`
          : 'not camt or MT940; for a CSV export, name the bank account whose saved CSV mapping reads it',
      },
    ]);
  }
  const parsed = parseBankStatement(content, csvMapping ? { csvMapping } : {});
  if (!parsed.ok) throw new StatementFileError(file, parsed.issues);
  const digest = createHash('sha256').update(content).digest('hex');
  return importStatements(ctx, file, parsed.statements, digest);
};

/**
 * Imports statements in one transaction. Each new entry becomes a `bank-entry` stream; a credit
 * is matched against the open items: above the tenant's threshold it is assigned to the case of
 * the best candidate — a payment, allocated as the candidate says — otherwise it waits in the
 * unallocated queue with its suggestions. Debits are recorded as bank movements only. An entry
 * already imported (same account, bank reference, amount, booking date and side) is a duplicate.
 */
export const importStatements = (
  ctx: CommandContext,
  file: string,
  statements: readonly BankStatement[],
  sha256: string,
): Promise<StatementImportSummary> =>
  inTenantTransaction(ctx, async (tx) => {
    const summary: StatementImportSummary = {
      format: statements[0]?.format ?? 'unknown',
      statements: statements.length,
      entries: 0,
      imported: 0,
      duplicates: 0,
      matched: 0,
      partial: 0,
      unmatched: 0,
      movements: 0,
      returns: 0,
      allocations: [],
    };
    const settings = await tenantSettings(tx, ctx.tenant.id);
    const openItems = await loadOpenItems(tx);
    const index = buildMatchIndex(openItems.items);
    for (const statement of statements) {
      const accountId = await ensureBankAccount(tx, ctx, statement);
      for (const entry of statement.entries) {
        summary.entries++;
        if (entry.status !== 'booked') continue;
        const duplicate = await tx
          .selectFrom('bank_entries')
          .select('id')
          .where('bank_account_id', '=', accountId)
          .where('bank_reference', '=', entry.bankReference)
          .where('amount_minor', '=', entry.amount.amountMinor)
          .where('booking_date', '=', entry.bookingDate)
          .where('direction', '=', entry.direction)
          .executeTakeFirst();
        if (duplicate) {
          summary.duplicates++;
          continue;
        }
        summary.imported++;
        const entryId = uuidv7();
        const imported = importCommand(accountId, statement, entry);
        await executeOnStream(tx, ctx, bankEntryStream, entryId, [imported]);
        if (entry.direction === 'debit') {
          // A returned SEPA direct debit of ours reverses the installment's payment (issue 8).
          for (const t of entry.transactions) {
            const caseId = t.endToEndId === null ? null : await directDebitCase(tx, t.endToEndId);
            if (caseId === null || t.endToEndId === null) continue;
            await runCaseCommandsIn(tx, ctx, caseId, [
              {
                type: 'ReturnDirectDebit',
                data: {
                  endToEndId: t.endToEndId,
                  reason: t.returnReason ?? 'returned',
                  returnedOn: entry.bookingDate,
                  bankReference: entry.bankReference,
                },
              },
            ]);
            summary.returns++;
          }
          summary.movements++;
          continue;
        }
        // The credit of our own direct-debit file: already booked installment by installment.
        if (
          await isOwnCollection(tx, {
            endToEndIds: entry.transactions.flatMap((t) => (t.endToEndId === null ? [] : [t.endToEndId])),
            texts: [...imported.data.remittance, entry.bankReference],
          })
        ) {
          summary.movements++;
          continue;
        }
        const candidates = matchPayment(
          {
            amount: entry.amount,
            counterpartyName: imported.data.counterpartyName,
            counterpartyIban: imported.data.counterpartyIban,
            structuredReferences: imported.data.structuredReferences,
            remittanceText: imported.data.remittance,
            endToEndId: imported.data.endToEndId,
          },
          index,
        );
        const best = candidates[0];
        const auto = best !== undefined && best.confidence >= settings.threshold;
        await executeOnStream(tx, ctx, bankEntryStream, entryId, [
          {
            type: 'RecordMatch',
            data: {
              threshold: settings.threshold,
              decision: auto ? 'auto' : 'queued',
              suggestions: candidates.slice(0, 5).map(toSuggestion),
            },
          },
        ]);
        if (!auto || !best) {
          summary.unmatched++;
          continue;
        }
        await assignToCase(tx, ctx, entryId, {
          caseId: best.caseId,
          amount: entry.amount,
          allocations: best.allocations,
          rule: best.rule,
          mode: 'auto',
          receivedOn: entry.bookingDate,
          bankReference: entry.bankReference,
          payer: imported.data.counterpartyName,
        });
        const fullyAllocated =
          best.allocations.reduce((total, a) => total + a.amount.amountMinor, 0n) ===
            entry.amount.amountMinor &&
          best.allocations.every(
            (a) => a.amount.amountMinor === openItems.byId.get(a.itemId)?.outstanding.amountMinor,
          );
        if (fullyAllocated) summary.matched++;
        else summary.partial++;
        for (const a of best.allocations) {
          summary.allocations.push({
            entry: entry.bankReference,
            invoice: openItems.byId.get(a.itemId)?.number ?? a.itemId,
            ...moneyToDto(a.amount),
            rule: best.rule,
          });
        }
      }
    }
    await tx
      .insertInto('import_runs')
      .values({
        tenant_id: ctx.tenant.id,
        id: uuidv7(),
        kind: 'statement',
        file_name: file,
        sha256,
        summary: JSON.stringify(summary),
        actor: JSON.stringify(ctx.actor),
      })
      .execute();
    return summary;
  });

export type Assignment = {
  caseId: string;
  amount: { amountMinor: bigint; currency: string };
  allocations: readonly {
    itemId: string | null;
    component?: DebtComponent;
    amount: { amountMinor: bigint; currency: string };
  }[];
  rule: string | null;
  mode: 'auto' | 'manual';
  receivedOn: string;
  bankReference: string;
  payer: string | null;
};

/**
 * Assigns (part of) a bank entry to a case: the entry records the assignment, the case records
 * a payment of that amount and its allocations — all in the caller's transaction.
 */
export const assignToCase = async (
  tx: Tx,
  ctx: CommandContext,
  entryId: string,
  a: Assignment,
): Promise<string> => {
  const paymentId = newId();
  await executeOnStream(tx, ctx, bankEntryStream, entryId, [
    {
      type: 'AssignBankEntry',
      data: { caseId: a.caseId, paymentId, amount: moneyToDto(a.amount), rule: a.rule, mode: a.mode },
    },
  ]);
  const commands: CaseCommand[] = [
    {
      type: 'ReceivePayment',
      data: {
        paymentId,
        amount: moneyToDto(a.amount),
        receivedOn: a.receivedOn,
        method: 'bank_transfer',
        payer: a.payer,
        bankReference: a.bankReference,
      },
    },
    ...a.allocations.map((allocation): CaseCommand => ({
      type: 'AllocatePayment',
      data: {
        allocationId: newId(),
        paymentId,
        itemId: allocation.itemId,
        component: allocation.component ?? 'principal',
        amount: moneyToDto(allocation.amount),
        allocatedOn: a.receivedOn,
      },
    })),
  ];
  await executeOnStream(tx, ctx, caseStream, a.caseId, commands);
  return paymentId;
};

const toSuggestion = (c: MatchCandidate) => ({
  rule: c.rule,
  confidence: c.confidence,
  caseId: c.caseId,
  explanation: c.explanation,
  allocations: c.allocations.map((a) => ({ itemId: a.itemId, amount: moneyToDto(a.amount) })),
});

const importCommand = (
  bankAccountId: string,
  statement: BankStatement,
  entry: BankEntry,
): Extract<BankEntryCommand, { type: 'ImportBankEntry' }> => {
  const tx = entry.transactions[0];
  return {
    type: 'ImportBankEntry',
    data: {
      bankAccountId,
      statementId: statement.id,
      format: statement.format,
      location: entry.location,
      bankReference: entry.bankReference,
      bookingDate: entry.bookingDate,
      valueDate: entry.valueDate,
      direction: entry.direction,
      amount: moneyToDto(entry.amount),
      counterpartyName: tx?.counterparty.name ?? null,
      counterpartyIban: tx?.counterparty.iban ?? null,
      endToEndId: tx?.endToEndId ?? null,
      remittance: entry.transactions.flatMap((t) => t.remittance.unstructured),
      structuredReferences: entry.transactions.flatMap((t) => t.remittance.structured),
    },
  };
};

const ensureBankAccount = async (tx: Tx, ctx: CommandContext, statement: BankStatement): Promise<string> => {
  const { iban, otherId, currency, bic, ownerName } = statement.account;
  const found = await tx
    .selectFrom('bank_accounts')
    .select('id')
    .where((eb) => (iban ? eb('iban', '=', iban) : eb('other_id', '=', otherId ?? statement.id)))
    .executeTakeFirst();
  if (found) return found.id;
  const id = uuidv7();
  await tx
    .insertInto('bank_accounts')
    .values({
      tenant_id: ctx.tenant.id,
      id,
      iban,
      other_id: iban ? otherId : (otherId ?? statement.id),
      bic,
      currency,
      owner_name: ownerName,
      csv_mapping: JSON.stringify(null),
    })
    .execute();
  return id;
};

/** The CSV mapping saved for a bank account (by IBAN). */
export const savedCsvMapping = async (tx: Tx, account: string): Promise<CsvBankMapping | undefined> => {
  const iban = normalizeIban(account) ?? account;
  const row = await tx
    .selectFrom('bank_accounts')
    .select('csv_mapping')
    .where('iban', '=', iban)
    .executeTakeFirst();
  return (row?.csv_mapping as CsvBankMapping | null) ?? undefined;
};

/** Saves how a bank's CSV export reads (D3), creating the account if it is new. */
export const saveCsvMapping = async (tx: Tx, ctx: CommandContext, mapping: CsvBankMapping): Promise<void> => {
  const iban = normalizeIban(mapping.account.iban);
  if (!iban) throw new DomainError('validation_failed', `"${mapping.account.iban}" is not a valid IBAN`);
  const normalized = { ...mapping, account: { ...mapping.account, iban } };
  const updated = await tx
    .updateTable('bank_accounts')
    .set({ csv_mapping: JSON.stringify(normalized) })
    .where('iban', '=', iban)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) {
    await tx
      .insertInto('bank_accounts')
      .values({
        tenant_id: ctx.tenant.id,
        id: uuidv7(),
        iban,
        other_id: null,
        bic: null,
        currency: mapping.account.currency,
        owner_name: null,
        csv_mapping: JSON.stringify(normalized),
      })
      .execute();
  }
};

export const tenantSettings = async (tx: Tx, tenantId: string) => {
  await tx
    .insertInto('tenant_settings')
    .values({ tenant_id: tenantId })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  const row = await tx
    .selectFrom('tenant_settings')
    .select(['auto_allocation_threshold', 'allocation_policy'])
    .executeTakeFirstOrThrow();
  return { threshold: row.auto_allocation_threshold, policy: row.allocation_policy };
};

/** The tenant's open invoices, with their case and customer, for the matcher. */
export const loadOpenItems = async (tx: Tx) => {
  const rows = await tx
    .selectFrom('financial_items as i')
    .innerJoin('cases as c', 'c.id', 'i.case_id')
    .select([
      'i.id',
      'i.case_id',
      'i.number',
      'i.structured_reference',
      'i.outstanding_minor',
      'i.currency',
      'i.due_date',
      'c.debtor_party_id',
      'c.debtor_name',
    ])
    .where('i.kind', '=', 'invoice')
    .where('i.outstanding_minor', '>', 0n)
    .where('c.status', '=', 'open')
    .execute();
  const items: OpenItem[] = rows.map((r) => ({
    itemId: r.id,
    caseId: r.case_id,
    customerId: r.debtor_party_id ?? r.case_id,
    customerName: r.debtor_name ?? '',
    number: r.number,
    structuredReference: r.structured_reference,
    outstanding: { amountMinor: BigInt(r.outstanding_minor), currency: r.currency.trim() },
    dueDate: r.due_date,
  }));
  return { items, byId: new Map(items.map((i) => [i.itemId, i])) };
};
